import Dispatch

// Dense linear algebra on LAPACK (row-major LAPACKE calls). Every routine copies its inputs, so
// the caller's tensors never change, and turns LAPACK's `info` into a LinearAlgebraError.

@usableFromInline
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func requireSquare<Scalar>(_ a: Tensor<Scalar>, _ operation: String) throws {
    guard a.rank == 2, a.shape[0] == a.shape[1] else {
        throw LinearAlgebraError.shapeMismatch(operation: operation, details: "needs a square matrix, got \(formatShape(a.shape))")
    }
}

@usableFromInline
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func requireFinite<Scalar>(_ a: Tensor<Scalar>, _ operation: String, _ name: String) throws {
    if let i = a.scalars.firstIndex(where: { !$0.isFinite }) {
        throw LinearAlgebraError.nonFinite(operation: operation, operand: name, index: i)
    }
}

/// The right-hand side as a matrix (n x k) and whether it was a vector.
private func rightHandSide<Scalar>(_ b: Tensor<Scalar>, rows: Int, _ operation: String) throws -> (Tensor<Scalar>, Bool) {
    if b.rank == 1, b.count == rows { return (b.reshaped(rows, 1), true) }
    if b.rank == 2, b.shape[0] == rows { return (b, false) }
    throw LinearAlgebraError.shapeMismatch(operation: operation,
        details: "the right-hand side \(formatShape(b.shape)) does not have \(rows) rows")
}

private func check(_ info: Int32, _ routine: String, positiveDefinite: Bool = false, convergence: Bool = false) throws {
    if info < 0 { throw LinearAlgebraError.invalidArgument(routine: routine, argument: Int(-info)) }
    if info > 0 {
        if positiveDefinite { throw LinearAlgebraError.notPositiveDefinite(routine: routine, order: Int(info)) }
        if convergence { throw LinearAlgebraError.noConvergence(routine: routine, count: Int(info)) }
        throw LinearAlgebraError.singular(routine: routine, pivot: Int(info) - 1)
    }
}

/// How ``solve(_:_:assuming:)`` may treat the matrix.
public enum MatrixStructure: Sendable {
    /// Any square, non-singular matrix: LU with partial pivoting (`gesv`).
    case general
    /// A symmetric positive definite matrix: Cholesky (`posv`), about twice as fast. Only the
    /// lower triangle is read.
    case symmetricPositiveDefinite
}

/// Solves `A x = b` for square `A`; `b` is a vector or a matrix of right-hand sides.
///
/// Prefer this to `inverse(a).matmul(b)`: it is faster and more accurate. After the
/// factorisation the reciprocal condition number of `A` is estimated (LAPACK `gecon`, or `pocon`
/// for `.symmetricPositiveDefinite`), and a matrix that is singular to working precision is
/// refused rather than answered with rounding noise (see
/// ``LinearAlgebraError/singularToWorkingPrecision(routine:reciprocalCondition:)``).
/// - Throws: ``LinearAlgebraError/singular(routine:pivot:)`` for an exactly singular `A`,
///   ``LinearAlgebraError/singularToWorkingPrecision(routine:reciprocalCondition:)`` when its
///   reciprocal condition number is below ε of the scalar type (2⁻⁵³ for `Double`, 2⁻²⁴ for
///   `Float`), ``LinearAlgebraError/notPositiveDefinite(routine:order:)`` when
///   `.symmetricPositiveDefinite` was promised but is not true, and shape errors naming both
///   shapes.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func solve<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>, assuming structure: MatrixStructure = .general) throws -> Tensor<Scalar> {
    try requireSquare(a, "solve")
    let n = a.shape[0]
    var (x, wasVector) = try rightHandSide(b, rows: n, "solve")
    if n == 0 { return b }
    var lu = a
    let k = x.shape[1]
    let anorm = a.withUnsafeBufferPointer { pa in
        structure == .general ? Scalar.lapackLange1Norm(m: n, n: n, a: pa.baseAddress!)
                              : Scalar.lapackLansy1NormLower(n: n, a: pa.baseAddress!)
    }
    let info: Int32 = lu.withUnsafeMutableBufferPointer { pa in
        x.withUnsafeMutableBufferPointer { pb in
            switch structure {
            case .general:
                var pivots = [Int32](repeating: 0, count: n)
                return pivots.withUnsafeMutableBufferPointer { ip in
                    Scalar.lapackGesv(n: n, nrhs: k, a: pa.baseAddress!, ipiv: ip.baseAddress!, b: pb.baseAddress!)
                }
            case .symmetricPositiveDefinite:
                return Scalar.lapackPosv(n: n, nrhs: k, a: pa.baseAddress!, b: pb.baseAddress!)
            }
        }
    }
    switch structure {
    case .general:
        try check(info, "solve (gesv)")
        try requireWellConditioned(factors: lu, anorm: anorm, cholesky: false, "solve (gesv)")
    case .symmetricPositiveDefinite:
        try check(info, "solve (posv)", positiveDefinite: true)
        try requireWellConditioned(factors: lu, anorm: anorm, cholesky: true, "solve (posv)")
    }
    if wasVector { x = x.reshaped(n) }
    return x
}

