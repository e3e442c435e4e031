import XCTest
@testable import ClassicalML

/// Every estimator's answer to bad data: a thrown ClassicalMLError that names what is wrong.
final class BadInputTests: XCTestCase {
    private let x = randomMatrix(8, 3, seed: 90)
    private let y = Tensor<Double>((0..<8).map(Double.init))
    private let labels = [0, 1, 0, 1, 0, 1, 2, 2]

    private func withValue(_ value: Double, at row: Int, _ column: Int) -> Tensor<Double> {
        var bad = x
        bad[row, column] = value
        return bad
    }

    func testNonFiniteFeaturesNameTheRowAndColumn() {
        let bad = withValue(.nan, at: 5, 2)
        func expect(_ operation: String, _ body: () throws -> Void, line: UInt = #line) {
            XCTAssertEqual(thrownError(line: line, body), .nonFiniteValue(operation: operation, argument: "x", row: 5, column: 2), line: line)
        }
        expect("LinearRegression.fit") { var m = LinearRegression<Double>(); try m.fit(bad, self.y) }
        expect("Ridge.fit") { var m = Ridge<Double>(); try m.fit(bad, self.y) }
        expect("PCA.fit") { var m = PCA<Double>(components: 2); try m.fit(bad) }
        expect("KNearestNeighborsClassifier.fit") { var m = KNearestNeighborsClassifier<Double>(k: 3); try m.fit(bad, self.labels) }
        expect("KNearestNeighborsRegressor.fit") { var m = KNearestNeighborsRegressor<Double>(k: 3); try m.fit(bad, self.y) }
        expect("LogisticRegression.fit") { var m = LogisticRegression<Double>(); try m.fit(bad, self.labels) }
        expect("KMeans.fit") { var m = KMeans<Double>(clusters: 2); try m.fit(bad) }
        expect("StandardScaler.fit") { var m = StandardScaler<Double>(); try m.fit(bad) }
        // Paths that find non-finite data through XᵀX instead of a separate scan.
        let infinite = withValue(-.infinity, at: 4, 0)
        XCTAssertEqual(thrownError { var m = Ridge<Double>(fitIntercept: false); try m.fit(infinite, self.y) },
                       .nonFiniteValue(operation: "Ridge.fit", argument: "x", row: 4, column: 0))
        XCTAssertEqual(thrownError { var m = LinearRegression<Double>(solver: .normalEquations); try m.fit(infinite, self.y) },
                       .nonFiniteValue(operation: "LinearRegression.fit", argument: "x", row: 4, column: 0))
        XCTAssertEqual(thrownError { var m = PCA<Double>(components: 2); try m.fit(infinite.transposed()) },
                       .nonFiniteValue(operation: "PCA.fit", argument: "x", row: 0, column: 4))
        let error = thrownError { var m = LinearRegression<Double>(); try m.fit(withValue(.infinity, at: 0, 1), self.y) }
        XCTAssertEqual(error?.description, "LinearRegression.fit: x holds a NaN or an infinity at row 0, column 1.")
    }

    func testNonFiniteTargetsAndQueriesAreCaught() throws {
        var badY = y
        badY[3] = -.infinity
        XCTAssertEqual(thrownError { var m = Ridge<Double>(); try m.fit(self.x, badY) },
                       .nonFiniteValue(operation: "Ridge.fit", argument: "y", row: 3, column: 0))
        var matrixY = Tensor<Double>.zeros(shape: [8, 2])
        matrixY[6, 1] = .nan
        XCTAssertEqual(thrownError { var m = LinearRegression<Double>(); try m.fit(self.x, matrixY) },
                       .nonFiniteValue(operation: "LinearRegression.fit", argument: "y", row: 6, column: 1))
        var model = KNearestNeighborsClassifier<Double>(k: 2)
        try model.fit(x, labels)
        XCTAssertEqual(thrownError { _ = try model.predict(self.withValue(.nan, at: 1, 0)) },
                       .nonFiniteValue(operation: "KNearestNeighborsClassifier.predict", argument: "x", row: 1, column: 0))
    }

