import XCTest
@testable import WickCore

/// `solve` (LU and Cholesky), `inverse`, `determinant` and `cholesky` on hand-computed cases.
final class SolveTests: XCTestCase {
    let spd = Tensor<Double>([[2, 1], [1, 3]])

    func checkSolve<Scalar: TensorScalar>(_: Scalar.Type) throws {
        let tol = tolerance(Scalar.self)
        let a = Tensor<Scalar>([[2, 1], [1, 3]])
        // 2x + y = 3, x + 3y = 5.
        assertTensor(try solve(a, Tensor<Scalar>([3, 5])), shape: [2], [0.8, 1.4], tolerance: tol)
        assertTensor(try solve(a, Tensor<Scalar>([3, 5]), assuming: .symmetricPositiveDefinite), shape: [2], [0.8, 1.4],
                     tolerance: tol)
        // Several right-hand sides at once.
        assertTensor(try solve(a, Tensor<Scalar>([[3, 1], [5, 0]])), shape: [2, 2], [0.8, 0.6, 1.4, -0.2], tolerance: tol)
        // A zero on the diagonal needs a row swap.
        assertTensor(try solve(Tensor<Scalar>([[0, 1], [1, 0]]), Tensor<Scalar>([2, 3])), shape: [2], [3, 2], tolerance: tol)
        // Cholesky reads only the lower triangle.
        let upperIgnored = Tensor<Scalar>([[2, 999], [1, 3]])
        assertTensor(try solve(upperIgnored, Tensor<Scalar>([3, 5]), assuming: .symmetricPositiveDefinite), shape: [2],
                     [0.8, 1.4], tolerance: tol)
    }

    func testSolveDouble() throws { try checkSolve(Double.self) }
    func testSolveFloat() throws { try checkSolve(Float.self) }

    func testSolveRecoversAKnownSolution() throws {
        var g = RandomGenerator(seed: 13)
        var a: Tensor<Double> = randomTensor([20, 20], &g)
        for i in 0..<20 { a[i, i] += 20 }  // well conditioned
        let x: Tensor<Double> = randomTensor([20, 3], &g)
        let b = matmul(a, x)
        XCTAssertTrue(try solve(a, b).isApproximatelyEqual(to: x, tolerance: 1e-12))
        let gram = matmul(a, a, transposeA: true)
        XCTAssertTrue(try solve(gram, matmul(gram, x), assuming: .symmetricPositiveDefinite)
            .isApproximatelyEqual(to: x, tolerance: 1e-11))
        XCTAssertEqual(a[0, 0], a[0, 0], "operands unchanged")
        XCTAssertEqual(b, matmul(a, x), "the right-hand side is not overwritten")
    }

