import WickCore
import XCTest
@testable import Datasets

final class SyntheticDataTests: XCTestCase {
    func testEveryGeneratorIsReproducibleAndSeedDependent() {
        func all(_ seed: UInt64) -> [[Double]] {
            var g = RandomGenerator(seed: seed)
            return [
                SyntheticData.noisyLine(sampling: .uniform, generator: &g).y.scalars,
                SyntheticData.noisyQuadratic(generator: &g).y.scalars,
                SyntheticData.xor(count: 50, noise: 0.1, generator: &g).x.scalars,
                SyntheticData.twoMoons(count: 50, generator: &g).x.scalars,
                SyntheticData.circles(count: 50, generator: &g).x.scalars,
                SyntheticData.spirals(count: 50, generator: &g).x.scalars,
                SyntheticData.blobs(count: 50, generator: &g).x.scalars,
                SyntheticData.correlatedGaussian(count: 50, generator: &g).scalars,
            ]
        }
        let a = all(1), b = all(1), c = all(2)
        XCTAssertEqual(a, b)
        for (x, y) in zip(a, c) { XCTAssertNotEqual(x, y) }
    }

    func testNoisyLineRecoversItsLine() throws {
        var g = RandomGenerator(seed: 5)
        let exact = SyntheticData.noisyLine(count: 11, noise: 0, generator: &g)
        XCTAssertEqual(exact.x.shape, [11, 1])
        XCTAssertEqual(exact.x.scalars, (0...10).map(Double.init))
        XCTAssertEqual(exact.y.scalars, (0...10).map { 2 + 0.5 * Double($0) })

        let (x, y) = SyntheticData.noisyLine(count: 2000, intercept: -1, slope: 3, xRange: 0...1, sampling: .uniform,
                                             noise: 0.1, generator: &g)
        XCTAssertTrue(x.scalars.allSatisfy { (0...1).contains($0) })
        let design = Tensor.concatenated([Tensor.ones(2000, 1), x], alongDimension: 1)
        let fit = try leastSquares(design, y).solution.scalars
        XCTAssertEqual(fit[0], -1, accuracy: 0.02)
        XCTAssertEqual(fit[1], 3, accuracy: 0.03)
        // The residuals have the requested spread.
        let residuals = (0..<2000).map { y[$0] - (fit[0] + fit[1] * x[$0, 0]) }
        let sd = (residuals.map { $0 * $0 }.reduce(0, +) / 1998).squareRoot()
        XCTAssertEqual(sd, 0.1, accuracy: 0.005)
    }

    func testNoisyQuadraticAndPolynomial() {
        var g = RandomGenerator(seed: 6)
        let (x, y) = SyntheticData.noisyQuadratic(count: 7, coefficients: (1, -2, 3), noise: 0, generator: &g, as: Float.self)
        XCTAssertEqual(x.scalars, [-3, -2, -1, 0, 1, 2, 3])
        XCTAssertEqual(y.scalars, x.scalars.map { 1 - 2 * $0 + 3 * $0 * $0 })
        let cubic = SyntheticData.noisyPolynomial(count: 3, coefficients: [0, 0, 0, 1], xRange: 1...3, noise: 0, generator: &g)
        XCTAssertEqual(cubic.y.scalars, [1, 8, 27])
    }