/// The threshold below which a reciprocal condition number means "singular to working
/// precision": the relative machine precision ε of LAPACK's `lamch('E')`, half of Swift's
/// `ulpOfOne` (2⁻⁵³ for `Double`, 2⁻²⁴ for `Float`); LAPACK's `gesvx` reports the same case as
/// `info = n + 1`.
@inline(__always)
private func workingPrecision<Scalar: TensorScalar>(_: Scalar.Type) -> Scalar { Scalar.ulpOfOne / 2 }

/// The reciprocal condition number estimate (1-norm) from LU factors (`gecon`) or a lower
/// Cholesky factor (`pocon`) of an n x n matrix whose 1-norm is `anorm`.
private func reciprocalCondition<Scalar: TensorScalar>(factors: Tensor<Scalar>, anorm: Scalar, cholesky: Bool, _ routine: String) throws -> Scalar {
    let n = factors.shape[0]
    var rcond: Scalar = 0
    let info = factors.withUnsafeBufferPointer { pa in
        cholesky ? Scalar.lapackPocon(n: n, a: pa.baseAddress!, anorm: anorm, rcond: &rcond)
                 : Scalar.lapackGecon(n: n, a: pa.baseAddress!, anorm: anorm, rcond: &rcond)
    }
    try check(info, cholesky ? "\(routine) (pocon)" : "\(routine) (gecon)")
    return rcond
}

/// Throws ``LinearAlgebraError/singularToWorkingPrecision(routine:reciprocalCondition:)`` when
/// the matrix behind `factors` has a reciprocal condition number below ``workingPrecision(_:)``.
private func requireWellConditioned<Scalar: TensorScalar>(factors: Tensor<Scalar>, anorm: Scalar, cholesky: Bool, _ routine: String) throws {
    let rcond = try reciprocalCondition(factors: factors, anorm: anorm, cholesky: cholesky, routine)
    if !(rcond >= workingPrecision(Scalar.self)) {
        throw LinearAlgebraError.singularToWorkingPrecision(routine: routine, reciprocalCondition: Double(rcond))
    }
}

/// An estimate of the condition number of a square matrix in the 1-norm,
/// `κ₁(A) = ‖A‖₁ ‖A⁻¹‖₁`: the factor by which a relative change of `b` (or of `A`) may be
/// magnified in the solution of `A x = b`.
///
/// `A` is factored by LU (LAPACK `getrf`), `‖A‖₁` comes from `lange`, and `gecon` estimates
/// `1 / κ₁` from the factors (Hager's and Higham's estimator: usually within a factor of 3 of the
/// truth, never above it). An exactly singular matrix (a zero pivot) gives `+∞`; a matrix whose
/// condition number exceeds 1/ε of the scalar type (2⁵³ for `Double`, 2²⁴ for `Float`) is what
/// ``solve(_:_:assuming:)`` and ``inverse(_:)`` refuse as singular to working precision. The
/// 1 x 1 zero matrix and the 0 x 0 matrix give `+∞` and 1.
///
/// - Throws: ``LinearAlgebraError/shapeMismatch(operation:details:)`` for a matrix that is not
///   square, ``LinearAlgebraError/nonFinite(operation:operand:index:)`` for NaN or infinity.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func conditionNumber<Scalar>(_ a: Tensor<Scalar>) throws -> Scalar {
    try requireSquare(a, "conditionNumber")
    try requireFinite(a, "conditionNumber", "the matrix")
    let n = a.shape[0]
    if n == 0 { return 1 }
    let anorm = a.withUnsafeBufferPointer { Scalar.lapackLange1Norm(m: n, n: n, a: $0.baseAddress!) }
    var lu = a
    var pivots = [Int32](repeating: 0, count: n)
    let info = lu.withUnsafeMutableBufferPointer { pa in
        pivots.withUnsafeMutableBufferPointer { ip in Scalar.lapackGetrf(m: n, n: n, a: pa.baseAddress!, ipiv: ip.baseAddress!) }
    }
    if info > 0 { return .infinity }
    try check(info, "conditionNumber (getrf)")
    let rcond = try reciprocalCondition(factors: lu, anorm: anorm, cholesky: false, "conditionNumber")
    return rcond > 0 ? 1 / rcond : .infinity
}

