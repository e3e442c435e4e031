import XCTest
@testable import ClassicalML

/// The k nearest neighbours by the definition: every distance computed directly, sorted by
/// (distance, training index).
func bruteForce(_ train: Tensor<Double>, _ queries: Tensor<Double>, k: Int, metric: DistanceMetric)
    -> (indices: [[Int]], distances: [[Double]]) {
    let (n, d) = (train.shape[0], train.shape[1])
    let t = train.scalars, u = queries.scalars
    func distance(_ q: Int, _ i: Int) -> Double {
        var sum = 0.0, dotProduct = 0.0, a = 0.0, b = 0.0
        for j in 0..<d {
            let (p, r) = (u[q * d + j], t[i * d + j])
            switch metric {
            case .l2: sum += (p - r) * (p - r)
            case .l1: sum += abs(p - r)
            case .cosine: dotProduct += p * r; a += p * p; b += r * r
            }
        }
        switch metric {
        case .l2: return sum.squareRoot()
        case .l1: return sum
        case .cosine: return a == 0 || b == 0 ? 1 : 1 - dotProduct / (a.squareRoot() * b.squareRoot())
        }
    }
    var indices: [[Int]] = [], distances: [[Double]] = []
    for q in 0..<queries.shape[0] {
        let candidates: [(distance: Double, index: Int)] = (0..<n).map { (distance(q, $0), $0) }
        let all = candidates.sorted { a, b in a.distance < b.distance || (a.distance == b.distance && a.index < b.index) }
        indices.append(all.prefix(k).map { $0.index })
        distances.append(all.prefix(k).map { $0.distance })
    }
    return (indices, distances)
}

final class NeighborSearchTests: XCTestCase {
    /// Blocks and tiles small enough that the test data crosses many of their boundaries, with
    /// partial ones at the ends (the L1 tile, 20, is not a whole number of 8-sample panels), and
    /// no direct L2 search, so that these small sets go through the Float filter (the default
    /// tiling searches them directly).
    private let smallTiling = NeighborSearch<Double>.Tiling(productQueries: 7, productTraining: 50,
                                                           manhattanQueries: 5, manhattanTraining: 20,
                                                           directSearchLimit: 0)

    func testMatchesBruteForceOnRandomDataForEveryMetric() {
        let train = randomMatrix(403, 5, seed: 1)
        let queries = randomMatrix(61, 5, seed: 2)
        for metric in DistanceMetric.allCases {
            let expected = bruteForce(train, queries, k: 7, metric: metric)
            for tiling in [smallTiling, NeighborSearch<Double>.Tiling()] {
                let (distances, indices) = NeighborSearch(points: train, metric: metric).search(queries, k: 7, tiling: tiling)
                XCTAssertEqual((0..<61).map { Array(indices[($0 * 7)..<($0 * 7 + 7)]) }, expected.indices, "\(metric)")
                let worst = zip(distances, expected.distances.flatMap { $0 }).map { abs($0 - $1) }.max()!
                XCTAssertLessThan(worst, 1e-12, "\(metric)")
            }
        }
    }

    func testTiesGoToTheLowerTrainingIndex() {
        // Small integer coordinates: many duplicate points and equal distances, all exact.
        let train = integerMatrix(300, 3, seed: 3, range: 0..<3)
        let queries = integerMatrix(70, 3, seed: 4, range: 0..<3)
        for metric in [DistanceMetric.l2, .l1] {
            for k in [1, 4, 25] {
                let expected = bruteForce(train, queries, k: k, metric: metric)
                for tiling in [smallTiling, NeighborSearch<Double>.Tiling()] {
                    let (distances, indices) = NeighborSearch(points: train, metric: metric).search(queries, k: k, tiling: tiling)
                    XCTAssertEqual((0..<70).map { Array(indices[($0 * k)..<($0 * k + k)]) }, expected.indices, "\(metric), k = \(k)")
                    XCTAssertEqual(distances, expected.distances.flatMap { $0 }, "\(metric), k = \(k)")
                }
            }
        }
    }

    func testZeroVectorsAreAtCosineDistanceOne() {
        let train = Tensor<Double>([[0, 0], [1, 0], [0, 2]])
        let (distances, indices) = NeighborSearch(points: train, metric: .cosine).search(Tensor([[0, 0], [3, 0]]), k: 3)
        XCTAssertEqual(Array(distances[0..<3]), [1, 1, 1])
        XCTAssertEqual(Array(indices[0..<3]), [0, 1, 2])
        XCTAssertEqual(Array(indices[3..<6]), [1, 0, 2])
        XCTAssertEqual(Array(distances[3..<6]), [0, 1, 1])
    }

    func testFloatSearchAgreesWithDouble() {
        let train = randomMatrix(300, 4, seed: 5), queries = randomMatrix(80, 4, seed: 6)
        for metric in DistanceMetric.allCases {
            let double = NeighborSearch(points: train, metric: metric).search(queries, k: 3)
            let single = NeighborSearch(points: Tensor<Float>(train), metric: metric).search(Tensor<Float>(queries), k: 3)
            XCTAssertEqual(single.indices, double.indices, "\(metric)")
            let worst = zip(single.distances, double.distances).map { abs(Double($0) - $1) }.max()!
            XCTAssertLessThan(worst, 1e-5, "\(metric)")
        }
    }

    func testBLASThreadCountIsRestoredAfterConcurrentSearches() {
        let before = BLAS.numThreads
        let search = NeighborSearch(points: randomMatrix(500, 4, seed: 7), metric: .l2)
        let queries = randomMatrix(300, 4, seed: 8)
        let expected = search.search(queries, k: 3).indices
        XCTAssertEqual(BLAS.numThreads, before)
        // Searches overlapping in time: the first to enter saves the count, the last to leave
        // restores it.
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            XCTAssertEqual(search.search(queries, k: 3).indices, expected)
        }
        XCTAssertEqual(BLAS.numThreads, before)
    }

    func testTopKKeepsTheSmallestWithStableTies() {
        var top = TopK<Double>(lists: 1, k: 3)
        let values: [Double] = [5, 1, 3, 1, 0, 3]
        values.withUnsafeBufferPointer { top.offer(list: 0, values: $0.baseAddress!, count: 3, firstIndex: 0) }
        XCTAssertEqual(top.indices(of: 0), [1, 2, 0])
        values.withUnsafeBufferPointer { top.offer(list: 0, values: $0.baseAddress! + 3, count: 3, firstIndex: 3) }
        // 0 (index 4) first, then the two 1s in index order; the later 3 does not displace.
        XCTAssertEqual(top.indices(of: 0), [4, 1, 3])
    }
}
