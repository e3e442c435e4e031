import XCTest
@testable import ClassicalML

/// Values near the top of the floating-point range: squared distances overflow `Scalar` (and,
/// for Double data, Double itself), yet the answers are still exact.
final class HugeValueTests: XCTestCase {
    /// Two groups, {0, 1, 2} and {h, h + h/2, 2h}, on one feature.
    private func twoGroups<Scalar: TensorScalar>(_ h: Scalar) -> Tensor<Scalar> {
        Tensor(shape: [6, 1], scalars: [0, 1, 2, h, h + h / 2, 2 * h])
    }

    func testKMeansOnDoubleDataAbove1e155() throws {
        for h in [1e155, 1e300] {
            var kmeans = KMeans<Double>(clusters: 2, seed: 3)
            try kmeans.fit(twoGroups(h))
            XCTAssertEqual(kmeans.labels[0], kmeans.labels[1])
            XCTAssertEqual(kmeans.labels[0], kmeans.labels[2])
            XCTAssertEqual(kmeans.labels[3], kmeans.labels[4])
            XCTAssertEqual(kmeans.labels[3], kmeans.labels[5])
            XCTAssertNotEqual(kmeans.labels[0], kmeans.labels[3])
            let small = kmeans.labels[0], large = kmeans.labels[3]
            XCTAssertEqual(kmeans.centroids[small, 0], 1)
            XCTAssertEqual(kmeans.centroids[large, 0], 1.5 * h, accuracy: 1.5 * h * 1e-15)
            // Inertia: 2 + (h/2)² · 2 = h²/2 + 2, infinite in Double for these h.
            XCTAssertEqual(kmeans.inertia, .infinity)
            XCTAssertEqual(try kmeans.predict(Tensor([[0.5], [1.9 * h]])), [small, large])
        }
    }

    func testKMeansOnFloatDataAbove1e20() throws {
        for h: Float in [1e20, 1e30, 3e38 / 2] {
            var kmeans = KMeans<Float>(clusters: 2, seed: 3)
            try kmeans.fit(twoGroups(h))
            XCTAssertEqual(Set(kmeans.labels[0..<3]).count, 1)
            XCTAssertEqual(Set(kmeans.labels[3..<6]).count, 1)
            XCTAssertNotEqual(kmeans.labels[0], kmeans.labels[3])
            let small = kmeans.labels[0], large = kmeans.labels[3]
            XCTAssertEqual(kmeans.centroids[small, 0], 1)
            XCTAssertEqual(kmeans.centroids[large, 0], 1.5 * h, accuracy: 1.5 * h * 1e-6)
            XCTAssertEqual(try kmeans.predict(Tensor([[0.5], [1.9 * h]])), [small, large])
        }
    }

    func testKMeansMixedHugeAndOrdinaryValuesInManyFeatures() throws {
        // Four samples near the origin and four near 1e200 in every feature, in 3 features.
        var rows: [[Double]] = []
        for i in 0..<4 { rows.append([Double(i), 1, -Double(i)]) }
        for i in 0..<4 { rows.append([1e200 + Double(i) * 1e199, 1e200, 1e200]) }
        var kmeans = KMeans<Double>(clusters: 2, seed: 0, initializations: 3)
        try kmeans.fit(Tensor(rows))
        XCTAssertEqual(Set(kmeans.labels[0..<4]).count, 1)
        XCTAssertEqual(Set(kmeans.labels[4..<8]).count, 1)
        XCTAssertNotEqual(kmeans.labels[0], kmeans.labels[4])
    }

    /// A Float training set too large for the direct search (n·d > 2048) holding 3e38: the
    /// product search would overflow; the exact match must come back at distance 0.
    func testFloatNeighborsOfAHugeValue() throws {
        let (n, d) = (400, 8)
        let base = randomMatrix(n, d, seed: 77)
        var x = Tensor<Float>(shape: [n, d], scalars: base.withUnsafeBufferPointer { $0.map { Float($0) } })
        x[5, 2] = 3e38
        x[9, 0] = -3e38
        var knn = KNearestNeighborsClassifier<Float>(k: 1)
        try knn.fit(x, (0..<n).map { $0 % 3 })
        let queries = x.selecting(rows: [5, 9, 0, 123])
        let found = try knn.kneighbors(queries)
        XCTAssertEqual(found.indices, [[5], [9], [0], [123]])
        XCTAssertEqual(found.distances, Tensor(shape: [4, 1], scalars: [0, 0, 0, 0]))
        XCTAssertEqual(try knn.predict(queries), [5 % 3, 9 % 3, 0, 123 % 3])
    }

    /// Prediction votes over the labels present: a label of 10⁸ costs no memory.
    func testKNNPredictionWithAHugeLabel() throws {
        let x = Tensor<Double>([[0], [1], [2], [10], [11], [12]])
        let labels = [7, 7, 100_000_000, 100_000_000, 100_000_000, 3]
        var knn = KNearestNeighborsClassifier<Double>(k: 3)
        try knn.fit(x, labels)
        let queries = Tensor<Double>(shape: [20_000, 1], scalars: (0..<20_000).map { Double($0 % 13) })
        let predicted = try knn.predict(queries)
        // Query 0: neighbours 0, 1, 2 → 7 (two votes). Query 11: 10, 11, 12 → 10⁸. Query 6:
        // 2 and 10 (4), then 1 (5) → 10⁸, 10⁸, 7 → 10⁸. Query 1: 1, 0, 2 → 7.
        XCTAssertEqual(predicted[0], 7)
        XCTAssertEqual(predicted[11], 100_000_000)
        XCTAssertEqual(predicted[6], 100_000_000)
        XCTAssertEqual(predicted[1], 7)
        XCTAssertEqual(predicted[12], 100_000_000)
    }

    /// predict agrees with the argmax of predictProbabilities, ties included, when weighted.
    func testKNNPredictMatchesProbabilities() throws {
        let x = randomMatrix(300, 3, seed: 78)
        let labels = (0..<300).map { ($0 * 7) % 5 }
        let queries = randomMatrix(200, 3, seed: 79)
        for weighting in [NeighborWeighting.uniform, .distance] {
            for k in [1, 2, 4, 7] {
                var knn = KNearestNeighborsClassifier<Double>(k: k, weighting: weighting)
                try knn.fit(x, labels)
                XCTAssertEqual(try knn.predict(queries), try knn.predictProbabilities(queries).argmax(alongDimension: 1))
            }
        }
    }
}
