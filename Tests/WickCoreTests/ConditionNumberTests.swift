import XCTest
@testable import WickCore

/// Matrices singular to working precision: `solve` and `inverse` refuse them with the estimated
/// reciprocal condition number (LAPACK `gecon`/`pocon`), `determinant` still answers, and
/// `conditionNumber` exposes the estimate. Expected values from SciPy 1.10's LAPACK wrappers
/// (`dgetrf` + `dgecon`) and NumPy 1.24 (`np.linalg.cond(a, 1)`, `np.linalg.det`), or by hand.
final class ConditionNumberTests: XCTestCase {
    /// `[[3, 3], [5, 5]]`: LU (with a row swap) leaves the pivot −4.44e-16 instead of 0 in Double;
    /// dgecon estimates the reciprocal condition number 2.7755575615628914e-17, below 2⁻⁵³.
    let nearlySingular = Tensor<Double>([[3, 3], [5, 5]])

    /// The reciprocal condition number carried by the error `body` throws, failing unless it is
    /// `singularToWorkingPrecision` from `routine`.
    private func refusal(_ routine: String, file: StaticString = #filePath, line: UInt = #line,
                         _ body: () throws -> Void) -> Double? {
        do {
            try body()
            XCTFail("expected singularToWorkingPrecision, nothing was thrown", file: file, line: line)
        } catch let LinearAlgebraError.singularToWorkingPrecision(thrownRoutine, reciprocal) {
            XCTAssertEqual(thrownRoutine, routine, file: file, line: line)
            return reciprocal
        } catch {
            XCTFail("expected singularToWorkingPrecision, got \(error)", file: file, line: line)
        }
        return nil
    }

    func testSolveRefusesAMatrixSingularToWorkingPrecision() throws {
        // It had returned [2.25e15, −2.25e15] (NumPy's solve still does).
        let reciprocal = try XCTUnwrap(refusal("solve (gesv)") { _ = try solve(nearlySingular, Tensor([1, 0])) })
        XCTAssertEqual(reciprocal, 2.7755575615628914e-17, accuracy: 1e-19)
        XCTAssertLessThan(reciprocal, 0x1p-53)
        XCTAssertEqual("\(LinearAlgebraError.singularToWorkingPrecision(routine: "solve (gesv)", reciprocalCondition: reciprocal))",
                       "solve (gesv): the matrix is singular to working precision (reciprocal condition number 2.78e-17 in the 1-norm); consider leastSquares or a ridge penalty")
    }

    func testInverseRefusesAMatrixSingularToWorkingPrecision() throws {
        // It had returned entries of 2.25e15.
        let reciprocal = try XCTUnwrap(refusal("inverse (getrf)") { _ = try inverse(nearlySingular) })
        XCTAssertEqual(reciprocal, 2.7755575615628914e-17, accuracy: 1e-19)
    }

