import XCTest
@testable import WickCore

/// `symmetricEigen` and `svd`: hand cases, residuals and orthogonality on random matrices.
final class DecompositionTests: XCTestCase {
    /// A random symmetric n x n matrix.
    func randomSymmetric<Scalar: TensorScalar>(_ n: Int, seed: UInt64) -> Tensor<Scalar> {
        var g = RandomGenerator(seed: seed)
        let r: Tensor<Scalar> = randomTensor([n, n], &g)
        return (r + r.transposed()) / 2
    }

    func testEigenOfATwoByTwo() throws {
        let e = try symmetricEigen(Tensor<Double>([[2, 1], [1, 2]]))
        assertTensor(e.values, shape: [2], [1, 3], tolerance: 1e-15)
        // Eigenvectors are defined up to sign: compare |v|.
        let s = 0.5.squareRoot()
        assertClose(doubles(e.vectors.abs()), [s, s, s, s], tolerance: 1e-15)
        XCTAssertEqual(e.vectors[0, 0] * e.vectors[1, 0], -0.5, accuracy: 1e-15, "λ = 1 goes with (1, -1)")
        XCTAssertEqual(e.vectors[0, 1] * e.vectors[1, 1], 0.5, accuracy: 1e-15, "λ = 3 goes with (1, 1)")
    }

    func testEigenResidualOrderAndOrthonormality() throws {
        let n = 30
        let a: Tensor<Double> = randomSymmetric(n, seed: 1)
        let e = try symmetricEigen(a)
        XCTAssertEqual(e.values.shape, [n])
        XCTAssertEqual(e.vectors.shape, [n, n])
        for j in 0..<n {
            let v = e.vectors.column(j)
            let residual = (matmul(a, v) - v * e.values[j]).norm()
            XCTAssertLessThan(residual, 1e-10, "‖Av − λv‖ for eigenpair \(j)")
            if j > 0 { XCTAssertLessThanOrEqual(e.values[j - 1], e.values[j], "ascending") }
        }
        XCTAssertTrue(matmul(e.vectors, e.vectors, transposeA: true).isApproximatelyEqual(to: .eye(n), tolerance: 1e-12))
        // Trace is the sum of the eigenvalues.
        XCTAssertEqual(e.values.sum(), (0..<n).reduce(0) { $0 + a[$1, $1] }, accuracy: 1e-12)
    }

    func testEigenFloat() throws {
        let a: Tensor<Float> = randomSymmetric(12, seed: 2)
        let e = try symmetricEigen(a)
        for j in 0..<12 {
            let v = e.vectors.column(j)
            XCTAssertLessThan((matmul(a, v) - v * e.values[j]).norm(), 1e-4)
            if j > 0 { XCTAssertLessThanOrEqual(e.values[j - 1], e.values[j]) }
        }
    }

    func testEigenReadsOnlyTheLowerTriangle() throws {
        let lower = Tensor<Double>([[2, 0], [1, 2]])
        assertTensor(try symmetricEigen(lower).values, shape: [2], [1, 3], tolerance: 1e-15)
    }

    func testEigenFailures() {
        XCTAssertThrowsError(try symmetricEigen(Tensor<Double>.zeros(2, 3))) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .shapeMismatch(operation: "symmetricEigen", details: "needs a square matrix, got 2x3"))
        }
        XCTAssertThrowsError(try symmetricEigen(Tensor<Double>([[1, 0], [.infinity, 1]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .nonFinite(operation: "symmetricEigen", operand: "the matrix", index: 2))
        }
        XCTAssertEqual(try symmetricEigen(Tensor<Double>.zeros(0, 0)).values.shape, [0])
    }

    func testSvdOfADiagonalMatrix() throws {
        let d = try svd(Tensor<Double>([[3, 0], [0, -2]]))
        assertTensor(d.s, shape: [2], [3, 2], tolerance: 1e-15)
    }

    /// U diag(S) Vᵀ rebuilds A; U and V have orthonormal columns; S is non-negative and descending.
    func checkSvd<Scalar: TensorScalar>(rows: Int, columns: Int, _: Scalar.Type, tolerance tol: Double) throws {
        var g = RandomGenerator(seed: UInt64(rows * 100 + columns))
        let a: Tensor<Scalar> = randomTensor([rows, columns], &g)
        let d = try svd(a)
        let k = min(rows, columns)
        XCTAssertEqual(d.u.shape, [rows, k])
        XCTAssertEqual(d.s.shape, [k])
        XCTAssertEqual(d.vt.shape, [k, columns])
        var scaledU = d.u
        for i in 0..<rows { for j in 0..<k { scaledU[i, j] *= d.s[j] } }
        XCTAssertTrue(matmul(scaledU, d.vt).isApproximatelyEqual(to: a, tolerance: Scalar(tol)), "reconstruction")
        XCTAssertTrue(matmul(d.u, d.u, transposeA: true).isApproximatelyEqual(to: .eye(k), tolerance: Scalar(tol)))
        XCTAssertTrue(matmul(d.vt, d.vt, transposeB: true).isApproximatelyEqual(to: .eye(k), tolerance: Scalar(tol)))
        for j in 0..<k {
            XCTAssertGreaterThanOrEqual(d.s[j], 0)
            if j > 0 { XCTAssertLessThanOrEqual(d.s[j], d.s[j - 1]) }
        }
        // The Frobenius norm is the root of the sum of the squared singular values.
        XCTAssertEqual(Double(a.norm()), Double(d.s.norm()), accuracy: tol * 10)
    }

    func testSvdTallWideAndSquare() throws {
        try checkSvd(rows: 9, columns: 4, Double.self, tolerance: 1e-13)
        try checkSvd(rows: 4, columns: 9, Double.self, tolerance: 1e-13)
        try checkSvd(rows: 6, columns: 6, Double.self, tolerance: 1e-13)
        try checkSvd(rows: 1, columns: 5, Double.self, tolerance: 1e-13)
        try checkSvd(rows: 8, columns: 3, Float.self, tolerance: 1e-5)
    }

    func testSvdFailures() {
        XCTAssertThrowsError(try svd(Tensor<Double>([1, 2]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .shapeMismatch(operation: "svd", details: "needs a matrix, got 2"))
        }
        XCTAssertThrowsError(try svd(Tensor<Float>([[1, .nan]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .nonFinite(operation: "svd", operand: "the matrix", index: 1))
        }
    }
}
