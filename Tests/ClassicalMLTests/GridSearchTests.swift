import XCTest
@testable import ClassicalML

final class GridSearchTests: XCTestCase {
    func testPicksTheBestMeanScoreAndRefits() throws {
        let x = randomMatrix(40, 4, seed: 70)
        let y = Tensor((0..<40).map { 2 * x[$0, 0] - x[$0, 1] + 0.1 * sin(Double(7 * $0)) })
        let folds = KFold(k: 4, shuffle: true, seed: 3)
        var search = GridSearch(candidates: [1000.0, 0.01, 10, 0.0001], folds: folds) { Ridge<Double>(lambda: $0) }
        try search.fit(x, y)
        // The mean scores are the cross-validation means, and the winner is their argmax.
        for (lambda, mean) in zip(search.candidates, search.meanScores) {
            let scores = try crossValidate(Ridge<Double>(lambda: lambda), x, y, folds: folds)
            XCTAssertEqual(mean, scores.reduce(0, +) / 4, accuracy: 1e-15)
        }
        XCTAssertEqual(search.bestIndex, search.meanScores.indices.max { search.meanScores[$0] < search.meanScores[$1] })
        XCTAssertLessThan(search.bestCandidate!, 1, "data with little noise wants a small penalty")
        XCTAssertEqual(search.bestScore, search.meanScores[search.bestIndex!])
        var direct = Ridge<Double>(lambda: search.bestCandidate!)
        try direct.fit(x, y)
        XCTAssertEqual(search.bestEstimator?.coefficients, direct.coefficients)
    }

    func testChoosesKForNearestNeighbours() throws {
        // Labels that depend on the sign of x₀, with every 5th label flipped: one neighbour copies
        // the noise, a wider vote averages it out.
        let x = randomMatrix(100, 2, seed: 71)
        let labels = (0..<100).map { i in (x[i, 0] > 0 ? 1 : 0) ^ (i % 5 == 0 ? 1 : 0) }
        var search = GridSearch(candidates: [1, 15], folds: KFold(k: 5, shuffle: true, seed: 4)) {
            KNearestNeighborsClassifier<Double>(k: $0)
        }
        try search.fit(x, labels)
        XCTAssertEqual(search.bestCandidate, 15)
        XCTAssertGreaterThan(search.meanScores[1], search.meanScores[0])
        XCTAssertEqual(search.bestEstimator?.k, 15)
        XCTAssertEqual(search.foldScores.map(\.count), [5, 5])
    }

    func testTiesGoToTheFirstCandidate() throws {
        let x = Tensor<Double>([[0], [1], [2], [3], [10], [11], [12], [13]])
        let labels = [0, 0, 0, 0, 1, 1, 1, 1]
        var search = GridSearch(candidates: [3, 1], folds: KFold(k: 4, shuffle: true, seed: 1)) {
            KNearestNeighborsClassifier<Double>(k: $0)
        }
        try search.fit(x, labels)
        XCTAssertEqual(search.meanScores, [1, 1])
        XCTAssertEqual(search.bestCandidate, 3)
    }
}
