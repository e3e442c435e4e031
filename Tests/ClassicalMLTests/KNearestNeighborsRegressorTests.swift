import XCTest
@testable import ClassicalML

final class KNearestNeighborsRegressorTests: XCTestCase {
    private let x = Tensor<Double>([[0], [1], [2], [10], [11], [12]])
    private let y = Tensor<Double>([1, 2, 3, 10, 20, 30])

    func testUniformMeanOfNeighbours() throws {
        var knn = KNearestNeighborsRegressor<Double>(k: 3)
        try knn.fit(x, y)
        // Query 6: neighbours 2, 3, 1 → (3 + 10 + 2) / 3; query 11.4: 4, 5, 3 → 20.
        assertClose(try knn.predict(Tensor([[6], [11.4]])), Tensor([5, 20]), tolerance: 1e-14)
    }

    func testDistanceWeightedMean() throws {
        var knn = KNearestNeighborsRegressor<Double>(k: 2, weighting: .distance)
        try knn.fit(x, y)
        // Query 0.25: neighbours 0 (0.25) and 1 (0.75): weights 4 and 4/3.
        let (near, far): (Double, Double) = (4, 4.0 / 3)
        let expected: Double = (near * 1 + far * 2) / (near + far)
        assertClose(try knn.predict(Tensor([[0.25]])), Tensor([expected]), tolerance: 1e-14)
        // On a training point its own target comes back.
        assertClose(try knn.predict(Tensor([[11]])), Tensor([20]), tolerance: 0)
    }

    func testMultiOutputTargets() throws {
        var knn = KNearestNeighborsRegressor<Double>(k: 2, metric: .l1)
        let targets = Tensor.concatenated([y.reshaped(6, 1), (-y).reshaped(6, 1)], alongDimension: 1)
        try knn.fit(x, targets)
        assertClose(try knn.predict(Tensor([[0.4]])), Tensor([[1.5, -1.5]]), tolerance: 1e-14)
    }

    func testNotFittedThrows() {
        let knn = KNearestNeighborsRegressor<Double>(k: 2)
        XCTAssertEqual(thrownError { _ = try knn.predict(x) }, .notFitted(estimator: "KNearestNeighborsRegressor"))
    }
}
