import XCTest
@testable import ClassicalML

/// The two-stage L2 search (a Float filter on centred data, then Double distances) must find
/// exactly what the definition finds, including where Float cannot tell the distances apart, for
/// Double data and for Float data (whose exact distances are those of its values in Double).
final class NeighborSearchFloatFilterTests: XCTestCase {
    private func assertMatchesBruteForce(_ train: Tensor<Double>, _ queries: Tensor<Double>, k: Int,
                                         tiling: NeighborSearch<Double>.Tiling = .filtered, _ message: String = "",
                                         file: StaticString = #filePath, line: UInt = #line) {
        let expected = bruteForce(train, queries, k: k, metric: .l2)
        let (distances, indices) = NeighborSearch(points: train, metric: .l2).search(queries, k: k, tiling: tiling)
        let q = queries.shape[0]
        XCTAssertEqual((0..<q).map { Array(indices[($0 * k)..<($0 * k + k)]) }, expected.indices, message, file: file, line: line)
        XCTAssertEqual(distances, expected.distances.flatMap { $0 }, message, file: file, line: line)
    }

    func testL2UsesTheFilterAndOtherCasesDoNot() {
        XCTAssertNotNil(NeighborSearch(points: randomMatrix(10, 3, seed: 1), metric: .l2).floatFilter)
        XCTAssertNotNil(NeighborSearch(points: Tensor<Float>(randomMatrix(10, 3, seed: 1)), metric: .l2).floatFilter)
        // The bound applies to the centred data: an offset of 2⁴¹ alone does not disable it.
        XCTAssertNotNil(NeighborSearch(points: randomMatrix(10, 3, seed: 1) + 0x1p41, metric: .l2).floatFilter)
        XCTAssertNil(NeighborSearch(points: randomMatrix(10, 3, seed: 1), metric: .l1).floatFilter)
        XCTAssertNil(NeighborSearch(points: randomMatrix(10, 3, seed: 1), metric: .cosine).floatFilter)
        // Beyond the magnitude the error bound is proven for, the search stays in Double.
        var big = randomMatrix(10, 3, seed: 1)
        big[0, 0] = 0x1p41
        XCTAssertNil(NeighborSearch(points: big, metric: .l2).floatFilter)
    }

    func testHighDimensionalClusteredDataMatchesBruteForce() {
        // Many samples at nearly the same distance from each query: the regime where the
        // margin matters. Queries are drawn near training samples.
        let centres = randomMatrix(6, 64, seed: 2, low: -5, high: 5)
        let noise = randomMatrix(1200, 64, seed: 3, low: -0.05, high: 0.05)
        var train = noise
        for i in 0..<1200 { for j in 0..<64 { train[i, j] += centres[i % 6, j] } }
        let queries = train.selecting(rows: Array(stride(from: 5, to: 1200, by: 37))) + randomMatrix(33, 64, seed: 4, low: -1e-3, high: 1e-3)
        assertMatchesBruteForce(train, queries, k: 5)
        assertMatchesBruteForce(train, queries, k: 5, tiling: .init(productQueries: 4, productTraining: 100, directSearchLimit: 0))
    }

    func testDistancesFloatCannotSeparateAreRankedInDouble() {
        // 40 samples whose squared distances from the origin differ by 1e-12 relative, far below
        // Float's resolution, in scrambled order, among 300 farther samples.
        var rows: [[Double]] = []
        for i in 0..<300 { rows.append([3 + Double(i % 7), Double(i % 5), -2]) }
        for i in 0..<40 {
            let step = Double((i * 17) % 40)
            rows.append([1 + step * 1e-12, 0, 0])
            rows[rows.count - 1].swapAt(0, i % 3)
        }
        let train = Tensor(rows)
        let queries = Tensor<Double>([[0, 0, 0], [1e-13, 0, 0]])
        for k in [1, 3, 40, 41] { assertMatchesBruteForce(train, queries, k: k, "k = \(k)") }
    }

    func testSphereOfNearlyEqualDistancesIsRankedInDouble() {
        // 2000 points in 16 dimensions at distance 1 + δ from the origin, δ < 1e-9: seen from
        // the origin they are all one distance in Float, so every one is a candidate and the
        // Double distances alone decide.
        let directions = randomMatrix(2000, 16, seed: 10)
        var generator = RandomGenerator(seed: 11)
        var train = directions
        for i in 0..<2000 {
            var norm = 0.0
            for j in 0..<16 { norm += directions[i, j] * directions[i, j] }
            let radius = 1 + generator.uniform(0, 1e-9)
            for j in 0..<16 { train[i, j] = directions[i, j] / norm.squareRoot() * radius }
        }
        assertMatchesBruteForce(train, Tensor<Double>.zeros(1, 16), k: 5)
    }

