import XCTest
@testable import WickCore

/// The seeded generator: the exact xoshiro256** stream, then the statistics of every distribution.
final class RandomTests: XCTestCase {
    func testStreamMatchesTheReferenceAlgorithm() {
        // Expected values from an independent transcription of the published xoshiro256** and
        // SplitMix64 reference code (in Python), not from Wick itself.
        var g = RandomGenerator(seed: 42)
        XCTAssertEqual(g.next(), 0x1578_0B2E_0C2E_C716)
        XCTAssertEqual(g.next(), 0x6104_D986_6D11_3A7E)
        XCTAssertEqual(g.next(), 0xAE17_5332_39E4_99A1)
        XCTAssertEqual(g.next(), 0xECB8_AD47_03B3_60A1)
        var zero = RandomGenerator(seed: 0)
        XCTAssertEqual(zero.next(), 0x99EC_5F36_CB75_F2B4)
        XCTAssertEqual(zero.next(), 0xBF6E_1F78_4956_452A)
        var u = RandomGenerator(seed: 42)
        XCTAssertEqual(u.uniform(), 0.08386297105988216)
        XCTAssertEqual(u.uniform(), 0.3789802506626686)
    }

    func testSameSeedSameNumbersDifferentSeedDifferentNumbers() {
        var a = RandomGenerator(seed: 7), b = RandomGenerator(seed: 7), c = RandomGenerator(seed: 8)
        var sa: [Double] = [], sb: [Double] = [], sc: [Double] = []
        for _ in 0..<100 {
            sa.append(a.normal()); sb.append(b.normal()); sc.append(c.normal())
            sa.append(a.uniform(-1, 1)); sb.append(b.uniform(-1, 1)); sc.append(c.uniform(-1, 1))
            sa.append(Double(a.integer(in: 0..<1000))); sb.append(Double(b.integer(in: 0..<1000)))
            sc.append(Double(c.integer(in: 0..<1000)))
        }
        XCTAssertEqual(sa, sb)
        XCTAssertNotEqual(sa, sc)
        XCTAssertEqual(a.permutation(20), b.permutation(20))
        // A copy continues the same stream: the generator is a value.
        var copy = a
        XCTAssertEqual(copy.next(), a.next())
    }

    func testUniformMoments() {
        var g = RandomGenerator(seed: 100)
        let n = 100_000
        var sum = 0.0, sumSquares = 0.0, low = 1.0, high = 0.0
        for _ in 0..<n {
            let x = g.uniform()
            sum += x; sumSquares += x * x
            low = min(low, x); high = max(high, x)
        }
        let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
        XCTAssertEqual(mean, 0.5, accuracy: 0.005)  // standard error 0.0009
        XCTAssertEqual(variance, 1.0 / 12, accuracy: 0.002)
        XCTAssertGreaterThanOrEqual(low, 0)
        XCTAssertLessThan(high, 1)
        XCTAssertLessThan(low, 0.001)
        XCTAssertGreaterThan(high, 0.999)

        var inRange = true, total = 0.0
        for _ in 0..<10_000 {
            let x = g.uniform(-3, 5)
            inRange = inRange && x >= -3 && x < 5
            total += x
        }
        XCTAssertTrue(inRange)
        XCTAssertEqual(total / 10_000, 1, accuracy: 0.1)
    }

    func testNormalMoments() {
        var g = RandomGenerator(seed: 200)
        let n = 100_000
        var samples = [Double](repeating: 0, count: n)
        for i in 0..<n { samples[i] = g.normal() }
        let mean = samples.reduce(0, +) / Double(n)
        let centred = samples.map { $0 - mean }
        let variance = centred.reduce(0) { $0 + $1 * $1 } / Double(n)
        let skewness = centred.reduce(0) { $0 + $1 * $1 * $1 } / Double(n) / Foundation.pow(variance, 1.5)
        let kurtosis = centred.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(n) / (variance * variance)
        XCTAssertEqual(mean, 0, accuracy: 0.015)  // standard error 0.003
        XCTAssertEqual(variance, 1, accuracy: 0.02)
        XCTAssertEqual(skewness, 0, accuracy: 0.05)
        XCTAssertEqual(kurtosis, 3, accuracy: 0.1)
        let withinOneSigma = Double(samples.filter { abs($0) < 1 }.count) / Double(n)
        XCTAssertEqual(withinOneSigma, 0.6827, accuracy: 0.01)

        var shifted = 0.0, shiftedSquares = 0.0
        for _ in 0..<20_000 {
            let x = g.normal(mean: 10, standardDeviation: 0.5)
            shifted += x; shiftedSquares += x * x
        }
        let m = shifted / 20_000
        XCTAssertEqual(m, 10, accuracy: 0.02)
        XCTAssertEqual((shiftedSquares / 20_000 - m * m).squareRoot(), 0.5, accuracy: 0.02)
    }

    func testBernoulliRate() {
        var g = RandomGenerator(seed: 300)
        let n = 100_000
        var hits = 0
        for _ in 0..<n where g.bernoulli(0.25) { hits += 1 }
        XCTAssertEqual(Double(hits) / Double(n), 0.25, accuracy: 0.007)  // standard error 0.0014
        XCTAssertFalse((0..<1000).contains { _ in g.bernoulli(0) })
        XCTAssertTrue((0..<1000).allSatisfy { _ in g.bernoulli(1) })
    }

