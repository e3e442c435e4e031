import XCTest
@testable import ClassicalML

final class LinearRegressionTests: XCTestCase {
    /// y = 3 − 2 x₀ + 0.5 x₁ + 4 x₂, no noise.
    private func noiselessData(samples: Int = 40) -> (Tensor<Double>, Tensor<Double>) {
        let x = randomMatrix(samples, 3, seed: 11, low: -5, high: 5)
        let y = Tensor((0..<samples).map { 3 - 2 * x[$0, 0] + 0.5 * x[$0, 1] + 4 * x[$0, 2] })
        return (x, y)
    }

    func testRecoversGeneratingCoefficientsExactly() throws {
        let (x, y) = noiselessData()
        for solver in [LinearRegression<Double>.Solver.leastSquares, .normalEquations] {
            var model = LinearRegression<Double>(solver: solver)
            try model.fit(x, y)
            assertClose(model.coefficients, Tensor([-2, 0.5, 4]), tolerance: 1e-12, "\(solver)")
            assertClose(model.intercept, Tensor([3]), tolerance: 1e-12, "\(solver)")
            XCTAssertEqual(try model.score(x, y), 1, accuracy: 1e-12)
            XCTAssertEqual(model.rank, 3)
        }
    }

    func testWithoutInterceptGoesThroughTheOrigin() throws {
        let x = randomMatrix(30, 2, seed: 3)
        let y = Tensor((0..<30).map { 1.5 * x[$0, 0] - 0.25 * x[$0, 1] })
        var model = LinearRegression<Double>(fitIntercept: false)
        try model.fit(x, y)
        assertClose(model.coefficients, Tensor([1.5, -0.25]), tolerance: 1e-13)
        assertClose(model.intercept, Tensor([0]), tolerance: 0)
        // With an intercept the constant offset is found too.
        var shifted = LinearRegression<Double>()
        try shifted.fit(x, y + 7)
        assertClose(shifted.intercept, Tensor([7]), tolerance: 1e-12)
    }

    func testMultiOutputFitsEachColumn() throws {
        let (x, y) = noiselessData()
        let second = Tensor((0..<x.shape[0]).map { -1 + x[$0, 1] - x[$0, 2] })
        let targets = Tensor.concatenated([y.reshaped(-1, 1), second.reshaped(-1, 1)], alongDimension: 1)
        var model = LinearRegression<Double>()
        try model.fit(x, targets)
        assertClose(model.coefficients, Tensor([[-2, 0], [0.5, 1], [4, -1]]), tolerance: 1e-12)
        assertClose(model.intercept, Tensor([3, -1]), tolerance: 1e-12)
        let predicted = try model.predict(x)
        XCTAssertEqual(predicted.shape, [x.shape[0], 2])
        assertClose(predicted, targets, tolerance: 1e-11)
    }

    func testOneHotTargetsGiveLeastSquaresClassifier() throws {
        // The "least squares for multiple classes" slide: regress a one-hot Y, predict argmax.
        let x = Tensor<Double>([[0, 0], [0.2, 0.1], [5, 5], [5.1, 4.9], [0, 5], [0.1, 5.2]])
        let labels = [0, 0, 1, 1, 2, 2]
        var model = LinearRegression<Double>()
        try model.fit(x, try oneHot(labels))
        XCTAssertEqual(try model.predict(x).argmax(alongDimension: 1), labels)
    }

    func testPredictionShapeFollowsTheTarget() throws {
        let (x, y) = noiselessData()
        var model = LinearRegression<Double>()
        try model.fit(x, y)
        let predicted = try model.predict(x)
        XCTAssertEqual(predicted.shape, [x.shape[0]])
        assertClose(predicted, y, tolerance: 1e-11)
    }

