internal import CWickCPU
import Foundation

/// The CPU features that OpenBLAS's kernels use (CPUID), each counted only when the operating
/// system saves the registers it needs.
public struct CPUFeatures: OptionSet, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let sse3 = CPUFeatures(rawValue: UInt32(WICK_CPU_SSE3))
    public static let avx = CPUFeatures(rawValue: UInt32(WICK_CPU_AVX))
    public static let avx2 = CPUFeatures(rawValue: UInt32(WICK_CPU_AVX2))
    public static let fma = CPUFeatures(rawValue: UInt32(WICK_CPU_FMA))
    public static let avx512F = CPUFeatures(rawValue: UInt32(WICK_CPU_AVX512F))
    public static let avx512BW = CPUFeatures(rawValue: UInt32(WICK_CPU_AVX512BW))
    public static let avx512DQ = CPUFeatures(rawValue: UInt32(WICK_CPU_AVX512DQ))
    public static let avx512VL = CPUFeatures(rawValue: UInt32(WICK_CPU_AVX512VL))
    /// The four AVX-512 subsets OpenBLAS's SkylakeX kernels need.
    public static let avx512: CPUFeatures = [.avx512F, .avx512BW, .avx512DQ, .avx512VL]

    /// The features by name, e.g. `SSE3 AVX AVX2 FMA AVX-512F AVX-512BW AVX-512DQ AVX-512VL`.
    public var description: String {
        let names: [(CPUFeatures, String)] = [
            (.sse3, "SSE3"), (.avx, "AVX"), (.avx2, "AVX2"), (.fma, "FMA"), (.avx512F, "AVX-512F"),
            (.avx512BW, "AVX-512BW"), (.avx512DQ, "AVX-512DQ"), (.avx512VL, "AVX-512VL"),
        ]
        let present = names.filter { contains($0.0) }.map(\.1)
        return present.isEmpty ? "none" : present.joined(separator: " ")
    }
}

/// What Wick makes of OpenBLAS's kernel choice: ``BLAS/kernelDecision(features:currentKernel:variableSet:)``.
public enum BLASKernelDecision: Equatable, Sendable {
    /// `OPENBLAS_CORETYPE` is set, by the user or the machine: Wick never overrides it.
    case variableSet
    /// OpenBLAS runs a vector kernel (or one Wick does not know): nothing to do.
    case keep
    /// OpenBLAS runs a generic SSE kernel on a CPU that can run this better one.
    case switchTo(String)
}

extension BLAS {
    /// The kernel OpenBLAS runs, e.g. `"Cooperlake"`, `"Haswell"` or `"Prescott"`
    /// (`openblas_get_corename()`; ``configuration`` names the build's default target instead).
    public static var kernel: String { String(cString: wick_blas_kernel()) }

    /// The CPU's features that OpenBLAS's kernels use (CPUID leaves 1 and 7, with XGETBV).
    public static let cpuFeatures = CPUFeatures(rawValue: UInt32(wick_cpu_features()))

    /// The CPU's model name (its CPUID brand string, e.g. `"AMD EPYC 9B14"`), or `""`.
    public static let cpuModel: String = {
        var buffer = [CChar](repeating: 0, count: 80)
        wick_cpu_brand(&buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// The decision table behind ``recommendedCoreType``: with `OPENBLAS_CORETYPE` set, never
    /// change anything; when OpenBLAS runs one of its generic SSE kernels (Prescott, Core2,
    /// Nehalem, ...) on a CPU with AVX-512 F/BW/DQ/VL, AVX2 and FMA, or AVX, switch to
    /// `SkylakeX`, `Haswell` or `Sandybridge`; keep any vector kernel OpenBLAS chose.
    public static func kernelDecision(features: CPUFeatures, currentKernel: String, variableSet: Bool) -> BLASKernelDecision {
        var recommended: UnsafePointer<CChar>?
        switch wick_kernel_decision(UInt32(features.rawValue), currentKernel, variableSet ? 1 : 0, &recommended) {
        case WICK_KERNEL_VARIABLE_SET: return .variableSet
        case WICK_KERNEL_SWITCH: return recommended.map { .switchTo(String(cString: $0)) } ?? .keep
        default: return .keep
        }
    }

    /// The `OPENBLAS_CORETYPE` that would run this machine's matrix products faster, or nil when
    /// OpenBLAS's own choice is already good or the variable is set. OpenBLAS reads the variable
    /// only when it loads, so it must be in the environment when a program starts: Wick's samples
    /// and benchmarks restart themselves with it; another program is told on standard error
    /// (Docs/GettingStarted.md, "OpenBLAS's kernel").
    public static var recommendedCoreType: String? {
        let decision = kernelDecision(features: cpuFeatures, currentKernel: kernel,
                                      variableSet: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] != nil)
        if case let .switchTo(name) = decision { return name }
        return nil
    }

    /// Restarts the program (`/proc/self/exe`, the same arguments) with ``recommendedCoreType`` in
    /// `OPENBLAS_CORETYPE` when there is one, as Wick's samples do by themselves; the restarted
    /// program checks the kernel (``selfCheck()``) and falls back to OpenBLAS's own choice if the
    /// check fails. Returns at once when nothing is to change (the variable is set, OpenBLAS runs a
    /// vector kernel, or `WICK_BLAS_KERNEL=default`). Call it first thing in `main`, before any
    /// other thread starts: a restart replaces the process.
    public static func restartWithRecommendedKernel() {
        wick_launch_with_recommended_kernel(CommandLine.argc, CommandLine.unsafeArgv)
    }

    /// Checks the kernels now loaded: single and double precision matrix products of odd sizes
    /// against long double sums, and a LAPACK solve (`dgesv`) by its residual. True when all agree
    /// within rounding; what Wick's programs run before trusting a kernel they chose.
    public static func selfCheck() -> Bool { wick_blas_self_check() != 0 }

    /// One line for benchmark tables and `--verbose`: the CPU, its features, the kernel in use and
    /// where it came from, e.g. `AMD EPYC 9B14 (SSE3 AVX ... AVX-512VL); OpenBLAS kernel Cooperlake
    /// (OpenBLAS's choice)`.
    public static var kernelSummary: String {
        let variable = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        let origin = variable.map { "OPENBLAS_CORETYPE=\($0)" } ?? "OpenBLAS's choice"
        let advice = recommendedCoreType.map { "; \($0) would be faster" } ?? ""
        return "\(cpuModel.isEmpty ? "CPU" : cpuModel) (\(cpuFeatures)); OpenBLAS kernel \(kernel) (\(origin))\(advice)"
    }
}
