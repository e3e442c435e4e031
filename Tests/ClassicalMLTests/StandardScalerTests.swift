import XCTest
@testable import ClassicalML

final class StandardScalerTests: XCTestCase {
    func testHandCase() throws {
        // Column 0: mean 2, population deviation √(2/3); column 1: constant, left unscaled.
        let x = Tensor<Double>([[1, 5], [2, 5], [3, 5]])
        var scaler = StandardScaler<Double>()
        let z = try scaler.fitTransform(x)
        assertClose(scaler.mean, Tensor([2, 5]), tolerance: 0)
        assertClose(scaler.scale, Tensor([(2.0 / 3).squareRoot(), 1]), tolerance: 1e-15)
        let s = (1.5).squareRoot()  // 1 / √(2/3)
        assertClose(z, Tensor([[-s, 0], [0, 0], [s, 0]]), tolerance: 1e-15)
        assertClose(try scaler.inverseTransform(z), x, tolerance: 1e-15)
    }

    func testStandardisedColumnsHaveZeroMeanAndUnitVariance() throws {
        let x = randomMatrix(50, 3, seed: 80, low: -20, high: 60)
        var scaler = StandardScaler<Double>()
        let z = try scaler.fitTransform(x)
        assertClose(z.mean(alongDimension: 0), Tensor.zeros(shape: [3]), tolerance: 1e-14)
        assertClose((z * z).mean(alongDimension: 0), Tensor.ones(shape: [3]), tolerance: 1e-14)
    }

    func testOptionsSwitchOffCentringOrScaling() throws {
        let x = Tensor<Double>([[1, 10], [3, 30]])
        var centreOnly = StandardScaler<Double>(withStd: false)
        assertClose(try centreOnly.fitTransform(x), Tensor([[-1, -10], [1, 10]]), tolerance: 0)
        var scaleOnly = StandardScaler<Double>(withMean: false)
        assertClose(try scaleOnly.fitTransform(x), Tensor([[1, 1], [3, 3]]), tolerance: 1e-15)
    }

    func testWrongWidthAndUnfittedThrow() throws {
        var scaler = StandardScaler<Double>()
        XCTAssertEqual(thrownError { _ = try scaler.transform(Tensor([[1]])) }, .notFitted(estimator: "StandardScaler"))
        try scaler.fit(Tensor([[1, 2], [3, 4]]))
        XCTAssertEqual(thrownError { _ = try scaler.transform(Tensor([[1, 2, 3]])) },
                       .featureCountMismatch(operation: "StandardScaler.transform", expected: 2, actual: 3))
    }
}
