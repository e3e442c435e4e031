import XCTest
@testable import ClassicalML

final class LogisticRegressionTests: XCTestCase {
    /// Three overlapping Gaussian-ish clouds in 2-D (classes 0, 1, 2).
    private func threeClasses(samples: Int = 90) -> (Tensor<Double>, [Int]) {
        let noise = randomMatrix(samples, 2, seed: 40, low: -1.2, high: 1.2)
        let centres: [[Double]] = [[0, 0], [2, 0.5], [0.5, 2]]
        var x = noise
        let labels = (0..<samples).map { $0 % 3 }
        for i in 0..<samples { for j in 0..<2 { x[i, j] += centres[labels[i]][j] } }
        return (x, labels)
    }

    /// ∂L/∂W and ∂L/∂b of the mean softmax (or sigmoid) cross-entropy plus (λ/2)‖W‖², written out
    /// by hand, for checking a fitted model's stationarity.
    private func handGradient(_ model: LogisticRegression<Double>, _ x: Tensor<Double>, _ labels: [Int])
        -> (weights: [Double], intercept: [Double]) {
        let (n, d) = (x.shape[0], x.shape[1])
        let binary = model.classCount == 2
        let m = binary ? 1 : model.classCount
        let w = model.coefficients.scalars, b = model.intercept.scalars
        var gw = [Double](repeating: 0, count: d * m), gb = [Double](repeating: 0, count: m)
        for i in 0..<n {
            var z = (0..<m).map { c in b[c] + (0..<d).reduce(0.0) { $0 + x[i, $1] * w[$1 * m + c] } }
            if binary {
                z[0] = 1 / (1 + exp(-z[0])) - (labels[i] == 1 ? 1 : 0)
            } else {
                let top = z.max()!
                let total = z.reduce(0.0) { $0 + exp($1 - top) }
                z = z.map { exp($0 - top) / total }
                z[labels[i]] -= 1
            }
            for c in 0..<m {
                gb[c] += z[c] / Double(n)
                for j in 0..<d { gw[j * m + c] += x[i, j] * z[c] / Double(n) }
            }
        }
        for j in 0..<(d * m) { gw[j] += model.lambda * w[j] }
        return (gw, gb)
    }

    func testLossGradientMatchesFiniteDifferences() {
        let (x, labels) = threeClasses(samples: 30)
        for outputs in [1, 3] {
            let targets = outputs == 1 ? labels.map { $0 == 2 ? 1 : 0 } : labels
            let loss = LogisticLoss(x: x, labels: targets, outputs: outputs, lambda: 0.3, fitIntercept: true)
            let theta = (0..<loss.parameterCount).map { 0.3 * sin(Double($0) + 1) }
            var gradient = [Double](repeating: 0, count: theta.count), scratch = gradient
            _ = loss.evaluate(theta, &gradient)
            for j in theta.indices {
                var plus = theta, minus = theta
                plus[j] += 1e-6; minus[j] -= 1e-6
                let numeric = (loss.evaluate(plus, &scratch) - loss.evaluate(minus, &scratch)) / 2e-6
                XCTAssertEqual(gradient[j], numeric, accuracy: 1e-8, "outputs \(outputs), parameter \(j)")
            }
        }
    }

    func testMultinomialFitIsStationary() throws {
        let (x, labels) = threeClasses()
        var model = LogisticRegression<Double>(lambda: 0.01)
        try model.fit(x, labels)
        XCTAssertTrue(model.converged)
        XCTAssertEqual(model.coefficients.shape, [2, 3])
        let (gw, gb) = handGradient(model, x, labels)
        XCTAssertLessThanOrEqual((gw + gb).map(abs).max()!, 1e-5)
        XCTAssertGreaterThan(try model.score(x, labels), 0.7)
    }

    func testBinaryFitIsStationaryAndProbabilitiesAreSigmoids() throws {
        let (x, threeWay) = threeClasses()
        let labels = threeWay.map { $0 == 1 ? 1 : 0 }
        var model = LogisticRegression<Double>(lambda: 0.05)
        try model.fit(x, labels)
        XCTAssertEqual(model.coefficients.shape, [2])
        XCTAssertEqual(model.intercept.shape, [1])
        let (gw, gb) = handGradient(model, x, labels)
        XCTAssertLessThanOrEqual((gw + gb).map(abs).max()!, 1e-5)
        let scores = try model.decisionFunction(x)
        let probabilities = try model.predictProbabilities(x)
        for i in 0..<x.shape[0] {
            XCTAssertEqual(probabilities[i, 1], 1 / (1 + exp(-scores[i])), accuracy: 1e-15)
            XCTAssertEqual(probabilities[i, 0] + probabilities[i, 1], 1, accuracy: 1e-15)
        }
        XCTAssertEqual(try model.predict(x), (0..<x.shape[0]).map { scores[$0] > 0 ? 1 : 0 })
    }

