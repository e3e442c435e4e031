import XCTest
@testable import WickCore

/// The decision table of ``BLAS/kernelDecision(features:currentKernel:variableSet:)`` and the
/// kernel facts Wick reports.
final class BLASKernelTests: XCTestCase {
    let avx512: CPUFeatures = [.sse3, .avx, .avx2, .fma, .avx512]
    let avx2: CPUFeatures = [.sse3, .avx, .avx2, .fma]
    let avxOnly: CPUFeatures = [.sse3, .avx]
    let sseOnly: CPUFeatures = [.sse3]

    func testAGenericKernelOnAVX512ChoosesSkylakeX() {
        for generic in ["Prescott", "Core2", "Nehalem", "penryn", "ATOM", "Barcelona"] {
            XCTAssertEqual(BLAS.kernelDecision(features: avx512, currentKernel: generic, variableSet: false), .switchTo("SkylakeX"), generic)
        }
    }

    func testAGenericKernelOnAVX2ChoosesHaswellAndOnAVXSandybridge() {
        XCTAssertEqual(BLAS.kernelDecision(features: avx2, currentKernel: "Prescott", variableSet: false), .switchTo("Haswell"))
        XCTAssertEqual(BLAS.kernelDecision(features: avxOnly, currentKernel: "Prescott", variableSet: false), .switchTo("Sandybridge"))
        // AVX2 without FMA (no such x86 CPU, but the table must not pick Haswell's FMA kernels).
        XCTAssertEqual(BLAS.kernelDecision(features: [.sse3, .avx, .avx2], currentKernel: "Prescott", variableSet: false),
                       .switchTo("Sandybridge"))
        // AVX-512 without one of the four subsets SkylakeX needs: Haswell.
        XCTAssertEqual(BLAS.kernelDecision(features: avx2.union([.avx512F, .avx512BW, .avx512DQ]), currentKernel: "Prescott",
                                           variableSet: false), .switchTo("Haswell"))
    }

    func testASetVariableIsNeverOverridden() {
        for features in [avx512, avx2, avxOnly, sseOnly] {
            for kernel in ["Prescott", "Haswell", "SkylakeX", "Unknown"] {
                XCTAssertEqual(BLAS.kernelDecision(features: features, currentKernel: kernel, variableSet: true), .variableSet)
            }
        }
    }

    func testAVectorKernelOpenBLASChoseIsKept() {
        // Haswell on an AVX-512 CPU is kept too: OpenBLAS chooses it on purpose on some processors.
        for kernel in ["Sandybridge", "Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"] {
            XCTAssertEqual(BLAS.kernelDecision(features: avx512, currentKernel: kernel, variableSet: false), .keep, kernel)
        }
    }

    func testNothingBetterOrAnUnknownKernelChangesNothing() {
        XCTAssertEqual(BLAS.kernelDecision(features: sseOnly, currentKernel: "Prescott", variableSet: false), .keep)
        XCTAssertEqual(BLAS.kernelDecision(features: [], currentKernel: "Prescott", variableSet: false), .keep)
        XCTAssertEqual(BLAS.kernelDecision(features: avx512, currentKernel: "ARMV8", variableSet: false), .keep)
        XCTAssertEqual(BLAS.kernelDecision(features: avx512, currentKernel: "", variableSet: false), .keep)
    }

    func testTheKernelInUseIsReportedAndPassesTheSelfCheck() {
        XCTAssertFalse(BLAS.kernel.isEmpty)
        XCTAssertTrue(BLAS.kernelSummary.contains("OpenBLAS kernel \(BLAS.kernel)"), BLAS.kernelSummary)
        XCTAssertTrue(BLAS.selfCheck())
        // The features are consistent with what the kernel needs: an AVX-512 kernel implies AVX-512.
        if ["SkylakeX", "Cooperlake", "SapphireRapids"].contains(BLAS.kernel) {
            XCTAssertTrue(BLAS.cpuFeatures.isSuperset(of: .avx512), "\(BLAS.cpuFeatures)")
        }
        XCTAssertEqual(CPUFeatures(rawValue: 0).description, "none")
        XCTAssertEqual(avx2.description, "SSE3 AVX AVX2 FMA")
    }
}
