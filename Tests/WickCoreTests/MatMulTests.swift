import XCTest
@testable import WickCore

/// Matrix products (GEMM, and GEMV when one side is a vector) against an independent triple loop.
final class MatMulTests: XCTestCase {
    func testHandComputedProducts() {
        let a = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
        let b = Tensor<Double>([[7, 8], [9, 10], [11, 12]])
        assertTensor(matmul(a, b), shape: [2, 2], [58, 64, 139, 154])
        assertTensor(a.matmul(b), shape: [2, 2], [58, 64, 139, 154])
        assertTensor(matmul(a, a, transposeB: true), shape: [2, 2], [14, 32, 32, 77])
        assertTensor(matmul(a, a, transposeA: true), shape: [3, 3], [17, 22, 27, 22, 29, 36, 27, 36, 45])
        assertTensor(matmul(b, a, transposeA: true, transposeB: true), shape: [2, 2], [58, 139, 64, 154])
        // Row times column, column times row.
        assertTensor(matmul(Tensor<Float>([[1, 2]]), Tensor<Float>([[3], [4]])), shape: [1, 1], [11])
        assertTensor(matmul(Tensor<Float>([[1], [2]]), Tensor<Float>([[3, 4]])), shape: [2, 2], [3, 4, 6, 8])
        // GEMV: matrix · vector and vector · matrix.
        assertTensor(matmul(a, Tensor<Double>([1, 0, -1])), shape: [2], [-2, -2])
        assertTensor(matmul(Tensor<Double>([1, -1]), a), shape: [3], [-3, -3, -3])
        assertTensor(matmul(a, Tensor<Double>([1, 1]), transposeA: true), shape: [3], [5, 7, 9])
        assertTensor(matmul(Tensor<Double>([1, 1, 1]), a, transposeB: true), shape: [2], [6, 15])
    }