    func testGradientDescentReachesTheSameOptimumAsLBFGS() throws {
        let (x, labels) = threeClasses(samples: 45)
        var lbfgs = LogisticRegression<Double>(lambda: 0.1, tolerance: 1e-9)
        try lbfgs.fit(x, labels)
        var descent = LogisticRegression<Double>(lambda: 0.1, solver: .gradientDescent(learningRate: 1),
                                                 maxIterations: 20000, tolerance: 1e-9)
        try descent.fit(x, labels)
        XCTAssertTrue(lbfgs.converged)
        XCTAssertTrue(descent.converged)
        XCTAssertLessThan(lbfgs.iterations, descent.iterations)
        assertClose(descent.coefficients, lbfgs.coefficients, tolerance: 1e-7)
        assertClose(descent.intercept, lbfgs.intercept, tolerance: 1e-7)
        XCTAssertEqual(descent.loss, lbfgs.loss, accuracy: 1e-12)
    }

    func testSeparableDataIsClassifiedPerfectly() throws {
        let x = Tensor<Double>([[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4]])
        let labels = [0, 0, 0, 1, 1, 1]
        var model = LogisticRegression<Double>(lambda: 1e-3)
        try model.fit(x, labels)
        XCTAssertEqual(try model.predict(x), labels)
        let rows = try model.predictProbabilities(x).sum(alongDimension: 1)
        assertClose(rows, Tensor.ones(shape: [6]), tolerance: 1e-15)
    }

    func testUnpenalisedInterceptIsOffWhenAsked() throws {
        let (x, labels) = threeClasses(samples: 30)
        var model = LogisticRegression<Double>(fitIntercept: false)
        try model.fit(x, labels)
        XCTAssertEqual(model.intercept, Tensor.zeros(shape: [3]))
    }

    func testDivergingGradientDescentThrows() {
        let (x, labels) = threeClasses(samples: 30)
        var model = LogisticRegression<Double>(lambda: 1, solver: .gradientDescent(learningRate: 1e200))
        let error = thrownError { try model.fit(x, labels) }
        XCTAssertEqual(error, .diverged(operation: "LogisticRegression.fit", iteration: 1))
        XCTAssertFalse(model.isFitted)
    }

    func testSingleClassThrows() {
        var model = LogisticRegression<Double>()
        let error = thrownError { try model.fit(Tensor([[1], [2]]), [1, 1]) }
        XCTAssertEqual(error, .tooFewClasses(operation: "LogisticRegression.fit", found: 1))
        XCTAssertEqual(error?.description, "LogisticRegression.fit: the labels hold 1 distinct class; at least 2 are needed.")
    }
}

/// Default fits agree with scikit-learn's `newton-cg` (run to tol 1e-12) in probabilities.
final class LogisticRegressionAgreementTests: XCTestCase {
    /// Iris as shipped in `Sources/Datasets/Resources/iris.csv` (scikit-learn's copy).
    private func iris() throws -> (Tensor<Double>, [Int]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Datasets/Resources/iris.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        let fields = lines.map { $0.split(separator: ",") }
        return (Tensor(fields.map { $0.prefix(4).map { Double($0)! } }), fields.map { Int($0[4])! })
    }

    func testDefaultMultinomialFitMatchesScikitLearnNewtonCGOnIris() throws {
        let (x, y) = try iris()
        // scikit-learn's C = 1 penalises ½‖W‖² against the summed loss: λ = 1 / (C · n).
        var model = LogisticRegression<Double>(lambda: 1.0 / 150)
        try model.fit(x, y)
        XCTAssertTrue(model.converged)
        let p = try model.predictProbabilities(x)
        var worst = 0.0
        for (i, row) in irisNewtonCGProbabilities.enumerated() {
            for (j, expected) in row.enumerated() { worst = Swift.max(worst, Swift.abs(p[i, j] - expected)) }
        }
        XCTAssertLessThan(worst, 1e-4)
    }
}