    func testSampleCountMismatchNamesBothCounts() {
        let short = Tensor<Double>([1, 2, 3])
        func expect(_ operation: String, _ body: () throws -> Void, line: UInt = #line) {
            XCTAssertEqual(thrownError(line: line, body), .sampleCountMismatch(operation: operation, x: 8, y: 3), line: line)
        }
        expect("LinearRegression.fit") { var m = LinearRegression<Double>(); try m.fit(self.x, short) }
        expect("Ridge.fit") { var m = Ridge<Double>(); try m.fit(self.x, short) }
        expect("KNearestNeighborsRegressor.fit") { var m = KNearestNeighborsRegressor<Double>(k: 1); try m.fit(self.x, short) }
        expect("KNearestNeighborsClassifier.fit") { var m = KNearestNeighborsClassifier<Double>(k: 1); try m.fit(self.x, [0, 1, 0]) }
        expect("LogisticRegression.fit") { var m = LogisticRegression<Double>(); try m.fit(self.x, [0, 1, 0]) }
        XCTAssertEqual(ClassicalMLError.sampleCountMismatch(operation: "Ridge.fit", x: 8, y: 3).description,
                       "Ridge.fit: x has 8 samples (rows) but y has 3; they must pair up one to one.")
    }

    func testUnfittedModelsSaySo() {
        func expect(_ estimator: String, _ body: () throws -> Void, line: UInt = #line) {
            XCTAssertEqual(thrownError(line: line, body), .notFitted(estimator: estimator), line: line)
        }
        expect("LinearRegression") { _ = try LinearRegression<Double>().predict(self.x) }
        expect("Ridge") { _ = try Ridge<Double>().predict(self.x) }
        expect("PCA") { _ = try PCA<Double>(components: 1).transform(self.x) }
        expect("PCA") { _ = try PCA<Double>(components: 1).inverseTransform(self.x) }
        expect("KNearestNeighborsClassifier") { _ = try KNearestNeighborsClassifier<Double>().predict(self.x) }
        expect("KNearestNeighborsClassifier") { _ = try KNearestNeighborsClassifier<Double>().kneighbors(self.x) }
        expect("KNearestNeighborsRegressor") { _ = try KNearestNeighborsRegressor<Double>().predict(self.x) }
        expect("LogisticRegression") { _ = try LogisticRegression<Double>().predictProbabilities(self.x) }
        expect("KMeans") { _ = try KMeans<Double>(clusters: 2).predict(self.x) }
        expect("StandardScaler") { _ = try StandardScaler<Double>().inverseTransform(self.x) }
        expect("OneHotEncoder") { _ = try OneHotEncoder().transform([1], as: Double.self) }
        XCTAssertEqual(ClassicalMLError.notFitted(estimator: "Ridge").description,
                       "Ridge: the model is not fitted yet; call fit before using it.")
    }

    func testPredictingWithTheWrongNumberOfFeaturesThrows() throws {
        var model = LinearRegression<Double>()
        try model.fit(x, y)
        let error = thrownError { _ = try model.predict(Tensor<Double>.zeros(shape: [2, 4])) }
        XCTAssertEqual(error, .featureCountMismatch(operation: "LinearRegression.predict", expected: 3, actual: 4))
        XCTAssertEqual(error?.description, "LinearRegression.predict: the model was fitted on 3 features but x has 4 columns.")
        var pca = PCA<Double>(components: 2)
        try pca.fit(x)
        XCTAssertEqual(thrownError { _ = try pca.inverseTransform(Tensor<Double>.zeros(shape: [1, 3])) },
                       .featureCountMismatch(operation: "PCA.inverseTransform", expected: 2, actual: 3))
    }

    func testTooLargeKAndComponentsAndTooFewSamples() {
        XCTAssertEqual(thrownError { var m = KNearestNeighborsRegressor<Double>(k: 9); try m.fit(self.x, self.y) },
                       .tooManyNeighbors(operation: "KNearestNeighborsRegressor.fit", k: 9, samples: 8))
        XCTAssertEqual(thrownError { var m = PCA<Double>(components: 4); try m.fit(self.x) },
                       .tooManyComponents(requested: 4, samples: 8, features: 3))
        XCTAssertEqual(thrownError { var m = PCA<Double>(components: 1); try m.fit(self.x[rows: 0..<1]) },
                       .tooFewSamples(operation: "PCA.fit", required: 2, available: 1))
        XCTAssertEqual(thrownError { var m = LinearRegression<Double>(); try m.fit(Tensor.zeros(shape: [0, 2]), Tensor.zeros(shape: [0])) },
                       .tooFewSamples(operation: "LinearRegression.fit", required: 1, available: 0))
    }

    func testNegativeLabelsAreRejected() {
        XCTAssertEqual(thrownError { var m = LogisticRegression<Double>(); try m.fit(self.x, [0, 1, 0, -1, 0, 1, 0, 1]) },
                       .invalidLabel(operation: "LogisticRegression.fit", label: -1, index: 3))
    }
}
