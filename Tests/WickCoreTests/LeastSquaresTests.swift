import XCTest
@testable import WickCore

/// `leastSquares` (gelsd): exact fits, residual fits, and the minimum-norm solution of rank-deficient
/// and underdetermined systems, checked against a pseudo-inverse built by hand from the SVD.
final class LeastSquaresTests: XCTestCase {
    /// pinv(A) · b from the thin SVD: V diag(1/s) Uᵀ b, dropping singular values below `cutoff`.
    func pseudoInverseSolution(_ a: Tensor<Double>, _ b: Tensor<Double>, cutoff: Double) throws -> Tensor<Double> {
        let d = try svd(a)
        var coefficients = matmul(d.u, b, transposeA: true)  // Uᵀ b
        for j in 0..<d.s.count { coefficients[j] = d.s[j] > cutoff ? coefficients[j] / d.s[j] : 0 }
        return matmul(d.vt, coefficients, transposeA: true)  // V (…)
    }

    func testExactLineFit() throws {
        let a = Tensor<Double>([[1, 0], [1, 1], [1, 2], [1, 3]])
        let fit = try leastSquares(a, Tensor<Double>([1, 3, 5, 7]))
        assertTensor(fit.solution, shape: [2], [1, 2], tolerance: 1e-14)
        XCTAssertEqual(fit.rank, 2)
        XCTAssertEqual(fit.singularValues.shape, [2])
        let f = try leastSquares(Tensor<Float>(a), Tensor<Float>([1, 3, 5, 7]))
        assertTensor(f.solution, shape: [2], [1, 2], tolerance: 1e-5)
    }

    func testOverdeterminedMatchesTheNormalEquations() throws {
        var g = RandomGenerator(seed: 9)
        let a: Tensor<Double> = randomTensor([15, 4], &g), b: Tensor<Double> = randomTensor([15, 2], &g)
        let fit = try leastSquares(a, b)
        XCTAssertEqual(fit.solution.shape, [4, 2])
        let normal = try solve(matmul(a, a, transposeA: true), matmul(a, b, transposeA: true), assuming: .symmetricPositiveDefinite)
        XCTAssertTrue(fit.solution.isApproximatelyEqual(to: normal, tolerance: 1e-12))
        // The residual is orthogonal to the columns of A.
        let residual = matmul(a, fit.solution) - b
        XCTAssertLessThan(matmul(a, residual, transposeA: true).norm(p: .infinity), 1e-12)
        let d = try svd(a)
        XCTAssertTrue(fit.singularValues.isApproximatelyEqual(to: d.s, tolerance: 1e-12))
    }

    func testRankDeficientGivesTheMinimumNormSolution() throws {
        var g = RandomGenerator(seed: 10)
        var a: Tensor<Double> = randomTensor([6, 4], &g)
        for i in 0..<6 {  // column 2 = column 0 + column 1, column 3 = 2 · column 0: rank 2
            a[i, 2] = a[i, 0] + a[i, 1]
            a[i, 3] = 2 * a[i, 0]
        }
        let b: Tensor<Double> = randomTensor([6], &g)
        let fit = try leastSquares(a, b)
        XCTAssertEqual(fit.rank, 2)
        XCTAssertEqual(fit.solution.shape, [4])
        let expected = try pseudoInverseSolution(a, b, cutoff: 1e-10)
        assertClose(doubles(fit.solution), doubles(expected), tolerance: 1e-12)
        // Any other least-squares solution is the minimum-norm one plus a null-space vector: longer.
        let nullVector = Tensor<Double>([1, 1, -1, 0])
        XCTAssertLessThan(matmul(a, nullVector).norm(), 1e-15)
        XCTAssertLessThan(fit.solution.norm(), (fit.solution + nullVector * 0.1).norm())
        XCTAssertLessThan(abs(dot(fit.solution, nullVector)), 1e-12, "orthogonal to the null space")
    }

    /// Tall systems (m > 2n) go through an LQ reduction first; it must keep rank, singular values
    /// and the minimum-norm solution, for several right-hand sides, in Float too.
    func testTallRankDeficientThroughTheReductionMatchesThePseudoInverse() throws {
        var g = RandomGenerator(seed: 12)
        var a: Tensor<Double> = randomTensor([40, 5], &g)
        for i in 0..<40 {  // rank 3: column 3 = column 0 − column 1, column 4 = 3 · column 2
            a[i, 3] = a[i, 0] - a[i, 1]
            a[i, 4] = 3 * a[i, 2]
        }
        let b: Tensor<Double> = randomTensor([40, 3], &g)
        let fit = try leastSquares(a, b)
        XCTAssertEqual(fit.rank, 3)
        XCTAssertEqual(fit.solution.shape, [5, 3])
        XCTAssertTrue(fit.singularValues.isApproximatelyEqual(to: try svd(a).s, tolerance: 1e-12))
        for j in 0..<3 {
            let expected = try pseudoInverseSolution(a, b.column(j), cutoff: 1e-10)
            assertClose(doubles(fit.solution.column(j)), doubles(expected), tolerance: 1e-12)
            // Float: rounding the columns to Float breaks their exact dependence, so say what
            // counts as zero.
            let f = try leastSquares(Tensor<Float>(a), Tensor<Float>(b.column(j)), rcond: 1e-5)
            XCTAssertEqual(f.rank, 3)
            assertClose(doubles(Tensor<Double>(f.solution)), doubles(expected), tolerance: 1e-3)
        }
    }