    func testFloatSeesAnExactZeroPivot() {
        // In Float, LU of [[3, 3], [5, 5]] gives the pivot 3 − 0.6·5 = 0 exactly (SciPy's sgetrf:
        // info 2), which is the old, exact singularity.
        XCTAssertThrowsError(try solve(Tensor<Float>([[3, 3], [5, 5]]), Tensor<Float>([1, 0]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .singular(routine: "solve (gesv)", pivot: 1))
        }
        XCTAssertEqual(try conditionNumber(Tensor<Float>([[3, 3], [5, 5]])), .infinity)
    }

    func testFloatRefusesWhatIsSingularToFloatPrecision() throws {
        // [[1, 1], [1, 1 + 2⁻²⁰]]: κ₁ = (2 + 2⁻²⁰)·(2 + 2⁻²⁰)·2²⁰ ≈ 4.2e6 (by hand: the inverse is
        // 2²⁰·[[1 + 2⁻²⁰, −1], [−1, 1]]), fine in Double and in Float (1/κ ≈ 2.4e-7 > 2⁻²⁴).
        let fine = Tensor<Float>([[1, 1], [1, 1 + 0x1p-20]])
        XCTAssertNoThrow(try solve(fine, Tensor<Float>([2, 2])))
        XCTAssertEqual(Double(try conditionNumber(fine)), (2 + 0x1p-20) * (2 + 0x1p-20) * 0x1p20, accuracy: 1)
        // [[1, 1], [1, 1 + 2⁻²³]]: κ₁ ≈ 4·2²³ = 3.4e7, 1/κ ≈ 3.0e-8 < 2⁻²⁴ = 6.0e-8: singular to
        // working precision in Float, and still well inside Double's.
        let tight = Tensor<Float>([[1, 1], [1, 1 + 0x1p-23]])
        let reciprocal = try XCTUnwrap(refusal("solve (gesv)") { _ = try solve(tight, Tensor<Float>([2, 2])) })
        XCTAssertEqual(reciprocal, 1 / ((2 + 0x1p-23) * (2 + 0x1p-23) * 0x1p23), accuracy: 1e-9)
        XCTAssertNoThrow(try solve(Tensor<Double>([[1, 1], [1, 1 + 0x1p-23]]), Tensor<Double>([2, 2])))
    }

    func testCholeskySolveRefusesToo() throws {
        // [[1, 1], [1, 1 + 2⁻⁵²]] is positive definite (Cholesky: l₂₂ = 2⁻²⁶), but
        // κ₁ = (2 + 2⁻⁵²)²·2⁵² ≈ 1.8e16: 1/κ ≈ 5.6e-17 < 2⁻⁵³.
        let spd = Tensor<Double>([[1, 1], [1, 1 + 0x1p-52]])
        let reciprocal = try XCTUnwrap(refusal("solve (posv)") {
            _ = try solve(spd, Tensor<Double>([2, 2]), assuming: .symmetricPositiveDefinite)
        })
        XCTAssertEqual(reciprocal, 0x1p-54, accuracy: 1e-18)
        XCTAssertNotNil(refusal("solve (gesv)") { _ = try solve(spd, Tensor<Double>([2, 2])) })
    }

    func testDeterminantStillAnswers() throws {
        // NumPy's det gives 2.220446049250313e-15 = 5 · 2⁻⁵¹ (the pivots 5 and −4.44e-16, one swap).
        XCTAssertEqual(try determinant(nearlySingular), 5 * 0x1p-51)
    }

    func testConditionNumber() throws {
        // NumPy: np.linalg.cond([[4, 1], [2, 3]], 1) = 3.0 (‖A‖₁ = 6, ‖A⁻¹‖₁ = 0.5 by hand).
        XCTAssertEqual(try conditionNumber(Tensor<Double>([[4, 1], [2, 3]])), 3, accuracy: 1e-12)
        XCTAssertEqual(try conditionNumber(Tensor<Float>([[4, 1], [2, 3]])), 3, accuracy: 1e-5)
        // The estimate of [[3, 3], [5, 5]]: 1 / 2.7755575615628914e-17 = 3.6e16.
        XCTAssertEqual(try conditionNumber(nearlySingular), 1 / 2.7755575615628914e-17, accuracy: 1e14)
        // The 12 x 12 Hilbert matrix: NumPy's exact κ₁ is 4.004e16, dgecon estimates 3.988e16.
        var hilbert = Tensor<Double>.zeros(12, 12)
        for i in 0..<12 { for j in 0..<12 { hilbert[i, j] = 1 / Double(i + j + 1) } }
        XCTAssertEqual(try conditionNumber(hilbert), 3.987896700496176e16, accuracy: 1e15)
        XCTAssertEqual(try conditionNumber(Tensor<Double>([[0]])), .infinity)
        XCTAssertEqual(try conditionNumber(Tensor<Double>.zeros(0, 0)), 1)
        XCTAssertEqual(try conditionNumber(Tensor<Double>.eye(5)), 1)
        XCTAssertThrowsError(try conditionNumber(Tensor<Double>.zeros(2, 3))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .shapeMismatch(operation: "conditionNumber", details: "needs a square matrix, got 2x3"))
        }
        XCTAssertThrowsError(try conditionNumber(Tensor<Double>([[1, .nan], [0, 1]]))) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .nonFinite(operation: "conditionNumber", operand: "the matrix", index: 1))
        }
    }
}