    func testRankDeficientDataGivesTheMinimumNormSolution() throws {
        // The third column duplicates the first: the weight of that direction is shared equally.
        let base = randomMatrix(20, 2, seed: 5)
        let x = Tensor.concatenated([base, base[rows: 0..<20].column(0).reshaped(20, 1)], alongDimension: 1)
        let y = Tensor((0..<20).map { 2 * base[$0, 0] + base[$0, 1] })
        var model = LinearRegression<Double>()
        try model.fit(x, y)
        XCTAssertEqual(model.rank, 2)
        assertClose(model.coefficients, Tensor([1, 1, 1]), tolerance: 1e-12)
    }

    func testUnderdeterminedSystemGivesTheMinimumNormSolution() throws {
        // 3 samples, 5 features, no intercept: of all exact fits, the one of least norm,
        // w = Xᵀ(XXᵀ)⁻¹y.
        let x = randomMatrix(3, 5, seed: 14)
        let y = Tensor<Double>([1, -2, 0.5])
        var model = LinearRegression<Double>(fitIntercept: false)
        try model.fit(x, y)
        let expected = matmul(x, try solve(matmul(x, x, transposeB: true), y), transposeA: true)
        assertClose(model.coefficients, expected, tolerance: 1e-12)
        XCTAssertEqual(model.rank, 3)
        assertClose(try model.predict(x), y, tolerance: 1e-12)
    }

    func testNormalEquationsRejectCollinearFeatures() {
        let base = randomMatrix(20, 2, seed: 5)
        let x = Tensor.concatenated([base, (2 * base.column(1)).reshaped(20, 1)], alongDimension: 1)
        let y = Tensor((0..<20).map { Double($0) })
        var model = LinearRegression<Double>(solver: .normalEquations)
        let error = thrownError { try model.fit(x, y) }
        XCTAssertEqual(error, .singularNormalEquations(operation: "LinearRegression.fit", column: 2))
        XCTAssertTrue(error?.description.contains("Ridge") ?? false)
        XCTAssertFalse(model.isFitted)
    }

    func testFloatModelAgreesWithDouble() throws {
        let (x, y) = noiselessData()
        var model = LinearRegression<Float>()
        try model.fit(Tensor<Float>(x), Tensor<Float>(y))
        XCTAssertTrue(model.coefficients.isApproximatelyEqual(to: Tensor([-2, 0.5, 4]), tolerance: 1e-4))
        XCTAssertEqual(model.intercept[0], 3, accuracy: 1e-4)
    }

    func testMatrixXIsRequired() {
        XCTAssertEqual(trappedMessage {
            var model = LinearRegression<Double>()
            try? model.fit(Tensor([1, 2, 3]), Tensor([1, 2, 3]))
        }, "LinearRegression.fit: x must be a matrix (samples x features), got shape 3")
    }

    func testFloatKeepsNearlyCollinearFeatures() throws {
        // The least-squares case of WickCore's LeastSquaresTests, with an intercept: NumPy on the
        // centred float32 data (in float64) gives W = [3.00000001, −2.00000001], b = −8.2e-13.
        // Float's old cutoff had kept one direction: [0.5, 0.5] at rank 1.
        func z(_ i: Int, _ a: Int, _ m: Int) -> Double {
            (Double((i * a) % m) - Double(m - 1) / 2) / (Double(m * m - 1) / 12).squareRoot()
        }
        var x = Tensor<Float>.zeros(1000, 2), y = Tensor<Float>.zeros(1000)
        for i in 0..<1000 {
            let x1 = z(i, 7919, 1000)
            x[i, 0] = Float(x1)
            x[i, 1] = Float(x1 + 1e-4 * z(i, 104_729, 997))
            y[i] = Float(3 * Double(x[i, 0]) - 2 * Double(x[i, 1]))
        }
        var model = LinearRegression<Float>()
        try model.fit(x, y)
        XCTAssertEqual(model.rank, 2)
        XCTAssertEqual(Double(model.coefficients[0]), 3, accuracy: 1e-4)
        XCTAssertEqual(Double(model.coefficients[1]), -2, accuracy: 1e-4)
        XCTAssertEqual(Double(model.intercept[0]), 0, accuracy: 1e-5)
    }
}