    func testSolveFailures() {
        XCTAssertThrowsError(try solve(Tensor<Double>([[1, 2], [2, 4]]), Tensor<Double>([1, 1]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .singular(routine: "solve (gesv)", pivot: 1))
        }
        XCTAssertThrowsError(try solve(Tensor<Float>.zeros(3, 3), Tensor<Float>.ones(3))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .singular(routine: "solve (gesv)", pivot: 0))
        }
        XCTAssertThrowsError(try solve(Tensor<Double>([[1, 2], [2, 1]]), Tensor<Double>([1, 1]),
                                       assuming: .symmetricPositiveDefinite)) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notPositiveDefinite(routine: "solve (posv)", order: 2))
        }
        XCTAssertThrowsError(try solve(Tensor<Double>.zeros(2, 3), Tensor<Double>.ones(2))) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .shapeMismatch(operation: "solve", details: "needs a square matrix, got 2x3"))
        }
        XCTAssertThrowsError(try solve(Tensor<Double>.ones(4), Tensor<Double>.ones(4))) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .shapeMismatch(operation: "solve", details: "needs a square matrix, got 4"))
        }
        XCTAssertThrowsError(try solve(spd, Tensor<Double>.ones(3))) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .shapeMismatch(operation: "solve", details: "the right-hand side 3 does not have 2 rows"))
        }
        XCTAssertThrowsError(try solve(spd, Tensor<Double>.ones(3, 2))) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .shapeMismatch(operation: "solve", details: "the right-hand side 3x2 does not have 2 rows"))
        }
        // LAPACKE checks its inputs for NaN and reports the offending argument.
        XCTAssertThrowsError(try solve(Tensor<Double>([[1, .nan], [0, 1]]), Tensor<Double>([1, 1]))) { error in
            guard case .invalidArgument(let routine, _)? = error as? LinearAlgebraError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(routine, "solve (gesv)")
        }
    }

    func testInverse() throws {
        assertTensor(try inverse(Tensor<Double>([[4, 7], [2, 6]])), shape: [2, 2], [0.6, -0.7, -0.2, 0.4], tolerance: 1e-15)
        assertTensor(try inverse(Tensor<Float>([[0, 2], [4, 0]])), shape: [2, 2], [0, 0.25, 0.5, 0])
        var g = RandomGenerator(seed: 31)
        var a: Tensor<Double> = randomTensor([12, 12], &g)
        for i in 0..<12 { a[i, i] += 5 }
        XCTAssertTrue(matmul(a, try inverse(a)).isApproximatelyEqual(to: .eye(12), tolerance: 1e-13))
        XCTAssertEqual(try inverse(Tensor<Double>.zeros(0, 0)).shape, [0, 0])
        XCTAssertThrowsError(try inverse(Tensor<Double>([[1, 2], [2, 4]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .singular(routine: "inverse (getrf)", pivot: 1))
        }
        XCTAssertThrowsError(try inverse(Tensor<Double>.zeros(3, 1))) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .shapeMismatch(operation: "inverse", details: "needs a square matrix, got 3x1"))
        }
    }

    func checkDeterminant<Scalar: TensorScalar>(_: Scalar.Type) throws {
        let tol = tolerance(Scalar.self) * 1000
        XCTAssertEqual(Double(try determinant(Tensor<Scalar>([[4, 7], [2, 6]]))), 10, accuracy: tol)
        XCTAssertEqual(Double(try determinant(Tensor<Scalar>([[6, 1, 1], [4, -2, 5], [2, 8, 7]]))), -306, accuracy: tol)
        XCTAssertEqual(Double(try determinant(Tensor<Scalar>([[0, 1], [1, 0]]))), -1, accuracy: tol, "one row swap")
        XCTAssertEqual(Double(try determinant(Tensor<Scalar>([[0, 0, 2], [0, 3, 0], [5, 0, 0]]))), -30, accuracy: tol)
        XCTAssertEqual(try determinant(Tensor<Scalar>([[1, 2], [2, 4]])), 0)
        XCTAssertEqual(try determinant(Tensor<Scalar>.eye(0)), 1)
        XCTAssertEqual(Double(try determinant(Tensor<Scalar>.eye(5) * 2)), 32, accuracy: tol)
        XCTAssertThrowsError(try determinant(Tensor<Scalar>.zeros(2, 3))) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .shapeMismatch(operation: "determinant", details: "needs a square matrix, got 2x3"))
        }
    }

    func testDeterminantDouble() throws { try checkDeterminant(Double.self) }
    func testDeterminantFloat() throws { try checkDeterminant(Float.self) }

    func testDeterminantOfAProductIsTheProductOfDeterminants() throws {
        var g = RandomGenerator(seed: 17)
        let a: Tensor<Double> = randomTensor([6, 6], &g), b: Tensor<Double> = randomTensor([6, 6], &g)
        let product = try determinant(matmul(a, b)), separate = try determinant(a) * determinant(b)
        XCTAssertEqual(product, separate, accuracy: 1e-12 * max(1, abs(separate)))
    }

    func testCholesky() throws {
        assertTensor(try cholesky(Tensor<Double>([[4, 2], [2, 3]])), shape: [2, 2], [2, 0, 1, 2.0.squareRoot()],
                     tolerance: 1e-15)
        let a = Tensor<Double>([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
        assertTensor(try cholesky(a), shape: [3, 3], [2, 0, 0, 6, 1, 0, -8, 5, 3], tolerance: 1e-13)
        let l = try cholesky(Tensor<Float>(a))
        XCTAssertTrue(matmul(l, l, transposeB: true).isApproximatelyEqual(to: Tensor<Float>(a), tolerance: 1e-4))
        // The strict upper triangle of the input is never read.
        assertTensor(try cholesky(Tensor<Double>([[4, .nan], [2, 3]])), shape: [2, 2], [2, 0, 1, 2.0.squareRoot()],
                     tolerance: 1e-15)
        XCTAssertThrowsError(try cholesky(Tensor<Double>([[1, 2], [2, 1]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notPositiveDefinite(routine: "cholesky (potrf)", order: 2))
        }
        XCTAssertThrowsError(try cholesky(Tensor<Double>([[-1, 0], [0, 1]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notPositiveDefinite(routine: "cholesky (potrf)", order: 1))
        }
        XCTAssertThrowsError(try cholesky(Tensor<Double>.zeros(1, 2))) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .shapeMismatch(operation: "cholesky", details: "needs a square matrix, got 1x2"))
        }
    }
}
