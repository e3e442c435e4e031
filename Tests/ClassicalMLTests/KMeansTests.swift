import XCTest
@testable import ClassicalML

final class KMeansTests: XCTestCase {
    /// Three tight blobs around known centres; sample i belongs to blob i % 3.
    private let centres = Tensor<Double>([[0, 0], [10, 0], [0, 10]])
    private func blobs(samples: Int = 60) -> Tensor<Double> {
        let noise = randomMatrix(samples, 2, seed: 50, low: -1, high: 1)
        var x = noise
        for i in 0..<samples { for j in 0..<2 { x[i, j] += centres[i % 3, j] } }
        return x
    }

    func testFindsWellSeparatedBlobs() throws {
        let x = blobs()
        var kmeans = KMeans<Double>(clusters: 3, seed: 1)
        try kmeans.fit(x)
        // Each blob is one cluster (the numbering of the clusters is arbitrary).
        for blob in 0..<3 {
            let members = Set((0..<60).filter { $0 % 3 == blob }.map { kmeans.labels[$0] })
            XCTAssertEqual(members.count, 1, "blob \(blob) split")
        }
        XCTAssertEqual(Set(kmeans.labels).count, 3)
        // Each centroid is the mean of its blob.
        for blob in 0..<3 {
            let cluster = kmeans.labels[blob]
            let rows = (0..<60).filter { $0 % 3 == blob }
            let mean = x.selecting(rows: rows).mean(alongDimension: 0)
            assertClose(kmeans.centroids.row(cluster), mean, tolerance: 1e-12)
        }
    }

    func testResultIsAFixedPointOfLloyd() throws {
        // Overlapping data: whatever local optimum is found must be self-consistent. With zero
        // tolerance Lloyd runs until the assignment stops changing.
        let x = randomMatrix(120, 3, seed: 51)
        var kmeans = KMeans<Double>(clusters: 4, seed: 2, tolerance: 0)
        try kmeans.fit(x)
        var inertia = 0.0
        for i in 0..<120 {
            let distances = (0..<4).map { c in (0..<3).reduce(0.0) { $0 + pow(x[i, $1] - kmeans.centroids[c, $1], 2) } }
            XCTAssertEqual(kmeans.labels[i], distances.firstIndex(of: distances.min()!)!, "sample \(i)")
            inertia += distances.min()!
        }
        XCTAssertEqual(kmeans.inertia, inertia, accuracy: 1e-12)
        for c in 0..<4 {
            let rows = (0..<120).filter { kmeans.labels[$0] == c }
            XCTAssertFalse(rows.isEmpty)
            assertClose(kmeans.centroids.row(c), x.selecting(rows: rows).mean(alongDimension: 0), tolerance: 1e-15)
        }
        XCTAssertEqual(try kmeans.predict(x), kmeans.labels)
    }

    func testSeedMakesRunsReproducible() throws {
        let x = randomMatrix(80, 2, seed: 52)
        var a = KMeans<Double>(clusters: 5, seed: 9), b = KMeans<Double>(clusters: 5, seed: 9)
        try a.fit(x)
        try b.fit(x)
        XCTAssertEqual(a.centroids, b.centroids)
        XCTAssertEqual(a.labels, b.labels)
    }

    func testMoreInitializationsNeverIncreaseInertia() throws {
        let x = randomMatrix(90, 2, seed: 53)
        var one = KMeans<Double>(clusters: 6, seed: 4, initializations: 1)
        var many = KMeans<Double>(clusters: 6, seed: 4, initializations: 8)
        try one.fit(x)
        try many.fit(x)
        // The first of the eight runs is the single run, so the best of eight is no worse.
        XCTAssertLessThanOrEqual(many.inertia, one.inertia)
    }

    func testAsManyClustersAsDistinctPointsGivesZeroInertia() throws {
        let x = Tensor<Double>([[1, 1], [1, 1], [5, 5], [9, 0], [9, 0]])
        var kmeans = KMeans<Double>(clusters: 3, seed: 3)
        try kmeans.fit(x)
        XCTAssertEqual(kmeans.inertia, 0)
        XCTAssertEqual(kmeans.labels[0], kmeans.labels[1])
        XCTAssertEqual(kmeans.labels[3], kmeans.labels[4])
        XCTAssertEqual(Set(kmeans.labels).count, 3)
    }

    func testFewerSamplesThanClustersThrows() {
        var kmeans = KMeans<Double>(clusters: 4)
        XCTAssertEqual(thrownError { try kmeans.fit(Tensor([[1], [2], [3]])) },
                       .tooFewSamples(operation: "KMeans.fit", required: 4, available: 3))
        XCTAssertEqual(thrownError { _ = try kmeans.predict(Tensor([[1]])) }, .notFitted(estimator: "KMeans"))
    }
}
