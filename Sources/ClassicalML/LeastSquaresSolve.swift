// The rank-revealing least-squares solve behind LinearRegression's default solver: LAPACK's
// gelsd called directly on a buffer the caller hands over, so that a large design matrix is
// neither scanned nor copied again (WickCore's general `leastSquares` validates and copies its
// inputs, which for a tall matrix costs as much as the solve).

/// The minimum-norm `W` minimising `‖A W − B‖` for `A` (m x n) and `B` (m x k), and the
/// numerical rank of `A`, by LAPACK's divide-and-conquer SVD solver `gelsd`.
///
/// `design` is overwritten (pass a buffer of your own, such as the centred copy of `x`); the
/// inputs must already be known to be finite.
/// - Throws: `LinearAlgebraError.noConvergence` when the SVD does not converge.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func minimumNormLeastSquares<Scalar: TensorScalar>(
    overwriting design: inout Tensor<Scalar>, _ targets: Tensor<Scalar>
) throws -> (solution: Tensor<Scalar>, rank: Int) {
    let (m, n, k) = (design.shape[0], design.shape[1], targets.shape[1])
    if n == 0 || k == 0 { return (.zeros(shape: [n, k]), 0) }
    // gelsd writes the n x k solution over a max(m, n) x k right-hand side.
    var rhs: Tensor<Scalar>
    if m >= n {
        rhs = targets
    } else {
        rhs = .zeros(shape: [n, k])
        rhs[rows: 0..<m] = targets
    }
    var singularValues = [Scalar](repeating: 0, count: Swift.min(m, n))
    var rank: Int32 = 0
    let info = design.withUnsafeMutableBufferPointer { a in
        rhs.withUnsafeMutableBufferPointer { b in
            singularValues.withUnsafeMutableBufferPointer { s in
                Scalar.lapackGelsd(m: m, n: n, nrhs: k, a: a.baseAddress!, b: b.baseAddress!, ldb: k,
                                   s: s.baseAddress!, rcond: -1, rank: &rank)
            }
        }
    }
    if info > 0 { throw LinearAlgebraError.noConvergence(routine: "LinearRegression.fit (gelsd)", count: Int(info)) }
    wickPrecondition(info == 0, "LinearRegression.fit: LAPACK gelsd rejected argument \(-info)")
    return (rhs.shape[0] == n ? rhs : rhs[rows: 0..<n], Int(rank))
}
