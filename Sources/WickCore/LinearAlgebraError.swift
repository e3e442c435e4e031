import Foundation

/// A failure of a LAPACK-backed routine, with the routine's name and what went wrong.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The operands' shapes do not fit the operation.
    case shapeMismatch(operation: String, details: String)
    /// The matrix is singular: the LU factorisation found an exact zero at 0-based pivot `pivot`.
    case singular(routine: String, pivot: Int)
    /// The matrix is singular to working precision: its LU (or Cholesky) factorisation has no
    /// zero pivot, but the estimate of its reciprocal condition number in the 1-norm,
    /// `reciprocalCondition` = `1 / (‖A‖₁ ‖A⁻¹‖₁)` (LAPACK `gecon` or `pocon`), is below the
    /// relative machine precision ε of the scalar type (LAPACK's `lamch('E')`: 2⁻⁵³ for `Double`,
    /// 2⁻²⁴ for `Float`), LAPACK's own test in `gesvx`. A solution or inverse would then be
    /// rounding noise: `solve([[3, 3], [5, 5]], [1, 0])` had returned [2.25e15, −2.25e15].
    case singularToWorkingPrecision(routine: String, reciprocalCondition: Double)
    /// The matrix is not positive definite: the leading minor of order `order` is not positive.
    case notPositiveDefinite(routine: String, order: Int)
    /// An iterative step (eigenvalues, singular values) did not converge; `count` is LAPACK's info.
    case noConvergence(routine: String, count: Int)
    /// An input holds NaN or infinity at the given row-major position.
    case nonFinite(operation: String, operand: String, index: Int)
    /// LAPACK rejected its argument number `argument` (1-based). LAPACKE reports a NaN in an input
    /// matrix this way too.
    case invalidArgument(routine: String, argument: Int)

    /// A sentence naming the routine or operation and what went wrong, for error messages.
    public var description: String {
        switch self {
        case let .shapeMismatch(operation, details):
            return "\(operation): \(details)"
        case let .singular(routine, pivot):
            return "\(routine): the matrix is singular (zero pivot at index \(pivot)); consider leastSquares or a ridge penalty"
        case let .singularToWorkingPrecision(routine, reciprocalCondition):
            return "\(routine): the matrix is singular to working precision (reciprocal condition number "
                + "\(formatReciprocal(reciprocalCondition)) in the 1-norm); consider leastSquares or a ridge penalty"
        case let .notPositiveDefinite(routine, order):
            return "\(routine): the matrix is not positive definite (leading minor of order \(order) is not positive)"
        case let .noConvergence(routine, count):
            return "\(routine): the algorithm did not converge (\(count) off-diagonal elements did not reach zero)"
        case let .nonFinite(operation, operand, index):
            return "\(operation): \(operand) holds a NaN or infinity at flat index \(index)"
        case let .invalidArgument(routine, argument):
            return "\(routine): argument \(argument) is invalid (a NaN or infinity in the input is reported this way)"
        }
    }
}

/// A reciprocal condition number with three significant digits (`1.23e-17`).
private func formatReciprocal(_ value: Double) -> String { String(format: "%.2e", value) }