    func testUnderdeterminedGivesTheMinimumNormSolution() throws {
        // Two equations, four unknowns: x = Aᵀ (A Aᵀ)⁻¹ b.
        let a = Tensor<Double>([[1, 2, 0, 1], [0, 1, 1, -1]])
        let b = Tensor<Double>([3, 1])
        let fit = try leastSquares(a, b)
        XCTAssertEqual(fit.rank, 2)
        let expected = matmul(a, try solve(matmul(a, a, transposeB: true), b), transposeA: true)
        assertClose(doubles(fit.solution), doubles(expected), tolerance: 1e-14)
        assertClose(doubles(matmul(a, fit.solution)), [3, 1], tolerance: 1e-14)
    }

    func testRcondControlsTheEffectiveRank() throws {
        let a = Tensor<Double>([[1, 0], [0, 1e-8], [0, 0]])
        let b = Tensor<Double>([1, 1, 0])
        XCTAssertEqual(try leastSquares(a, b).rank, 2)
        let truncated = try leastSquares(a, b, rcond: 1e-6)
        XCTAssertEqual(truncated.rank, 1)
        assertTensor(truncated.solution, shape: [2], [1, 0], tolerance: 1e-14)
    }

    func testFailures() {
        XCTAssertThrowsError(try leastSquares(Tensor<Double>([1, 2]), Tensor<Double>([1, 2]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .shapeMismatch(operation: "leastSquares", details: "needs a matrix, got 2"))
        }
        XCTAssertThrowsError(try leastSquares(Tensor<Double>.zeros(3, 2), Tensor<Double>.zeros(2))) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .shapeMismatch(operation: "leastSquares", details: "the right-hand side 2 does not have 3 rows"))
        }
        XCTAssertThrowsError(try leastSquares(Tensor<Double>([[1, 0], [0, .nan]]), Tensor<Double>([1, 1]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .nonFinite(operation: "leastSquares", operand: "A", index: 3))
        }
        XCTAssertThrowsError(try leastSquares(Tensor<Double>.eye(2), Tensor<Double>([.infinity, 1]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .nonFinite(operation: "leastSquares", operand: "b", index: 0))
        }
    }

    /// 1000 rows, x₁ a deterministic unit-variance sequence, x₂ = x₁ + 10⁻⁴·e, y = 3x₁ − 2x₂, all
    /// rounded to Float: with NumPy 1.24,
    ///
    /// ```python
    /// def z(n, a, m):
    ///     i = np.arange(n, dtype=np.int64)
    ///     return (((i * a) % m).astype(np.float64) - (m - 1) / 2) / math.sqrt((m * m - 1) / 12)
    /// x1 = z(1000, 7919, 1000); x2 = x1 + 1e-4 * z(1000, 104729, 997)
    /// X = np.stack([x1, x2], 1).astype(np.float32)
    /// y = (3 * X[:, 0].astype(np.float64) - 2 * X[:, 1].astype(np.float64)).astype(np.float32)
    /// np.linalg.lstsq(X, y, rcond=None)  # [3, -2], rank 2, s = [44.721344, 0.0022410562]
    /// ```
    ///
    /// (SciPy's float32 lstsq gives [3.0000007, −2] at rank 2; in float64 on the same values the
    /// answer is [3.00000001, −2.00000001].) σ₂/σ₁ = 5.0e-5 is below Float's ε·max(m, n) = 1.2e-4,
    /// so the old cutoff dropped x₂ and answered [0.5, 0.5] at rank 1.
    func testFloatInputKeepsADirectionAboveDoublesCutoff() throws {
        func z(_ i: Int, _ a: Int, _ m: Int) -> Double {
            (Double((i * a) % m) - Double(m - 1) / 2) / (Double(m * m - 1) / 12).squareRoot()
        }
        var x = Tensor<Float>.zeros(1000, 2), y = Tensor<Float>.zeros(1000)
        for i in 0..<1000 {
            let x1 = z(i, 7919, 1000)
            x[i, 0] = Float(x1)
            x[i, 1] = Float(x1 + 1e-4 * z(i, 104_729, 997))
            y[i] = Float(3 * Double(x[i, 0]) - 2 * Double(x[i, 1]))
        }
        let fit = try leastSquares(x, y)
        XCTAssertEqual(fit.rank, 2)
        XCTAssertEqual(Double(fit.solution[0]), 3, accuracy: 1e-4)
        XCTAssertEqual(Double(fit.solution[1]), -2, accuracy: 1e-4)
        XCTAssertEqual(Double(fit.singularValues[0]), 44.721344, accuracy: 1e-4)
        XCTAssertEqual(Double(fit.singularValues[1]), 0.0022410562, accuracy: 1e-8)
        // SciPy's float32 rule (ε of Float, no max(m, n)) keeps it too; Float's ε times
        // max(m, n), the old default, drops it.
        XCTAssertEqual(try leastSquares(x, y, rcond: Float.ulpOfOne).rank, 2)
        let old = try leastSquares(x, y, rcond: Float.ulpOfOne * 1000)
        XCTAssertEqual(old.rank, 1)
        // Exactly collinear Float columns (x₂ = 2x₁ exactly) stay rank 1: NumPy gives
        // [0.2000003, 0.4000006], the minimum-norm solution.
        var collinear = x
        for i in 0..<1000 { collinear[i, 1] = 2 * collinear[i, 0] }
        let minimum = try leastSquares(collinear, y)
        XCTAssertEqual(minimum.rank, 1)
        XCTAssertEqual(Double(minimum.solution[0]), 0.2000003, accuracy: 1e-5)
        XCTAssertEqual(Double(minimum.solution[1]), 0.4000006, accuracy: 1e-5)
    }
}
