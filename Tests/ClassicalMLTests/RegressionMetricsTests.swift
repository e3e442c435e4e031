import XCTest
@testable import ClassicalML

final class RegressionMetricsTests: XCTestCase {
    private let truth = Tensor<Double>([3, -0.5, 2, 7])
    private let predicted = Tensor<Double>([2.5, 0, 2, 8])

    func testHandCase() {
        // Errors 0.5, −0.5, 0, −1.
        XCTAssertEqual(meanSquaredError(truth, predicted), (0.25 + 0.25 + 0 + 1) / 4)
        XCTAssertEqual(meanAbsoluteError(truth, predicted), 2.0 / 4)
        // ȳ = 2.875, Σ(y − ȳ)² = 29.1875, residual 1.5.
        XCTAssertEqual(r2Score(truth, predicted), 1 - 1.5 / 29.1875, accuracy: 1e-15)
        XCTAssertEqual(r2Score(truth, truth), 1)
        XCTAssertEqual(r2Score(truth, Tensor.filled(2.875, shape: [4])), 0, accuracy: 1e-15)
    }

    func testMultiOutputIsTheUniformAverage() {
        let y = Tensor<Double>([[0.5, 1], [-1, 1], [7, -6]])
        let p = Tensor<Double>([[0, 2], [-1, 2], [8, -5]])
        let first = r2Score(Tensor([0.5, -1, 7]), Tensor([0, -1, 8]))
        let second = r2Score(Tensor([1, 1, -6]), Tensor([2, 2, -5]))
        XCTAssertEqual(r2Score(y, p), (first + second) / 2, accuracy: 1e-15)
        XCTAssertEqual(meanSquaredError(y, p), (0.25 + 1 + 0 + 1 + 1 + 1) / 6, accuracy: 1e-15)
    }

    func testConstantTargetScoresOneOnlyWhenExact() {
        let constant = Tensor<Double>([4, 4, 4])
        XCTAssertEqual(r2Score(constant, constant), 1)
        XCTAssertEqual(r2Score(constant, Tensor([4, 4, 5])), 0)
    }

    func testShapeMismatchIsMisuse() {
        XCTAssertEqual(trappedMessage { _ = meanSquaredError(Tensor<Double>([1, 2]), Tensor([1, 2, 3])) },
                       "meanSquaredError: yTrue 2 and yPredicted 3 must be vectors or matrices of the same shape")
    }
}
