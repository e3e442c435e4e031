import XCTest
@testable import ClassicalML

final class RidgeTests: XCTestCase {
    // X = [[1, 2], [3, 4], [5, 7]], y = [1, 2, 4], λ = 0.5; the closed forms below are worked by hand.
    private let x = Tensor<Double>([[1, 2], [3, 4], [5, 7]])
    private let y = Tensor<Double>([1, 2, 4])

    func testThreeByTwoWithoutInterceptMatchesClosedForm() throws {
        // XᵀX + λI = [[35.5, 49], [49, 69.5]], det = 66.25, Xᵀy = [27, 38]
        // w = [69.5·27 − 49·38, −49·27 + 35.5·38] / 66.25 = [14.5, 26] / 66.25
        var model = Ridge<Double>(lambda: 0.5, fitIntercept: false)
        try model.fit(x, y)
        assertClose(model.coefficients, Tensor([14.5 / 66.25, 26 / 66.25]), tolerance: 1e-14)
        assertClose(model.intercept, Tensor([0]), tolerance: 0)
    }

    func testThreeByTwoWithInterceptMatchesClosedForm() throws {
        // Centred: x̄ = [3, 13/3], ȳ = 7/3, XcᵀXc + λI = [[8.5, 10], [10, 79/6]], det = 143/12,
        // Xcᵀyc = [6, 23/3]  ⇒  w = [28/143, 62/143], b = 7/3 − 3·28/143 − (13/3)·62/143 = −19/143.
        var model = Ridge<Double>(lambda: 0.5)
        try model.fit(x, y)
        assertClose(model.coefficients, Tensor([28.0 / 143, 62.0 / 143]), tolerance: 1e-14)
        assertClose(model.intercept, Tensor([-19.0 / 143]), tolerance: 1e-14)
        assertClose(try model.predict(Tensor([[0, 0]])), Tensor([-19.0 / 143]), tolerance: 1e-14)
    }

    func testInterceptIsNotPenalised() throws {
        // A huge penalty flattens the slope, but the intercept still reaches the mean of y.
        var model = Ridge<Double>(lambda: 1e12)
        try model.fit(x, y + 100)
        XCTAssertLessThan(model.coefficients.abs().max(), 1e-9)
        XCTAssertEqual(model.intercept[0], 100 + 7.0 / 3, accuracy: 1e-9)
    }

    func testZeroPenaltyIsOrdinaryLeastSquares() throws {
        let data = randomMatrix(25, 4, seed: 8)
        let target = Tensor((0..<25).map { data[$0, 0] - 2 * data[$0, 3] + 0.3 * sin(Double($0)) })
        var ridge = Ridge<Double>(lambda: 0)
        try ridge.fit(data, target)
        var ols = LinearRegression<Double>()
        try ols.fit(data, target)
        assertClose(ridge.coefficients, ols.coefficients, tolerance: 1e-12)
        assertClose(ridge.intercept, ols.intercept, tolerance: 1e-12)
    }

    func testWideDataUsesTheDualFormWithTheSameAnswer() throws {
        // 6 samples, 9 features: the solver takes the samples x samples route; compare with the
        // primal closed form (XcᵀXc + λI)⁻¹ Xcᵀyc solved directly.
        let data = randomMatrix(6, 9, seed: 21)
        let target = randomMatrix(6, 2, seed: 22)
        let lambda = 0.3
        var model = Ridge<Double>(lambda: lambda)
        try model.fit(data, target)
        let xMean = data.mean(alongDimension: 0), yMean = target.mean(alongDimension: 0)
        let xc = data - xMean, yc = target - yMean
        let expected = try solve(matmul(xc, xc, transposeA: true) + lambda * Tensor.eye(9), matmul(xc, yc, transposeA: true))
        assertClose(model.coefficients, expected, tolerance: 1e-12)
        assertClose(model.intercept, yMean - matmul(xMean, expected), tolerance: 1e-12)
        XCTAssertEqual(try model.predict(data).shape, [6, 2])
    }

    func testSingularSystemWithoutPenaltyThrows() {
        let data = Tensor<Double>([[1, 2], [2, 4], [3, 6]])
        var model = Ridge<Double>(lambda: 0)
        XCTAssertEqual(thrownError { try model.fit(data, Tensor([1, 2, 3])) },
                       .singularNormalEquations(operation: "Ridge.fit", column: 1))
        // Any positive penalty makes it solvable.
        var penalised = Ridge<Double>(lambda: 0.1)
        XCTAssertNoThrow(try penalised.fit(data, Tensor([1, 2, 3])))
    }

    func testNegativeLambdaIsMisuse() {
        XCTAssertEqual(trappedMessage { _ = Ridge<Double>(lambda: -1) },
                       "Ridge: lambda must be finite and non-negative, got -1.0")
    }
}