    func testIntegersCoverTheRangeEvenly() {
        var g = RandomGenerator(seed: 400)
        var counts = [Int](repeating: 0, count: 10)
        let n = 50_000
        for _ in 0..<n { counts[g.integer(in: 0..<10)] += 1 }
        // Pearson's chi-square with 9 degrees of freedom: 27.9 is its 0.999 quantile.
        let expected = Double(n) / 10
        let chiSquare = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        XCTAssertLessThan(chiSquare, 27.9, "counts \(counts)")

        var seen = Set<Int>()
        for _ in 0..<500 {
            let x = g.integer(in: -3...3)
            XCTAssertTrue((-3...3).contains(x))
            seen.insert(x)
        }
        XCTAssertEqual(seen, Set(-3...3), "closed ranges include both ends")
        XCTAssertEqual(g.integer(in: 5..<6), 5)
        XCTAssertEqual(g.integer(in: -9 ... -9), -9)
    }

    func testIntegersOverAHugeSpanAreUnbiased() {
        // A span of 3·2⁶¹ is where taking the 64-bit draw modulo the span would put 3/8 of the mass,
        // instead of 1/3, into the first third of the range.
        var g = RandomGenerator(seed: 500)
        let span = 3 << 61
        let n = 30_000
        var firstThird = 0
        for _ in 0..<n where g.integer(in: 0..<span) < span / 3 { firstThird += 1 }
        XCTAssertEqual(Double(firstThird) / Double(n), 1.0 / 3, accuracy: 0.015)  // standard error 0.0027
    }

    func testPermutationAndShuffle() {
        var g = RandomGenerator(seed: 600)
        for n in [0, 1, 2, 10, 257] {
            let p = g.permutation(n)
            XCTAssertEqual(p.sorted(), Array(0..<n))
        }
        XCTAssertNotEqual(g.permutation(50), Array(0..<50))

        // Each of the 6 orderings of 3 items is equally likely.
        var counts: [[Int]: Int] = [:]
        for _ in 0..<6000 { counts[g.permutation(3), default: 0] += 1 }
        XCTAssertEqual(counts.count, 6)
        for (order, count) in counts { XCTAssertEqual(Double(count), 1000, accuracy: 150, "\(order)") }

        var words = ["a", "b", "c", "d", "e", "f"]
        g.shuffle(&words)
        XCTAssertEqual(words.sorted(), ["a", "b", "c", "d", "e", "f"])
        var single = [1]
        g.shuffle(&single)
        XCTAssertEqual(single, [1])
    }

    func testWorksWithTheStandardLibrary() {
        var a = RandomGenerator(seed: 700), b = RandomGenerator(seed: 700)
        let xs = (0..<20).map { _ in Int.random(in: 0..<100, using: &a) }
        let ys = (0..<20).map { _ in Int.random(in: 0..<100, using: &b) }
        XCTAssertEqual(xs, ys)
        XCTAssertTrue(xs.allSatisfy { (0..<100).contains($0) })
    }

    func testGlobalGenerator() {
        manualSeed(77)
        let first = withGlobalGenerator { $0.next() }
        let second = withGlobalGenerator { $0.next() }
        manualSeed(77)
        XCTAssertEqual(withGlobalGenerator { $0.next() }, first)
        XCTAssertEqual(withGlobalGenerator { $0.next() }, second)
        var reference = RandomGenerator(seed: 77)
        XCTAssertEqual(reference.next(), first)
    }

    func testSavedStateContinuesTheStream() {
        var g = RandomGenerator(seed: 800)
        _ = g.next()
        _ = g.normal()  // leaves the pair's second deviate pending
        XCTAssertNotNil(g.pendingNormal)
        var restored = RandomGenerator(state: g.state, spareNormal: g.pendingNormal)
        XCTAssertEqual(restored.state, g.state)
        XCTAssertEqual(restored.normal(), g.normal(), "the pending deviate comes first")
        XCTAssertNil(g.pendingNormal)
        for _ in 0..<10 { XCTAssertEqual(restored.normal(), g.normal()) }
        XCTAssertEqual(restored.next(), g.next())
        XCTAssertEqual(restored.permutation(10), g.permutation(10))

        // Without the pending deviate, the stream of raw bits is still the same.
        var fresh = RandomGenerator(seed: 801)
        var copy = RandomGenerator(state: fresh.state)
        XCTAssertEqual((0..<5).map { _ in copy.next() }, (0..<5).map { _ in fresh.next() })
        XCTAssertEqual(RandomGenerator(seed: 801).state.count, 4)
    }

    func testMisuseMessages() {
        XCTAssertEqual(trappedMessage { var g = RandomGenerator(seed: 1); _ = g.integer(in: 5..<5) },
                       "RandomGenerator.integer(in:): empty range 5..<5")
        XCTAssertEqual(trappedMessage { _ = RandomGenerator(state: [1, 2, 3]) },
                       "RandomGenerator(state:): expected 4 words, got 3")
    }
}