/// The result of ``leastSquares(_:_:rcond:)``.
public struct LeastSquaresSolution<Scalar: TensorScalar>: Sendable {
    /// The minimum-norm `x` minimising `‖A x − b‖₂`: a vector if `b` was one, else n x k.
    public var solution: Tensor<Scalar>
    /// The effective rank of `A`.
    public var rank: Int
    /// The singular values of `A`, largest first.
    public var singularValues: Tensor<Scalar>
}

/// Least squares by LAPACK's rank-revealing `gelsd`: works for any m x n `A`, full rank or not,
/// and returns the minimum-norm solution when `A` is rank deficient.
///
/// Tall systems (more than twice as many rows as columns) are first reduced to a small triangular
/// one by an LQ factorisation, which keeps the solutions, the rank and the singular values.
///
/// **`Float` input is solved in Double**, as NumPy's `lstsq` does (it computes every real
/// problem in float64): a Float value is exact in Double, so the problem solved is the one given,
/// and the rank is decided by Double's rule below; the solution and singular values are rounded
/// to Float at the end. With Float arithmetic and Float's ε in the cutoff, 1000 rows of x₁ and
/// x₂ = x₁ + 10⁻⁴·e (σ₂/σ₁ ≈ 5e-5, below 1000·2⁻²³ = 1.2e-4) had lost the second direction: `y = 3x₁ −
/// 2x₂` came out as [0.5, 0.5] at rank 1 instead of [3, −2] at rank 2. Data that is exactly
/// collinear in Float stays collinear in Double and keeps its lower rank; Float data that is
/// only nearly collinear because it was rounded to Float keeps both directions, as in NumPy
/// (pass `rcond: Float.ulpOfOne` for SciPy's float32 rule, which drops them).
///
/// - Parameters:
///   - a: the m x n matrix `A`.
///   - b: the right-hand side: a vector of m values, or an m x k matrix of k right-hand sides.
///   - rcond: singular values below `rcond · σ_max` count as zero. The default, nil, is NumPy's
///     `rcond=None`: ε of Double (2⁻⁵², for `Float` input too, which is solved in Double) times
///     `max(m, n)`, which also treats rounding noise in an exactly rank-deficient matrix as zero;
///     a negative value means Double's ε alone (LAPACK `gelsd`'s convention).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func leastSquares<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>, rcond: Scalar? = nil) throws -> LeastSquaresSolution<Scalar> {
    if Scalar.self != Double.self {
        // NumPy's rule: solve in Double, round the answer once.
        let wide = try leastSquares(Tensor<Double>(a), Tensor<Double>(b), rcond: rcond.map { Double($0) })
        return LeastSquaresSolution(solution: Tensor<Scalar>(wide.solution), rank: wide.rank,
                                    singularValues: Tensor<Scalar>(wide.singularValues))
    }
    guard a.rank == 2 else {
        throw LinearAlgebraError.shapeMismatch(operation: "leastSquares", details: "needs a matrix, got \(formatShape(a.shape))")
    }
    let (m, n) = (a.shape[0], a.shape[1])
    let (rhs, wasVector) = try rightHandSide(b, rows: m, "leastSquares")
    let k = rhs.shape[1]
    let rcond = rcond ?? Scalar.ulpOfOne * Scalar(Swift.max(m, n, 1))
    try requireFinite(a, "leastSquares", "A")
    try requireFinite(rhs, "leastSquares", "b")
    if m > 2 * n && n > 0 && k > 0 {
        // Tall: factor first, then solve the small triangular problem rank-revealingly.
        let reduced = try reduceTallLeastSquares(a, rhs, m: m, n: n, k: k)
        var result = try leastSquares(reduced.triangle, reduced.rhs, rcond: rcond)
        if wasVector { result.solution = result.solution.reshaped(n) }
        return result
    }
    // gelsd overwrites a max(m, n) x k right-hand side with the n x k solution.
    let rows = Swift.max(m, n)
    var x = Tensor<Scalar>.zeros(shape: [rows, k])
    x[rows: 0..<m] = rhs
    var work = a
    var s = Tensor<Scalar>.zeros(shape: [Swift.min(m, n)])
    var rank: Int32 = 0
    if m > 0 && n > 0 && k > 0 {
        let info = work.withUnsafeMutableBufferPointer { pa in
            x.withUnsafeMutableBufferPointer { pb in
                s.withUnsafeMutableBufferPointer { ps in
                    Scalar.lapackGelsd(m: m, n: n, nrhs: k, a: pa.baseAddress!, b: pb.baseAddress!, ldb: k,
                                       s: ps.baseAddress!, rcond: rcond, rank: &rank)
                }
            }
        }
        try check(info, "leastSquares (gelsd)", convergence: true)
    }
    var solution = x[rows: 0..<n]
    if wasVector { solution = solution.reshaped(n) }
    return LeastSquaresSolution(solution: solution, rank: Int(rank), singularValues: s)
}

