import XCTest
import WickCore

// Helpers shared by the WickCore tests: an independent naive matrix product, random operands,
// and element-wise comparisons with a readable failure message.

/// `alpha · op(a) · op(b) + beta · c` by the textbook triple loop, in Double, on row-major arrays.
/// It shares no code with Wick's BLAS path, which is the point.
func naiveProduct(
    _ a: [Double], _ aShape: (Int, Int), transposeA: Bool,
    _ b: [Double], _ bShape: (Int, Int), transposeB: Bool,
    alpha: Double = 1, beta: Double = 0, c: [Double]? = nil
) -> (values: [Double], rows: Int, columns: Int) {
    let m = transposeA ? aShape.1 : aShape.0, k = transposeA ? aShape.0 : aShape.1
    let n = transposeB ? bShape.0 : bShape.1
    func aAt(_ i: Int, _ p: Int) -> Double { transposeA ? a[p * aShape.1 + i] : a[i * aShape.1 + p] }
    func bAt(_ p: Int, _ j: Int) -> Double { transposeB ? b[j * bShape.1 + p] : b[p * bShape.1 + j] }
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k { s += aAt(i, p) * bAt(p, j) }
            out[i * n + j] = alpha * s + beta * (c?[i * n + j] ?? 0)
        }
    }
    return (out, m, n)
}

/// A tensor of the given shape with uniform values in [-1, 1) from `generator`.
func randomTensor<Scalar: TensorScalar>(_ shape: [Int], _ generator: inout RandomGenerator) -> Tensor<Scalar> {
    Tensor<Scalar>.uniform(shape: shape, low: -1, high: 1, generator: &generator)
}

/// The elements of `t` as Doubles.
func doubles<Scalar: TensorScalar>(_ t: Tensor<Scalar>) -> [Double] { t.scalars.map { Double($0) } }

/// Asserts that two arrays have the same length and agree element-wise within `tolerance`.
func assertClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double,
    _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, "count differs. \(message())", file: file, line: line)
    guard actual.count == expected.count else { return }
    for i in actual.indices where !(abs(actual[i] - expected[i]) <= tolerance) {
        XCTFail("element \(i): \(actual[i]) vs expected \(expected[i]) (tolerance \(tolerance)). \(message())",
                file: file, line: line)
        return
    }
}

/// Asserts that `t` has `shape` and elements close to `expected`.
func assertTensor<Scalar: TensorScalar>(
    _ t: Tensor<Scalar>, shape: [Int], _ expected: [Double], tolerance: Double = 0,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(t.shape, shape, "shape", file: file, line: line)
    assertClose(doubles(t), expected, tolerance: tolerance, file: file, line: line)
}

/// A tolerance that suits the scalar type: loose for Float, tight for Double.
func tolerance<Scalar: TensorScalar>(_: Scalar.Type) -> Double { Scalar.self == Float.self ? 1e-4 : 1e-12 }
