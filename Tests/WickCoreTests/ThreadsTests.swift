import XCTest
@testable import WickCore

/// The OpenBLAS controls.
final class ThreadsTests: XCTestCase {
    func testNumThreadsRoundTrips() {
        let original = BLAS.numThreads
        defer { BLAS.numThreads = original }
        XCTAssertGreaterThanOrEqual(original, 1)
        BLAS.numThreads = 1
        XCTAssertEqual(BLAS.numThreads, 1)
        BLAS.numThreads = 0
        XCTAssertEqual(BLAS.numThreads, 1, "below 1 means 1")
        // Results do not depend on the thread count.
        var g = RandomGenerator(seed: 3)
        let a: Tensor<Double> = randomTensor([64, 64], &g)
        let single = matmul(a, a)
        BLAS.numThreads = original
        XCTAssertTrue(matmul(a, a).isApproximatelyEqual(to: single, tolerance: 1e-12))
    }

    func testConfigurationNamesOpenBLAS() {
        XCTAssertTrue(BLAS.configuration.contains("OpenBLAS"), BLAS.configuration)
    }
}
