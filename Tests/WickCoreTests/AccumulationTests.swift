import XCTest
@testable import WickCore

/// WickCore's reductions accumulate `Float` data in Double: sums, means, norms and dot products
/// past Float's 2²⁴ and far from the origin. Expected values are exact by hand (stated with each),
/// or from NumPy in float64 on the same Float values.
final class AccumulationTests: XCTestCase {
    /// 20 million Float ones: a Float accumulator stops at 2²⁴ = 16777216.
    static let twentyMillionOnes = Tensor<Float>.ones(shape: [20_000_000])

    func testSumOfTwentyMillionFloatOnes() {
        let ones = Self.twentyMillionOnes
        XCTAssertEqual(ones.sum(), 20_000_000)
        XCTAssertEqual(ones.mean(), 1)
        XCTAssertEqual(ones.norm(p: 1), 20_000_000)
        // √(2·10⁷) = 4472.13595499958, which rounds to the Float 4472.1357.
        XCTAssertEqual(ones.norm(), Float(20_000_000.0.squareRoot()))
        XCTAssertEqual(ones.norm(p: 2), Float(20_000_000.0.squareRoot()))
        XCTAssertEqual(ones.reshaped(1, 20_000_000).sum(alongDimension: 1), Tensor([20_000_000]))
        XCTAssertEqual(ones.reshaped(20_000_000, 1).sum(alongDimension: 0), Tensor([20_000_000]))
        XCTAssertEqual(ones.reshaped(1, 20_000_000).mean(alongDimension: 1), Tensor([1]))
    }

    func testDotOfLargeFloatVectors() {
        // Σ 4097·1 over 2·10⁷ terms = 81,940,000,000 exactly (by hand); its nearest Float is
        // 81939996672. A Float accumulator loses 4097 against a running sum whose spacing is
        // up to 8192.
        let a = Self.twentyMillionOnes, b = Self.twentyMillionOnes.map { $0 * 4097 }
        XCTAssertEqual(dot(a, b), Float(81_940_000_000.0))
        XCTAssertEqual(b.sum(), Float(81_940_000_000.0))
    }

    func testMeanOfFortySevenMillionPixels() {
        // As many values as Fashion-MNIST's training pixels (60000·784 = 47,040,000 = 256·183750),
        // each residue 0…255 equally often (i·31 mod 256 runs through all of them): mean 127.5
        // exactly (by hand). Fashion-MNIST's own mean came out as 76.40 instead of 72.94.
        let count = 60_000 * 784
        // Value k is (31k) mod 256, which repeats every 256 values: copied period by period.
        let period = (0..<256).map { Float(($0 * 31) & 255) }
        var scalars = [Float](repeating: 0, count: count)
        scalars.withUnsafeMutableBufferPointer { target in
            period.withUnsafeBufferPointer { source in
                for start in stride(from: 0, to: count, by: 256) { (target.baseAddress! + start).update(from: source.baseAddress!, count: 256) }
            }
        }
        let pixels = Tensor<Float>(shape: [60_000, 784], scalars: scalars)
        XCTAssertEqual(pixels.mean(), 127.5)
        XCTAssertEqual(pixels.sum(), Float(127.5 * Double(count)))
        // The column means: column j holds (i·784 + j)·31 mod 256 for i < 60000; 784·31 ≡ 240
        // (mod 256), so each column cycles through 16 residues (step 16) from 31j mod 256: mean
        // (31j mod 16) + 120 (by hand: 16 values r, r + 16, …, r + 240 average r + 120, with 60000
        // = 16·3750 rows).
        let columnMeans = pixels.mean(alongDimension: 0)
        for j in [0, 1, 17, 783] { XCTAssertEqual(columnMeans[j], Float((31 * j) % 16 + 120), "column \(j)") }
    }

    func testSumsAlongADimensionFarFromTheOrigin() {
        // 10⁶ x 2 Float data: 10000 + zᵢ with zᵢ = ((7919·i mod 1000) − 499.5)/√83333.25 and
        // 10000 + 0.1·zᵢ' (104729·i mod 997). NumPy (math.fsum on the float32 values in float64):
        // column sums 10000000000.000000 and 9999999998.992188, means 10000.0000000000 and
        // 9999.9999989922 — all of which round to the Float 10000 or 1e10.
        let n = 1_000_000
        func z(_ i: Int, _ a: Int, _ m: Int) -> Double {
            (Double((i * a) % m) - Double(m - 1) / 2) / (Double(m * m - 1) / 12).squareRoot()
        }
        var values = [Float](repeating: 0, count: 2 * n)
        for i in 0..<n {
            values[2 * i] = Float(10_000 + z(i, 7919, 1000))
            values[2 * i + 1] = Float(10_000 + 0.1 * z(i, 104_729, 997))
        }
        let x = Tensor(shape: [n, 2], scalars: values)
        XCTAssertEqual(x.sum(alongDimension: 0), Tensor([1e10, 1e10]))
        XCTAssertEqual(x.mean(alongDimension: 0), Tensor([10_000, 10_000]))
        XCTAssertEqual(x.mean(), 10_000)
        XCTAssertEqual(x.sum(), 2e10)
        // Row sums (the contiguous path): row 0 is 10000 + z₀ and 10000 + 0.1·z₀'.
        XCTAssertEqual(x.sum(alongDimension: 1)[0], values[0] + values[1])
    }

    func testDoubleReductionsStillAgreeWithTheDefinition() {
        // Eight interleaved partial sums change the order of the additions, not the result of
        // exactly representable cases; a ragged length exercises the tail.
        let t = Tensor<Double>((0..<1003).map { Double($0) })
        XCTAssertEqual(t.sum(), 1002 * 1003 / 2)
        XCTAssertEqual(t.mean(), 501)
        XCTAssertEqual(dot(t, t), Double((0..<1003).reduce(0) { $0 + $1 * $1 }))
        XCTAssertEqual(t.norm(p: 1), 1002 * 1003 / 2)
    }
}
