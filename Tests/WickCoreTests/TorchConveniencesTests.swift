import XCTest
import WickCore

/// `std`, `variance`, `randperm` and `Stopwatch`: Torch7's `x:std()`, `x:var()`,
/// `torch.randperm` and `torch.Timer`.
final class TorchConveniencesTests: XCTestCase {
    func testVarianceAndStdOfAllElementsAreUnbiasedByDefault() {
        let x = Tensor<Double>([2, 4, 4, 4, 5, 5, 7, 9])  // mean 5, squared deviations sum to 32
        XCTAssertEqual(x.variance(), 32.0 / 7, accuracy: 1e-12)
        XCTAssertEqual(x.variance(unbiased: false), 4, accuracy: 1e-12)
        XCTAssertEqual(x.std(), (32.0 / 7).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(x.std(unbiased: false), 2, accuracy: 1e-12)
        XCTAssertTrue(Tensor<Double>([3]).variance().isNaN, "one element has no unbiased variance")
        XCTAssertEqual(Tensor<Double>([3]).variance(unbiased: false), 0)
    }

    func testVarianceAlongADimensionRemovesIt() {
        let x = Tensor<Float>([[1, 2, 3], [3, 6, 3], [5, 10, 3]])
        XCTAssertEqual(x.variance(alongDimension: 0), Tensor([4, 16, 0]))
        XCTAssertEqual(x.std(alongDimension: 0), Tensor([2, 4, 0]))
        XCTAssertEqual(x.variance(alongDimension: 1), Tensor([1, 3, 13]))
        XCTAssertEqual(x.variance(alongDimension: -1, unbiased: false), Tensor([2.0 / 3, 2, 26.0 / 3]))
        // A middle dimension of a 2x2x2 tensor.
        let cube = Tensor<Double>.arange(0, 8).reshaped(2, 2, 2)
        XCTAssertEqual(cube.variance(alongDimension: 1).shape, [2, 2])
        XCTAssertEqual(cube.variance(alongDimension: 1), Tensor([[2, 2], [2, 2]]))
    }

    /// A large Float tensor whose Float-accumulated mean is far off: 3 million values near 1000
    /// with a spread of 1. The two-pass Double accumulation keeps the variance exact to Float's
    /// precision.
    func testVarianceOfALargeFloatTensorIsAccurate() {
        let n = 3_000_000
        let x = Tensor<Float>(shape: [n], scalars: (0..<n).map { 1000 + ($0 % 2 == 0 ? 1 : -1) })
        XCTAssertEqual(x.mean(), 1000)
        XCTAssertEqual(x.variance(unbiased: false), 1)
        XCTAssertEqual(x.std(), Float((Double(n) / Double(n - 1)).squareRoot()), accuracy: 1e-6)
    }

    func testMeanOfTwentyMillionFloatOnesIsExactlyOne() {
        let ones = Tensor<Float>.ones(shape: [20_000_000])
        XCTAssertEqual(ones.mean(), 1)
        XCTAssertEqual(ones.sum(), 20_000_000)
        XCTAssertEqual(ones.variance(), 0)
    }

    func testRandpermIsASeededPermutation() {
        manualSeed(7)
        let a = randperm(100)
        manualSeed(7)
        XCTAssertEqual(randperm(100), a)
        XCTAssertEqual(a.sorted(), Array(0..<100))
        XCTAssertNotEqual(a, Array(0..<100))
        XCTAssertEqual(randperm(0), [])
    }

    func testStopwatchCountsOnlyWhileRunning() throws {
        var watch = Stopwatch()
        XCTAssertTrue(watch.isRunning)
        usleep(20_000)
        let first = watch.time()
        XCTAssertGreaterThanOrEqual(first.real, 0.019)
        XCTAssertGreaterThanOrEqual(first.user, 0)
        XCTAssertGreaterThanOrEqual(first.sys, 0)
        watch.stop()
        let stopped = watch.time()
        usleep(20_000)
        XCTAssertEqual(watch.time(), stopped, "a stopped watch does not count")
        watch.resume()
        usleep(20_000)
        XCTAssertGreaterThanOrEqual(watch.time().real, stopped.real + 0.019)
        watch.reset()
        XCTAssertLessThan(watch.time().real, 0.015)
        XCTAssertTrue(watch.isRunning)
        watch.stop()
        watch.reset()
        XCTAssertEqual(watch.time().real, 0)
        XCTAssertFalse(watch.isRunning, "reset keeps a stopped watch stopped")
    }
}