    func testXOR() {
        let (table, tableLabels) = SyntheticData.xorTruthTable()
        XCTAssertEqual(table, Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]))
        XCTAssertEqual(tableLabels, [0, 1, 1, 0])
        var g = RandomGenerator(seed: 7)
        let (x, labels) = SyntheticData.xor(count: 400, generator: &g)
        XCTAssertEqual(x.shape, [400, 2])
        for i in 0..<400 {
            XCTAssertEqual(labels[i], (x[i, 0] > 0) != (x[i, 1] > 0) ? 1 : 0)
            XCTAssertLessThanOrEqual(max(abs(x[i, 0]), abs(x[i, 1])), 1)
        }
        let ones = labels.filter { $0 == 1 }.count
        XCTAssertTrue((160...240).contains(ones), "about half the points are class 1, got \(ones)")
    }

    func testTwoMoonsLieOnTheirArcs() {
        var g = RandomGenerator(seed: 8)
        let (x, labels) = SyntheticData.twoMoons(count: 101, noise: 0, generator: &g)
        XCTAssertEqual(x.shape, [101, 2])
        XCTAssertEqual(labels.filter { $0 == 0 }.count, 50)
        XCTAssertEqual(labels.filter { $0 == 1 }.count, 51)
        XCTAssertNotEqual(labels, labels.sorted(), "rows are shuffled")
        for i in 0..<101 {
            let (cx, cy) = labels[i] == 0 ? (0.0, 0.0) : (1.0, 0.5)
            let radius = ((x[i, 0] - cx) * (x[i, 0] - cx) + (x[i, 1] - cy) * (x[i, 1] - cy)).squareRoot()
            XCTAssertEqual(radius, 1, accuracy: 1e-12)
            // Class 0 is the upper half of its circle, class 1 the lower half of its own.
            XCTAssertTrue(labels[i] == 0 ? x[i, 1] >= -1e-12 : x[i, 1] <= 0.5 + 1e-12)
        }
    }

    func testCirclesHaveTheirRadii() {
        var g = RandomGenerator(seed: 9)
        let (x, labels) = SyntheticData.circles(count: 60, factor: 0.3, noise: 0, generator: &g)
        XCTAssertEqual(labels.filter { $0 == 1 }.count, 30)
        for i in 0..<60 {
            let radius = (x[i, 0] * x[i, 0] + x[i, 1] * x[i, 1]).squareRoot()
            XCTAssertEqual(radius, labels[i] == 0 ? 1 : 0.3, accuracy: 1e-12)
        }
        let noisy = SyntheticData.circles(count: 2000, factor: 0.3, noise: 0.05, generator: &g)
        let radii = (0..<2000).map { (noisy.x[$0, 0] * noisy.x[$0, 0] + noisy.x[$0, 1] * noisy.x[$0, 1]).squareRoot() }
        let outer = zip(radii, noisy.labels).filter { $0.1 == 0 }.map(\.0)
        XCTAssertEqual(outer.reduce(0, +) / Double(outer.count), 1, accuracy: 0.01)
    }

    func testSpiralsArmsAreHalfATurnApart() {
        var g = RandomGenerator(seed: 10)
        let (x, labels) = SyntheticData.spirals(count: 200, turns: 1, noise: 0, generator: &g)
        XCTAssertEqual(labels.filter { $0 == 0 }.count, 100)
        for i in 0..<200 {
            let r = (x[i, 0] * x[i, 0] + x[i, 1] * x[i, 1]).squareRoot()
            XCTAssertLessThanOrEqual(r, 1 + 1e-12)
            // With one turn, angle = 2π r + kπ: rotating the point back by that angle lands on +x.
            let angle = 2 * Double.pi * r + Double(labels[i]) * Double.pi
            let along = x[i, 0] * Double.cos(angle) + x[i, 1] * Double.sin(angle)
            XCTAssertEqual(along, r, accuracy: 1e-9)
        }
    }

    func testBlobsClusterAroundTheirCentres() {
        var g = RandomGenerator(seed: 11)
        let centers: [[Double]] = [[0, 0, 0], [5, 5, 5], [-5, 5, 0]]
        let (x, labels) = SyntheticData.blobs(count: 3001, centers: centers, standardDeviation: 0.5, generator: &g)
        XCTAssertEqual(x.shape, [3001, 3])
        XCTAssertEqual((0..<3).map { c in labels.filter { $0 == c }.count }, [1001, 1000, 1000])
        for (c, center) in centers.enumerated() {
            let rows = labels.indices.filter { labels[$0] == c }
            let mean = x.selecting(rows: rows).mean(alongDimension: 0).scalars
            for d in 0..<3 { XCTAssertEqual(mean[d], center[d], accuracy: 0.06) }
        }
        let random = SyntheticData.blobs(count: 10, classCount: 4, dimension: 2, centerBox: 2...3, generator: &g)
        XCTAssertEqual(random.centers.shape, [4, 2])
        XCTAssertTrue(random.centers.scalars.allSatisfy { (2...3).contains($0) })
        XCTAssertEqual(random.labels.filter { $0 == 0 }.count, 3)
    }

    func testCorrelatedGaussianHasItsMeanAndCovariance() {
        var g = RandomGenerator(seed: 12)
        let n = 40_000
        let x = SyntheticData.correlatedGaussian(count: n, generator: &g)
        XCTAssertEqual(x.shape, [n, 2])
        let mean = x.mean(alongDimension: 0)
        XCTAssertEqual(mean[0], 2, accuracy: 0.03)
        XCTAssertEqual(mean[1], 1, accuracy: 0.03)
        let centred = x - mean
        let covariance = matmul(centred, centred, transposeA: true) / Double(n - 1)
        XCTAssertTrue(covariance.isApproximatelyEqual(to: Tensor([[3, 2], [2, 2]]), tolerance: 0.08), "\(covariance)")
        // A singular covariance (perfect correlation) is allowed: every point lies on y = 2x.
        let line = SyntheticData.correlatedGaussian(count: 20, mean: [0, 0], covariance: [[1, 2], [2, 4]], generator: &g)
        for i in 0..<20 { XCTAssertEqual(line[i, 1], 2 * line[i, 0], accuracy: 1e-9) }
    }

    func testMisuseTraps() {
        XCTAssertEqual(trappedMessage { var g = RandomGenerator(seed: 0); _ = SyntheticData.twoMoons(count: -1, generator: &g) },
                       "SyntheticData.twoMoons: count must not be negative, got -1")
        XCTAssertEqual(trappedMessage { var g = RandomGenerator(seed: 0); _ = SyntheticData.circles(noise: -0.1, generator: &g) },
                       "SyntheticData.circles: noise must be a finite standard deviation >= 0, got -0.1")
        XCTAssertEqual(trappedMessage { var g = RandomGenerator(seed: 0); _ = SyntheticData.circles(factor: 1, generator: &g) },
                       "SyntheticData.circles: factor must be in (0, 1), got 1.0")
        XCTAssertEqual(trappedMessage { var g = RandomGenerator(seed: 0); _ = SyntheticData.blobs(centers: [[0, 0], [1]], generator: &g) },
                       "SyntheticData.blobs: centres must share one positive dimension, got sizes [2, 1]")
        XCTAssertEqual(trappedMessage {
            var g = RandomGenerator(seed: 0)
            _ = SyntheticData.correlatedGaussian(mean: [0, 0], covariance: [[1, 2], [2, 1]], generator: &g)
        }, "SyntheticData.correlatedGaussian: covariance is not positive semi-definite (eigenvalues [-1.0, 3.0])")
        XCTAssertEqual(trappedMessage {
            var g = RandomGenerator(seed: 0)
            _ = SyntheticData.correlatedGaussian(mean: [0], covariance: [[1, 2], [2, 1]], generator: &g)
        }, "SyntheticData.correlatedGaussian: mean has 1 entries but covariance is 2x2")
    }
}