/// Reduces a tall least-squares problem (m > 2n) to a smaller one with the same solutions, rank
/// and singular values, by a "tall-skinny QR": the rows are cut into blocks of a few thousand,
/// each block `A_i` is factored `A_i = Q_iᵀ R_i` (orthonormal `Q_i`, n x n upper-triangular
/// `R_i`), and the problem becomes `‖[R_1; R_2; …] x − [Q_1 b_1; Q_2 b_2; …]‖`. Only orthogonal
/// transformations are used, so nothing is squared and the final `gelsd` still sees the true
/// singular values. Blocks are independent and run on all cores.
///
/// A row-major block is, in memory, the column-major transpose, whose LQ factorisation
/// (`gelqf`) gives `R_i = Lᵀ` without transposing anything; blocks keep it in cache.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
private func reduceTallLeastSquares<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>, m: Int, n: Int, k: Int) throws
    -> (triangle: Tensor<Scalar>, rhs: Tensor<Scalar>) {
    let blockRows = Swift.max(2048, 4 * n)
    let blocks = Swift.max(1, m / blockRows)  // the last block takes the remainder
    var triangles = [Scalar](repeating: 0, count: blocks * n * n)
    var projections = [Scalar](repeating: 0, count: blocks * n * k)
    var failures = [Int32](repeating: 0, count: blocks)
    // Parallel over blocks, with single-threaded BLAS inside each.
    let factorAll = {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                triangles.withUnsafeMutableBufferPointer { pr in
                    projections.withUnsafeMutableBufferPointer { pc in
                        failures.withUnsafeMutableBufferPointer { pf in
                            let (pa, pb, pr, pc, pf) = (UncheckedPointer(pa.baseAddress!), UncheckedPointer(pb.baseAddress!),
                                                        UncheckedPointer(pr.baseAddress!), UncheckedPointer(pc.baseAddress!),
                                                        UncheckedPointer(pf.baseAddress!))
                            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                                let first = block * blockRows
                                let rows = block == blocks - 1 ? m - first : blockRows
                                pf.pointer[block] = factorBlock(
                                    pa.pointer + first * n, pb.pointer + first * k, rows: rows, n: n, k: k,
                                    triangle: pr.pointer + block * n * n, projection: pc.pointer + block * n * k)
                            }
                        }
                    }
                }
            }
        }
    }
    if blocks > 1 { BLAS.withSingleThread(factorAll) } else { factorAll() }
    if let bad = failures.first(where: { $0 != 0 }) { try check(bad, "leastSquares (gelqf/ormlq)") }
    return (Tensor(shape: [blocks * n, n], scalars: triangles), Tensor(shape: [blocks * n, k], scalars: projections))
}

/// A pointer that may cross into `concurrentPerform`'s closure (each block writes its own part).
private struct UncheckedPointer<Scalar>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Scalar>
    init(_ pointer: UnsafeMutablePointer<Scalar>) { self.pointer = pointer }
    init(_ pointer: UnsafePointer<Scalar>) { self.pointer = UnsafeMutablePointer(mutating: pointer) }
}