    func testQueriesWithTooManyCandidatesAreSearchedInDouble() {
        // A cap of 2 candidates: every query overflows the filter and is searched again by the
        // all-Double path; the results must not change.
        let train = integerMatrix(200, 3, seed: 5, range: 0..<3)
        let queries = integerMatrix(30, 3, seed: 6, range: 0..<3)
        var tiling = NeighborSearch<Double>.Tiling(productQueries: 7, productTraining: 50, directSearchLimit: 0)
        tiling.filterCandidates = 2
        for k in [1, 4] { assertMatchesBruteForce(train, queries, k: k, tiling: tiling, "k = \(k)") }
    }

    func testHugeQueriesFallBackToDouble() {
        let train = randomMatrix(50, 2, seed: 7)
        let queries = Tensor<Double>([[0x1p45, 0], [0.5, 0.5]])
        assertMatchesBruteForce(train, queries, k: 3)
    }

    func testTinyCoordinatesStayExact() {
        // Coordinates around 1e-30: their squares underflow in Float, and the absolute part of
        // the bound keeps every sample a candidate rather than ranking on zeros.
        let train = randomMatrix(80, 4, seed: 8) * 1e-30
        let queries = randomMatrix(9, 4, seed: 9) * 1e-30
        assertMatchesBruteForce(train, queries, k: 4)
    }

    private func assertFloatMatchesBruteForce(_ train: Tensor<Float>, _ queries: Tensor<Float>, k: Int,
                                              tiling: NeighborSearch<Float>.Tiling = .filtered, _ message: String = "",
                                              file: StaticString = #filePath, line: UInt = #line) {
        // The definition, in Double on the Float values (which Double holds exactly).
        let expected = bruteForce(Tensor<Double>(train), Tensor<Double>(queries), k: k, metric: .l2)
        let (distances, indices) = NeighborSearch(points: train, metric: .l2).search(queries, k: k, tiling: tiling)
        let q = queries.shape[0]
        XCTAssertEqual((0..<q).map { Array(indices[($0 * k)..<($0 * k + k)]) }, expected.indices, message, file: file, line: line)
        XCTAssertEqual(distances, expected.distances.flatMap { $0 }.map { Float($0) }, message, file: file, line: line)
    }

    func testFloatDataFarFromTheOriginMatchesBruteForce() {
        // Clustered 16-dimensional Float data at an offset of 10⁴ (Float's spacing there is
        // 2⁻¹⁰): ‖x‖² is about 1.6·10⁹, so the uncentred Float ranking could not resolve the
        // distances (about 0.05 to 5) at all.
        let centres = randomMatrix(5, 16, seed: 12, low: -2, high: 2)
        var train = randomMatrix(600, 16, seed: 13, low: -0.05, high: 0.05)
        for i in 0..<600 { for j in 0..<16 { train[i, j] += 10_000 + centres[i % 5, j] } }
        let trainFloat = Tensor<Float>(train)
        let queries = Tensor<Float>(train.selecting(rows: Array(stride(from: 3, to: 600, by: 29)))
                                    + randomMatrix(21, 16, seed: 14, low: -0.01, high: 0.01))
        assertFloatMatchesBruteForce(trainFloat, queries, k: 1)
        assertFloatMatchesBruteForce(trainFloat, queries, k: 5)
        assertFloatMatchesBruteForce(trainFloat, queries, k: 5, tiling: .init(productQueries: 4, productTraining: 64, directSearchLimit: 0))
    }

    func testFloatQueriesWithTooManyCandidatesStayCentred() {
        // Every query overflows a cap of 2 and is searched again by the Float product search,
        // which works on centred data too: on integer coordinates near 10⁴ it must still find
        // the true neighbours (ties to the lower index).
        let train = Tensor<Float>(integerMatrix(200, 3, seed: 15, range: 0..<3) + 10_000)
        let queries = Tensor<Float>(integerMatrix(30, 3, seed: 16, range: 0..<3) + 10_000)
        var tiling = NeighborSearch<Float>.Tiling(productQueries: 7, productTraining: 50, directSearchLimit: 0)
        tiling.filterCandidates = 2
        for k in [1, 4] { assertFloatMatchesBruteForce(train, queries, k: k, tiling: tiling, "k = \(k)") }
    }

    func testSmallTrainingSetsAreSearchedDirectly() {
        // Up to 2048 training scalars every distance is computed directly in Double; the answer
        // is the same as through the filter.
        let train = Tensor<Float>(integerMatrix(40, 3, seed: 17, range: 0..<4) + 10_000)
        let queries = Tensor<Float>(integerMatrix(25, 3, seed: 18, range: 0..<4) + 10_000)
        for k in [1, 3, 40] {
            assertFloatMatchesBruteForce(train, queries, k: k, tiling: .init(), "direct, k = \(k)")
            assertFloatMatchesBruteForce(train, queries, k: k, "filtered, k = \(k)")
        }
    }
}

extension NeighborSearch.Tiling {
    /// The default tiling with the direct search switched off, so that small test sets go
    /// through the Float filter.
    static var filtered: Self { .init(directSearchLimit: 0) }
}