    /// Every transpose combination on random sizes (1xN, Nx1 and 1x1 included) against the loop.
    func checkGemmAgainstNaiveLoop<Scalar: TensorScalar>(_: Scalar.Type) {
        var g = RandomGenerator(seed: 2024)
        let sizes = [1, 2, 3, 7, 16, 33]
        var cases: [(Int, Int, Int)] = [(1, 1, 1), (1, 17, 1), (17, 1, 1), (1, 1, 17), (1, 9, 13), (13, 9, 1)]
        for _ in 0..<10 {
            cases.append((sizes[g.integer(in: 0..<sizes.count)], sizes[g.integer(in: 0..<sizes.count)],
                          g.integer(in: 1...40)))
        }
        for (m, k, n) in cases {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let aShape = transposeA ? [k, m] : [m, k], bShape = transposeB ? [n, k] : [k, n]
                    let a: Tensor<Scalar> = randomTensor(aShape, &g), b: Tensor<Scalar> = randomTensor(bShape, &g)
                    let expected = naiveProduct(doubles(a), (aShape[0], aShape[1]), transposeA: transposeA,
                                                doubles(b), (bShape[0], bShape[1]), transposeB: transposeB)
                    let c = matmul(a, b, transposeA: transposeA, transposeB: transposeB)
                    assertTensor(c, shape: [m, n], expected.values, tolerance: tolerance(Scalar.self) * Double(k))

                    // The accumulating form: c ← alpha · op(a) op(b) + beta · c.
                    var acc: Tensor<Scalar> = randomTensor([m, n], &g)
                    let before = doubles(acc)
                    Tensor.matmul(a, b, into: &acc, transposeA: transposeA, transposeB: transposeB, alpha: -0.5, beta: 2)
                    let accumulated = naiveProduct(
                        doubles(a), (aShape[0], aShape[1]), transposeA: transposeA,
                        doubles(b), (bShape[0], bShape[1]), transposeB: transposeB, alpha: -0.5, beta: 2, c: before)
                    assertClose(doubles(acc), accumulated.values, tolerance: tolerance(Scalar.self) * Double(k + 2),
                                "m \(m) k \(k) n \(n) tA \(transposeA) tB \(transposeB)")
                }
            }
        }
    }

    func testGemmAgainstNaiveLoopDouble() { checkGemmAgainstNaiveLoop(Double.self) }
    func testGemmAgainstNaiveLoopFloat() { checkGemmAgainstNaiveLoop(Float.self) }

    /// Matrix · vector and vector · matrix, both transpose flags, plus accumulation.
    func checkGemvBothWays<Scalar: TensorScalar>(_: Scalar.Type) {
        var g = RandomGenerator(seed: 77)
        for (rows, columns) in [(1, 1), (1, 9), (9, 1), (5, 12), (31, 4)] {
            let matrix: Tensor<Scalar> = randomTensor([rows, columns], &g)
            let values = doubles(matrix)
            for transposed in [false, true] {
                let inner = transposed ? rows : columns, outCount = transposed ? columns : rows
                let v: Tensor<Scalar> = randomTensor([inner], &g)
                // op(M) · v, with v as an inner x 1 matrix in the reference.
                let expected = naiveProduct(values, (rows, columns), transposeA: transposed,
                                            doubles(v), (inner, 1), transposeB: false)
                assertTensor(matmul(matrix, v, transposeA: transposed), shape: [outCount], expected.values,
                             tolerance: tolerance(Scalar.self) * Double(inner))
                // v · op(M)ᵀ is the same vector: vector · matrix goes through GEMV with the flag flipped.
                assertTensor(matmul(v, matrix, transposeB: !transposed), shape: [outCount], expected.values,
                             tolerance: tolerance(Scalar.self) * Double(inner))

                var y: Tensor<Scalar> = randomTensor([outCount], &g)
                let y0 = doubles(y)
                Tensor.matmul(matrix, v, into: &y, transposeA: transposed, alpha: 3, beta: -1)
                assertClose(doubles(y), zip(expected.values, y0).map { 3 * $0 - $1 },
                            tolerance: tolerance(Scalar.self) * Double(inner + 3))
                var z: Tensor<Scalar> = randomTensor([outCount], &g)
                let z0 = doubles(z)
                Tensor.matmul(v, matrix, into: &z, transposeB: !transposed, alpha: 0.5, beta: 0.25)
                assertClose(doubles(z), zip(expected.values, z0).map { 0.5 * $0 + 0.25 * $1 },
                            tolerance: tolerance(Scalar.self) * Double(inner + 3))
            }
        }
    }

    func testGemvBothWaysDouble() { checkGemvBothWays(Double.self) }
    func testGemvBothWaysFloat() { checkGemvBothWays(Float.self) }

    func testIntoResizesOrReusesTheOutput() {
        let a = Tensor<Double>([[1, 2], [3, 4]])
        var c = Tensor<Double>.zeros(7)
        Tensor.matmul(a, a, into: &c)
        assertTensor(c, shape: [2, 2], [7, 10, 15, 22])
        let before = c.withUnsafeMutableBufferPointer { UnsafeMutableRawPointer($0.baseAddress) }
        Tensor.matmul(a, Tensor<Double>.eye(2), into: &c)
        assertTensor(c, shape: [2, 2], [1, 2, 3, 4], tolerance: 0)
        XCTAssertEqual(c.withUnsafeMutableBufferPointer { UnsafeMutableRawPointer($0.baseAddress) }, before)
        // beta = 1 sums products over calls (gradient accumulation).
        Tensor.matmul(a, Tensor<Double>.eye(2), into: &c, beta: 1)
        Tensor.matmul(a, Tensor<Double>.eye(2), into: &c, alpha: 2, beta: 1)
        assertTensor(c, shape: [2, 2], [4, 8, 12, 16])
        // A vector output after a matrix one.
        Tensor.matmul(a, Tensor<Double>([1, 1]), into: &c)
        assertTensor(c, shape: [2], [3, 7])
    }

    func testEmptyInnerDimensionScalesByBeta() {
        let a = Tensor<Double>.zeros(2, 0), b = Tensor<Double>.zeros(0, 3)
        assertTensor(matmul(a, b), shape: [2, 3], [0, 0, 0, 0, 0, 0])
        var c = Tensor<Double>.ones(2, 3)
        Tensor.matmul(a, b, into: &c, beta: 2)
        assertTensor(c, shape: [2, 3], [2, 2, 2, 2, 2, 2])
        assertTensor(matmul(Tensor<Double>.zeros(0, 4), Tensor<Double>.zeros(4, 2)), shape: [0, 2], [])
        assertTensor(matmul(a, Tensor<Double>.zeros(0)), shape: [2], [0, 0])
        var v = Tensor<Double>([1, -1])
        Tensor.matmul(a, Tensor<Double>.zeros(0), into: &v, beta: 3)
        assertTensor(v, shape: [2], [3, -3])
        assertTensor(matmul(Tensor<Double>.zeros(4), Tensor<Double>.zeros(4, 0)), shape: [0], [])
    }

    func testProductDoesNotChangeOperandsSharingStorage() {
        let a = Tensor<Float>([[1, 2], [3, 4]])
        var c = a  // shares a's storage until written
        Tensor.matmul(a, a, into: &c)
        assertTensor(a, shape: [2, 2], [1, 2, 3, 4])
        assertTensor(c, shape: [2, 2], [7, 10, 15, 22])
    }

    func testMisuseMessages() {
        let a = Tensor<Double>.zeros(4, 3), b = Tensor<Double>.zeros(5, 2)
        XCTAssertEqual(trappedMessage { _ = matmul(a, b) }, "matmul: 4x3 and 5x2 do not line up (3 != 5)")
        XCTAssertEqual(trappedMessage { _ = matmul(a, b, transposeA: true) }, "matmul: 4x3ᵀ and 5x2 do not line up (4 != 5)")
        XCTAssertEqual(trappedMessage { _ = matmul(a, b, transposeB: true) }, "matmul: 4x3 and 5x2ᵀ do not line up (3 != 2)")
        XCTAssertEqual(trappedMessage { _ = a.matmul(Tensor<Double>.zeros(4)) }, "matmul: 4x3 and 4 do not line up (3 != 4)")
        XCTAssertEqual(trappedMessage { _ = matmul(Tensor<Double>.zeros(3), a) }, "matmul: 3 and 4x3 do not line up (3 != 4)")
        XCTAssertEqual(trappedMessage { _ = matmul(Tensor<Double>.zeros(4), a, transposeB: true) },
                       "matmul: 4 and 4x3ᵀ do not line up (4 != 3)")
        XCTAssertEqual(trappedMessage { _ = matmul(Tensor<Double>.zeros(3), Tensor<Double>.zeros(3)) },
                       "matmul: needs a matrix and a matrix or vector, got 3 and 3 (use dot for two vectors)")
        XCTAssertEqual(trappedMessage { _ = matmul(Tensor<Double>.zeros(2, 2, 2), a) },
                       "matmul: needs a matrix and a matrix or vector, got 2x2x2 and 4x3 (use dot for two vectors)")
        XCTAssertEqual(trappedMessage {
            var c = Tensor<Double>.zeros(3, 3)
            Tensor.matmul(a, Tensor<Double>.zeros(3, 2), into: &c, beta: 1)
        }, "matmul: accumulating into 3x3 but the product is 4x2")
        XCTAssertEqual(trappedMessage {
            var c = Tensor<Double>.zeros(3)
            Tensor.matmul(a, Tensor<Double>.zeros(3), into: &c, beta: 0.5)
        }, "matmul: accumulating into 3 but the product is 4")
    }
}