/// Factors one row block (`rows x n` at `a`, right-hand sides `rows x k` at `b`): writes the
/// n x n upper-triangular `R` (row-major) and the first n rows of `Q_full b`. Returns LAPACK's info.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
private func factorBlock<Scalar: TensorScalar>(
    _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, rows: Int, n: Int, k: Int,
    triangle: UnsafeMutablePointer<Scalar>, projection: UnsafeMutablePointer<Scalar>
) -> Int32 {
    let work = UnsafeMutablePointer<Scalar>.allocate(capacity: rows * n)
    let rhs = UnsafeMutablePointer<Scalar>.allocate(capacity: rows * k)
    let tau = UnsafeMutablePointer<Scalar>.allocate(capacity: n)
    defer { work.deallocate(); rhs.deallocate(); tau.deallocate() }
    work.initialize(from: a, count: rows * n)
    rhs.initialize(from: b, count: rows * k)
    var info = Scalar.lapackGelqfColumnMajor(m: n, n: rows, a: work, tau: tau)
    if info != 0 { return info }
    // The row-major rows x k right-hand side is the column-major k x rows matrix C; C Q_fullᵀ is
    // (Q_full b)ᵀ, whose first n columns are what the reduced problem needs.
    info = Scalar.lapackOrmlqRightTransposedColumnMajor(m: k, n: rows, k: n, a: work, lda: n, tau: tau, c: rhs)
    if info != 0 { return info }
    // Read row-major, the leading n x n block is Lᵀ = R on and above the diagonal.
    for r in 0..<n {
        for c in 0..<n { triangle[r * n + c] = c >= r ? work[r * n + c] : 0 }
    }
    projection.update(from: rhs, count: n * k)
    return 0
}

/// Eigenvalues and eigenvectors of a symmetric matrix.
public struct SymmetricEigenDecomposition<Scalar: TensorScalar>: Sendable {
    /// The eigenvalues in ascending order.
    public var values: Tensor<Scalar>
    /// The orthonormal eigenvectors as columns: column `j` belongs to `values[j]`.
    public var vectors: Tensor<Scalar>
}

/// The eigen decomposition of a symmetric matrix by LAPACK's divide-and-conquer `syevd`.
///
/// Only the lower triangle of `a` is read. Eigenvalues come in ascending order.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func symmetricEigen<Scalar>(_ a: Tensor<Scalar>) throws -> SymmetricEigenDecomposition<Scalar> {
    try requireSquare(a, "symmetricEigen")
    try requireFinite(a, "symmetricEigen", "the matrix")
    let n = a.shape[0]
    var vectors = a
    var values = Tensor<Scalar>.zeros(shape: [n])
    if n > 0 {
        let info = vectors.withUnsafeMutableBufferPointer { pa in
            values.withUnsafeMutableBufferPointer { pw in Scalar.lapackSyevd(n: n, a: pa.baseAddress!, w: pw.baseAddress!) }
        }
        try check(info, "symmetricEigen (syevd)", convergence: true)
    }
    return SymmetricEigenDecomposition(values: values, vectors: vectors)
}

/// A thin singular value decomposition `A = U diag(S) Vᵀ`.
public struct SingularValueDecomposition<Scalar: TensorScalar>: Sendable {
    /// m x k left singular vectors (k = min(m, n)), as columns.
    public var u: Tensor<Scalar>
    /// The k singular values, largest first.
    public var s: Tensor<Scalar>
    /// k x n right singular vectors, as rows.
    public var vt: Tensor<Scalar>
}

/// The thin SVD by LAPACK's divide-and-conquer `gesdd`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func svd<Scalar>(_ a: Tensor<Scalar>) throws -> SingularValueDecomposition<Scalar> {
    guard a.rank == 2 else {
        throw LinearAlgebraError.shapeMismatch(operation: "svd", details: "needs a matrix, got \(formatShape(a.shape))")
    }
    try requireFinite(a, "svd", "the matrix")
    let (m, n) = (a.shape[0], a.shape[1])
    let k = Swift.min(m, n)
    var work = a
    var u = Tensor<Scalar>.zeros(shape: [m, k]), s = Tensor<Scalar>.zeros(shape: [k]), vt = Tensor<Scalar>.zeros(shape: [k, n])
    if k > 0 {
        let info = work.withUnsafeMutableBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                u.withUnsafeMutableBufferPointer { pu in
                    vt.withUnsafeMutableBufferPointer { pv in
                        Scalar.lapackGesdd(m: m, n: n, a: pa.baseAddress!, s: ps.baseAddress!, u: pu.baseAddress!, vt: pv.baseAddress!)
                    }
                }
            }
        }
        try check(info, "svd (gesdd)", convergence: true)
    }
    return SingularValueDecomposition(u: u, s: s, vt: vt)
}

