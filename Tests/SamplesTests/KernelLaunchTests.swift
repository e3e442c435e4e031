import Foundation
import WickCore
import XCTest

/// Wick's programs start with a better OpenBLAS kernel when OpenBLAS would run a generic one, and
/// never override OPENBLAS_CORETYPE when it is set.
final class KernelLaunchTests: XCTestCase {
    /// OPENBLAS_CORETYPE as this test process has it (the machine may set it; tests never change it).
    let machineVariable = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]

    func testASampleReportsTheKernelItRunsWith() throws {
        let text = try runSample("xor", ["--verbose", "--output", temporaryOutput("xor-verbose")])
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("machine: ") }, text)
        XCTAssertTrue(line.contains("OpenBLAS kernel \(BLAS.kernel)"), String(line))
        XCTAssertTrue(line.contains(machineVariable.map { "OPENBLAS_CORETYPE=\($0)" } ?? "OpenBLAS's choice"), String(line))
    }

    func testOnAGenericKernelTheSampleRestartsWithTheRecommendedOneAndChecksIt() throws {
        // WICK_BLAS_KERNEL=pretend-generic: the launcher acts as if OpenBLAS had loaded Prescott.
        let text = try runSample("xor", ["--verbose", "--output", temporaryOutput("xor-kernel")],
                                 environment: ["WICK_BLAS_KERNEL": "pretend-generic"])
        let line = String(try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("machine: ") }, text))
        XCTAssertTrue(text.contains("XOR solved"), text)  // and the restarted program still computes right
        if let variable = machineVariable {
            XCTAssertTrue(line.contains("OPENBLAS_CORETYPE=\(variable)"), "set by the machine: never overridden; \(line)")
            return
        }
        switch BLAS.kernelDecision(features: BLAS.cpuFeatures, currentKernel: "Prescott", variableSet: false) {
        case let .switchTo(kernel):
            XCTAssertTrue(line.contains("OPENBLAS_CORETYPE=\(kernel)"), line)
            XCTAssertTrue(line.lowercased().contains("openblas kernel \(kernel.lowercased())"), line)
        case .keep, .variableSet:
            XCTAssertTrue(line.contains("OpenBLAS's choice"), line)
        }
    }

    func testASetVariableIsKept() throws {
        // The machine's own value when it sets one (tests never change it), else a kernel this CPU runs.
        let variable = machineVariable ?? (BLAS.cpuFeatures.isSuperset(of: [.avx2, .fma]) ? "Haswell" : "Prescott")
        let text = try runSample("xor", ["--verbose", "--output", temporaryOutput("xor-set")],
                                 environment: ["OPENBLAS_CORETYPE": variable, "WICK_BLAS_KERNEL": "pretend-generic"])
        let line = String(try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("machine: ") }, text))
        XCTAssertTrue(line.contains("OPENBLAS_CORETYPE=\(variable)"), line)
        XCTAssertTrue(line.lowercased().contains("openblas kernel \(variable.lowercased())"), line)
    }
}
