import XCTest
@testable import ClassicalML

final class KNearestNeighborsClassifierTests: XCTestCase {
    // Points on a line: 0, 1, 2 are class 0; 10, 11, 12 are class 1.
    private let x = Tensor<Double>([[0], [1], [2], [10], [11], [12]])
    private let labels = [0, 0, 0, 1, 1, 1]

    func testUniformVotesOnHandCase() throws {
        var knn = KNearestNeighborsClassifier<Double>(k: 3)
        try knn.fit(x, labels)
        // Query 6: distances 6, 5, 4, 4, 5, 6 → neighbours 2, 3 (both 4), then 1 (5, before 4).
        let found = try knn.kneighbors(Tensor([[6], [1.5]]))
        XCTAssertEqual(found.indices, [[2, 3, 1], [1, 2, 0]])
        XCTAssertEqual(found.distances, Tensor([[4, 4, 5], [0.5, 0.5, 1.5]]))
        assertClose(try knn.predictProbabilities(Tensor([[6], [1.5]])), Tensor([[2.0 / 3, 1.0 / 3], [1, 0]]), tolerance: 1e-15)
        XCTAssertEqual(try knn.predict(Tensor([[6], [1.5], [11.2]])), [0, 0, 1])
    }

    func testDistanceWeightedVotes() throws {
        var knn = KNearestNeighborsClassifier<Double>(k: 3, weighting: .distance)
        try knn.fit(x, labels)
        // Query 6: weights 1/4 (class 0), 1/4 (class 1), 1/5 (class 0).
        let total = 0.25 + 0.25 + 0.2
        assertClose(try knn.predictProbabilities(Tensor([[6]])), Tensor([[0.45 / total, 0.25 / total]]), tolerance: 1e-15)
        // A query on a training point takes that point's class outright.
        assertClose(try knn.predictProbabilities(Tensor([[10]])), Tensor([[0, 1]]), tolerance: 0)
    }

    func testTiedVoteGoesToTheLowestClass() throws {
        // With k = 2 the query 6 has one neighbour of each class; the nearer one (index 2) is
        // class 1 here, yet the tie goes to class 0.
        var knn = KNearestNeighborsClassifier<Double>(k: 2)
        try knn.fit(x, [1, 1, 1, 0, 0, 0])
        XCTAssertEqual(try knn.predict(Tensor([[6]])), [0])
    }

    func testAgreesWithBruteForceMajorityOnRandomData() throws {
        let train = randomMatrix(400, 3, seed: 30)
        let trainLabels = (0..<400).map { i in train[i, 0] + train[i, 1] > 0 ? 1 : (train[i, 2] > 0.5 ? 2 : 0) }
        let queries = randomMatrix(90, 3, seed: 31)
        for metric in DistanceMetric.allCases {
            var knn = KNearestNeighborsClassifier<Double>(k: 5, metric: metric)
            try knn.fit(train, trainLabels)
            let found = try knn.kneighbors(queries)
            let predicted = try knn.predict(queries)
            for q in 0..<90 {
                var votes = [0, 0, 0]
                for i in found.indices[q] { votes[trainLabels[i]] += 1 }
                XCTAssertEqual(predicted[q], votes.firstIndex(of: votes.max()!)!, "\(metric), query \(q)")
            }
        }
    }

    func testClassCountSetsTheProbabilityColumns() throws {
        var knn = KNearestNeighborsClassifier<Double>(k: 1, classCount: 4)
        try knn.fit(x, labels)
        XCTAssertEqual(knn.classCount, 4)
        XCTAssertEqual(try knn.predictProbabilities(Tensor([[11]])), Tensor([[0, 1, 0, 0]]))
        var strict = KNearestNeighborsClassifier<Double>(k: 1, classCount: 2)
        XCTAssertEqual(thrownError { try strict.fit(x, [0, 0, 2, 1, 1, 1]) },
                       .invalidLabel(operation: "KNearestNeighborsClassifier.fit", label: 2, index: 2))
    }

    func testKLargerThanTheTrainingSetThrows() throws {
        var knn = KNearestNeighborsClassifier<Double>(k: 7)
        let error = thrownError { try knn.fit(x, labels) }
        XCTAssertEqual(error, .tooManyNeighbors(operation: "KNearestNeighborsClassifier.fit", k: 7, samples: 6))
        XCTAssertEqual(error?.description,
                       "KNearestNeighborsClassifier.fit: k = 7 neighbours were asked for but the training set has only 6 samples.")
        var small = KNearestNeighborsClassifier<Double>(k: 2)
        try small.fit(x, labels)
        XCTAssertEqual(thrownError { _ = try small.kneighbors(Tensor([[0]]), neighbors: 9) },
                       .tooManyNeighbors(operation: "KNearestNeighborsClassifier.kneighbors", k: 9, samples: 6))
    }

    func testScoreIsAccuracy() throws {
        var knn = KNearestNeighborsClassifier<Double>(k: 1)
        try knn.fit(x, labels)
        XCTAssertEqual(try knn.score(Tensor([[0.2], [10.6], [5.9], [6.1]]), [0, 1, 1, 1]), 0.75)
    }
}