/// The inverse of a square matrix (LU: `getrf` then `getri`).
///
/// This is the lectures' `(XᵀX)⁻¹` route, kept for teaching; to solve a system use
/// ``solve(_:_:assuming:)``, which is faster and more accurate.
///
/// - Throws: ``LinearAlgebraError/singular(routine:pivot:)`` for an exactly singular matrix,
///   ``LinearAlgebraError/singularToWorkingPrecision(routine:reciprocalCondition:)`` when the
///   reciprocal condition number (LAPACK `gecon` on the LU factors) is below ε of the scalar
///   type (the inverse of `[[3, 3], [5, 5]]` had come out with entries of 2.25e15), and a shape
///   error for a matrix that is not square.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func inverse<Scalar>(_ a: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try requireSquare(a, "inverse")
    let n = a.shape[0]
    if n == 0 { return a }
    let anorm = a.withUnsafeBufferPointer { Scalar.lapackLange1Norm(m: n, n: n, a: $0.baseAddress!) }
    var result = a
    var pivots = [Int32](repeating: 0, count: n)
    let factor = result.withUnsafeMutableBufferPointer { pa in
        pivots.withUnsafeMutableBufferPointer { ip in Scalar.lapackGetrf(m: n, n: n, a: pa.baseAddress!, ipiv: ip.baseAddress!) }
    }
    try check(factor, "inverse (getrf)")
    try requireWellConditioned(factors: result, anorm: anorm, cholesky: false, "inverse (getrf)")
    let info = result.withUnsafeMutableBufferPointer { pa in
        pivots.withUnsafeBufferPointer { ip in Scalar.lapackGetri(n: n, a: pa.baseAddress!, ipiv: ip.baseAddress!) }
    }
    try check(info, "inverse (getri)")
    return result
}

/// The lower-triangular Cholesky factor `L` with `A = L Lᵀ` (`potrf`); only the lower triangle
/// of `a` is read.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func cholesky<Scalar>(_ a: Tensor<Scalar>) throws -> Tensor<Scalar> {
    try requireSquare(a, "cholesky")
    let n = a.shape[0]
    var l = a
    if n == 0 { return l }
    let info = l.withUnsafeMutableBufferPointer { pa in Scalar.lapackPotrf(n: n, a: pa.baseAddress!) }
    try check(info, "cholesky (potrf)", positiveDefinite: true)
    for i in 0..<n { for j in (i + 1)..<n { l[i, j] = 0 } }
    return l
}

/// The determinant of a square matrix, from its LU factorisation (0 for a singular matrix).
///
/// It is returned whatever the matrix's condition: a matrix singular to working precision (see
/// ``conditionNumber(_:)``) has a determinant that is rounding noise, not an error; the
/// determinant of `[[3, 3], [5, 5]]` in `Double` comes out as 2.2e-15 (5 times the pivot
/// −4.4e-16 that LU leaves, with the sign of the row swap), as NumPy's `det` does.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func determinant<Scalar>(_ a: Tensor<Scalar>) throws -> Scalar {
    try requireSquare(a, "determinant")
    let n = a.shape[0]
    if n == 0 { return 1 }
    var lu = a
    var pivots = [Int32](repeating: 0, count: n)
    let info = lu.withUnsafeMutableBufferPointer { pa in
        pivots.withUnsafeMutableBufferPointer { ip in Scalar.lapackGetrf(m: n, n: n, a: pa.baseAddress!, ipiv: ip.baseAddress!) }
    }
    if info > 0 { return 0 }
    try check(info, "determinant (getrf)")
    var det: Scalar = 1
    for i in 0..<n {
        det *= lu[i, i]
        if pivots[i] != Int32(i + 1) { det = -det }  // each row swap flips the sign
    }
    return det
}
