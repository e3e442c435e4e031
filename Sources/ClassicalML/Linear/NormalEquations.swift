// The Cholesky solve behind the normal equations of least squares and ridge, with a check for
// matrices that are singular in all but rounding.

/// Solves `A W = B` for a symmetric positive (semi)definite `A` (n x n, lower triangle read) and
/// `B` (n x k) by Cholesky (`posv`).
///
/// Rounding often lets a Cholesky factorisation of a singular `XᵀX` finish with a tiny positive
/// pivot instead of failing, and the "solution" is then noise. So besides LAPACK's own failure,
/// pivot `i` counts as zero when `Lᵢᵢ² ≤ 16·n·ε·Aᵢᵢ`, that is when column `i` keeps almost none
/// of its norm after projecting out the columns before it.
/// - Throws: ``ClassicalMLError/singularNormalEquations(operation:column:)`` naming the first
///   dependent column.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func choleskySolve<Scalar: TensorScalar>(
    _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, operation: String
) throws -> Tensor<Scalar> {
    let n = a.shape[0], k = b.shape[1]
    if n == 0 { return b }
    let diagonal = (0..<n).map { a[$0, $0] }
    var factor = a, solution = b
    let info = factor.withUnsafeMutableBufferPointer { pa in
        solution.withUnsafeMutableBufferPointer { pb in
            Scalar.lapackPosv(n: n, nrhs: k, a: pa.baseAddress!, b: pb.baseAddress!)
        }
    }
    if info > 0 { throw ClassicalMLError.singularNormalEquations(operation: operation, column: Int(info) - 1) }
    wickPrecondition(info == 0, "\(operation): LAPACK posv rejected argument \(-info)")
    let tolerance = 16 * Scalar(n) * Scalar.ulpOfOne
    for i in 0..<n {
        let pivot = factor[i, i]
        if !(pivot * pivot > tolerance * diagonal[i]) {
            throw ClassicalMLError.singularNormalEquations(operation: operation, column: i)
        }
    }
    return solution
}
