@_exported public import RealModule
internal import CLAPACK
internal import CWickKernels
internal import CWickThreads

/// The element types a ``Tensor`` can hold: `Float` and `Double`.
///
/// Besides the arithmetic of `Real` (from swift-numerics), a scalar type knows which BLAS and
/// LAPACK routine to call for itself (`sgemm` for `Float`, `dgemm` for `Double`, and so on). The
/// `blas…` and `lapack…` requirements are the single place where Wick crosses into C; they take
/// row-major buffers and are meant for Wick's own generic code, not for everyday use.
public protocol TensorScalar: BinaryFloatingPoint, Real, SIMDScalar, Codable, Sendable, CustomStringConvertible
where RawSignificand: FixedWidthInteger {
    /// `"Float"` or `"Double"`, as printed in a tensor's description.
    static var typeName: String { get }

    /// `C ← alpha·op(A)·op(B) + beta·C` (row-major GEMM): one OpenBLAS call, as it is. Wick's
    /// own code multiplies through ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:thresholds:)``,
    /// which picks loops, the helper thread or this call by the product's size.
    static func blasGemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// ``blasGemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` as two OpenBLAS
    /// calls, cut at row `cut` of `C` (`alongRows`) or at its column `cut` (`0 < cut < m` or
    /// `n`): the caller computes the first and Wick's helper thread the second when it is free,
    /// else the caller computes both. The same bits either way. A `large` product's halves run
    /// with OpenBLAS held to one thread. The two-thread tiers of ``GEMMDispatch``.
    static func blasGemmInHalves(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int, alongRows: Bool, cut: Int, large: Bool)
    /// `y ← alpha·op(A)·x + beta·y` (row-major GEMV; `A` is `m`x`n`).
    static func blasGemv(
        transpose: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
        x: UnsafePointer<Self>, incx: Int, beta: Self, y: UnsafeMutablePointer<Self>, incy: Int)
    /// `A ← alpha·x·yᵀ + A` (row-major GER).
    static func blasGer(
        m: Int, n: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafePointer<Self>,
        a: UnsafeMutablePointer<Self>, lda: Int)
    /// `xᵀy`.
    static func blasDot(n: Int, x: UnsafePointer<Self>, y: UnsafePointer<Self>) -> Self
    /// `y ← alpha·x + y`.
    static func blasAxpy(n: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)

    /// `x[i] -= scale · numerator[i] / (√denominator[i] + epsilon)`, vectorised in C (a square
    /// root does not vectorise in Swift on Linux): the update of Adam, RMSProp and AdaGrad.
    static func kernelSubtractScaledRatio(
        _ x: UnsafeMutablePointer<Self>, numerator: UnsafePointer<Self>, denominator: UnsafePointer<Self>,
        count: Int, scale: Self, epsilon: Self)

    /// `y[i] = eˣ⁽ⁱ⁾` for `i < count` (`y` may be `x`), vectorised in C: a polynomial after
    /// reduction by ln 2, within about 2 ulp of the exact value, where a call to the C library's
    /// `exp` per element costs several times more. Overflow gives +∞, NaN stays NaN.
    static func kernelExp(_ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>, count: Int)

    /// LU solve of `A X = B` (`gesv`). Returns LAPACK's `info`.
    static func lapackGesv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Self>) -> Int32
    /// Cholesky solve of `A X = B` for symmetric positive definite `A` (`posv`).
    static func lapackPosv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, b: UnsafeMutablePointer<Self>) -> Int32
    /// Cholesky factor, lower triangle (`potrf`).
    static func lapackPotrf(n: Int, a: UnsafeMutablePointer<Self>) -> Int32
    /// LU factorisation (`getrf`).
    static func lapackGetrf(m: Int, n: Int, a: UnsafeMutablePointer<Self>, ipiv: UnsafeMutablePointer<Int32>) -> Int32
    /// The 1-norm (largest column sum of magnitudes) of a row-major `m`x`n` matrix (`lange`, norm
    /// `1`).
    static func lapackLange1Norm(m: Int, n: Int, a: UnsafePointer<Self>) -> Self
    /// The 1-norm of a symmetric `n`x`n` matrix of which only the lower triangle is read (`lansy`,
    /// norm `1`, lower).
    static func lapackLansy1NormLower(n: Int, a: UnsafePointer<Self>) -> Self
    /// An estimate of the reciprocal condition number in the 1-norm, `1 / (‖A‖₁ ‖A⁻¹‖₁)`, from the
    /// LU factors of `A` that `getrf` or `gesv` left in `a` and `anorm` = `‖A‖₁` (`gecon`).
    /// Returns LAPACK's `info`.
    static func lapackGecon(n: Int, a: UnsafePointer<Self>, anorm: Self, rcond: UnsafeMutablePointer<Self>) -> Int32
    /// The same estimate from the lower Cholesky factor that `potrf` or `posv` left in `a`
    /// (`pocon`, lower).
    static func lapackPocon(n: Int, a: UnsafePointer<Self>, anorm: Self, rcond: UnsafeMutablePointer<Self>) -> Int32
    /// Inverse from an LU factorisation (`getri`).
    static func lapackGetri(n: Int, a: UnsafeMutablePointer<Self>, ipiv: UnsafePointer<Int32>) -> Int32
    /// Minimum-norm least squares by divide-and-conquer SVD (`gelsd`).
    static func lapackGelsd(
        m: Int, n: Int, nrhs: Int, a: UnsafeMutablePointer<Self>, b: UnsafeMutablePointer<Self>, ldb: Int,
        s: UnsafeMutablePointer<Self>, rcond: Self, rank: UnsafeMutablePointer<Int32>) -> Int32
    /// LQ factorisation of a column-major `m`x`n` matrix (`gelqf`); `tau` holds `min(m, n)` scalars.
    static func lapackGelqfColumnMajor(m: Int, n: Int, a: UnsafeMutablePointer<Self>, tau: UnsafeMutablePointer<Self>) -> Int32
    /// `C ← C Qᵀ` for the `n`x`n` orthogonal `Q` of an LQ factorisation with `k` reflectors, and a
    /// column-major `m`x`n` `C` (`ormlq`, side R, transpose T).
    static func lapackOrmlqRightTransposedColumnMajor(
        m: Int, n: Int, k: Int, a: UnsafePointer<Self>, lda: Int, tau: UnsafePointer<Self>, c: UnsafeMutablePointer<Self>) -> Int32
    /// Symmetric eigen decomposition by divide and conquer (`syevd`, lower triangle, vectors).
    static func lapackSyevd(n: Int, a: UnsafeMutablePointer<Self>, w: UnsafeMutablePointer<Self>) -> Int32
    /// Thin singular value decomposition by divide and conquer (`gesdd`, job `S`).
    static func lapackGesdd(
        m: Int, n: Int, a: UnsafeMutablePointer<Self>, s: UnsafeMutablePointer<Self>,
        u: UnsafeMutablePointer<Self>, vt: UnsafeMutablePointer<Self>) -> Int32
}

@inline(__always) private func trans(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }
private let rowMajor = Int32(LAPACK_ROW_MAJOR)
private let jobV = CChar(UInt8(ascii: "V"))
private let jobS = CChar(UInt8(ascii: "S"))
private let lower = CChar(UInt8(ascii: "L"))
private let right = CChar(UInt8(ascii: "R"))
private let transposeJob = CChar(UInt8(ascii: "T"))
private let columnMajor = Int32(LAPACK_COL_MAJOR)
private let oneNorm = CChar(UInt8(ascii: "1"))

extension Float: TensorScalar {
    public static var typeName: String { "Float" }

    public static func blasGemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, trans(transposeA), trans(transposeB), Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    public static func blasGemmInHalves(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, alongRows: Bool, cut: Int, large: Bool
    ) {
        wick_gemm_halves_f(transposeA, transposeB, Int32(m), Int32(n), Int32(k),
                           alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc), alongRows, Int32(cut), large)
    }
    public static func blasGemv(
        transpose: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, incx: Int, beta: Float, y: UnsafeMutablePointer<Float>, incy: Int
    ) {
        cblas_sgemv(CblasRowMajor, trans(transpose), Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, Int32(incx), beta, y, Int32(incy))
    }
    public static func blasGer(
        m: Int, n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
        a: UnsafeMutablePointer<Float>, lda: Int
    ) {
        cblas_sger(CblasRowMajor, Int32(m), Int32(n), alpha, x, 1, y, 1, a, Int32(lda))
    }
    public static func blasDot(n: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Float {
        cblas_sdot(Int32(n), x, 1, y, 1)
    }
    public static func blasAxpy(n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(Int32(n), alpha, x, 1, y, 1)
    }
    public static func kernelSubtractScaledRatio(
        _ x: UnsafeMutablePointer<Float>, numerator: UnsafePointer<Float>, denominator: UnsafePointer<Float>,
        count: Int, scale: Float, epsilon: Float
    ) {
        wick_subtract_scaled_ratio_f(x, numerator, denominator, count, scale, epsilon)
    }
    public static func kernelExp(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        wick_exp_f(x, y, count)
    }
    public static func lapackGesv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_sgesv(rowMajor, Int32(n), Int32(nrhs), a, Int32(n), ipiv, b, Int32(nrhs))
    }
    public static func lapackPosv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_sposv(rowMajor, lower, Int32(n), Int32(nrhs), a, Int32(n), b, Int32(nrhs))
    }
    public static func lapackPotrf(n: Int, a: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_spotrf(rowMajor, lower, Int32(n), a, Int32(n))
    }
    public static func lapackGetrf(m: Int, n: Int, a: UnsafeMutablePointer<Float>, ipiv: UnsafeMutablePointer<Int32>) -> Int32 {
        LAPACKE_sgetrf(rowMajor, Int32(m), Int32(n), a, Int32(n), ipiv)
    }
    public static func lapackLange1Norm(m: Int, n: Int, a: UnsafePointer<Float>) -> Float {
        Float(LAPACKE_slange(rowMajor, oneNorm, Int32(m), Int32(n), a, Int32(n)))
    }
    public static func lapackLansy1NormLower(n: Int, a: UnsafePointer<Float>) -> Float {
        Float(LAPACKE_slansy(rowMajor, oneNorm, lower, Int32(n), a, Int32(n)))
    }
    public static func lapackGecon(n: Int, a: UnsafePointer<Float>, anorm: Float, rcond: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_sgecon(rowMajor, oneNorm, Int32(n), a, Int32(n), anorm, rcond)
    }
    public static func lapackPocon(n: Int, a: UnsafePointer<Float>, anorm: Float, rcond: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_spocon(rowMajor, lower, Int32(n), a, Int32(n), anorm, rcond)
    }
    public static func lapackGetri(n: Int, a: UnsafeMutablePointer<Float>, ipiv: UnsafePointer<Int32>) -> Int32 {
        LAPACKE_sgetri(rowMajor, Int32(n), a, Int32(n), ipiv)
    }
    public static func lapackGelsd(
        m: Int, n: Int, nrhs: Int, a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>, ldb: Int,
        s: UnsafeMutablePointer<Float>, rcond: Float, rank: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        LAPACKE_sgelsd(rowMajor, Int32(m), Int32(n), Int32(nrhs), a, Int32(n), b, Int32(ldb), s, rcond, rank)
    }
    public static func lapackGelqfColumnMajor(m: Int, n: Int, a: UnsafeMutablePointer<Float>, tau: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_sgelqf(columnMajor, Int32(m), Int32(n), a, Int32(m), tau)
    }
    public static func lapackOrmlqRightTransposedColumnMajor(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, tau: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>
    ) -> Int32 {
        LAPACKE_sormlq(columnMajor, right, transposeJob, Int32(m), Int32(n), Int32(k), a, Int32(lda), tau, c, Int32(m))
    }
    public static func lapackSyevd(n: Int, a: UnsafeMutablePointer<Float>, w: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_ssyevd(rowMajor, jobV, lower, Int32(n), a, Int32(n), w)
    }
    public static func lapackGesdd(
        m: Int, n: Int, a: UnsafeMutablePointer<Float>, s: UnsafeMutablePointer<Float>,
        u: UnsafeMutablePointer<Float>, vt: UnsafeMutablePointer<Float>
    ) -> Int32 {
        let k = Swift.min(m, n)
        return LAPACKE_sgesdd(rowMajor, jobS, Int32(m), Int32(n), a, Int32(n), s, u, Int32(k), vt, Int32(n))
    }
}

extension Double: TensorScalar {
    public static var typeName: String { "Double" }

    public static func blasGemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(CblasRowMajor, trans(transposeA), trans(transposeB), Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    public static func blasGemmInHalves(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, alongRows: Bool, cut: Int, large: Bool
    ) {
        wick_gemm_halves_d(transposeA, transposeB, Int32(m), Int32(n), Int32(k),
                           alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc), alongRows, Int32(cut), large)
    }
    public static func blasGemv(
        transpose: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        x: UnsafePointer<Double>, incx: Int, beta: Double, y: UnsafeMutablePointer<Double>, incy: Int
    ) {
        cblas_dgemv(CblasRowMajor, trans(transpose), Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, Int32(incx), beta, y, Int32(incy))
    }
    public static func blasGer(
        m: Int, n: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafePointer<Double>,
        a: UnsafeMutablePointer<Double>, lda: Int
    ) {
        cblas_dger(CblasRowMajor, Int32(m), Int32(n), alpha, x, 1, y, 1, a, Int32(lda))
    }
    public static func blasDot(n: Int, x: UnsafePointer<Double>, y: UnsafePointer<Double>) -> Double {
        cblas_ddot(Int32(n), x, 1, y, 1)
    }
    public static func blasAxpy(n: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
        cblas_daxpy(Int32(n), alpha, x, 1, y, 1)
    }
    public static func kernelSubtractScaledRatio(
        _ x: UnsafeMutablePointer<Double>, numerator: UnsafePointer<Double>, denominator: UnsafePointer<Double>,
        count: Int, scale: Double, epsilon: Double
    ) {
        wick_subtract_scaled_ratio_d(x, numerator, denominator, count, scale, epsilon)
    }
    public static func kernelExp(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int) {
        wick_exp_d(x, y, count)
    }
    public static func lapackGesv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dgesv(rowMajor, Int32(n), Int32(nrhs), a, Int32(n), ipiv, b, Int32(nrhs))
    }
    public static func lapackPosv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dposv(rowMajor, lower, Int32(n), Int32(nrhs), a, Int32(n), b, Int32(nrhs))
    }
    public static func lapackPotrf(n: Int, a: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dpotrf(rowMajor, lower, Int32(n), a, Int32(n))
    }
    public static func lapackGetrf(m: Int, n: Int, a: UnsafeMutablePointer<Double>, ipiv: UnsafeMutablePointer<Int32>) -> Int32 {
        LAPACKE_dgetrf(rowMajor, Int32(m), Int32(n), a, Int32(n), ipiv)
    }
    public static func lapackLange1Norm(m: Int, n: Int, a: UnsafePointer<Double>) -> Double {
        Double(LAPACKE_dlange(rowMajor, oneNorm, Int32(m), Int32(n), a, Int32(n)))
    }
    public static func lapackLansy1NormLower(n: Int, a: UnsafePointer<Double>) -> Double {
        Double(LAPACKE_dlansy(rowMajor, oneNorm, lower, Int32(n), a, Int32(n)))
    }
    public static func lapackGecon(n: Int, a: UnsafePointer<Double>, anorm: Double, rcond: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dgecon(rowMajor, oneNorm, Int32(n), a, Int32(n), anorm, rcond)
    }
    public static func lapackPocon(n: Int, a: UnsafePointer<Double>, anorm: Double, rcond: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dpocon(rowMajor, lower, Int32(n), a, Int32(n), anorm, rcond)
    }
    public static func lapackGetri(n: Int, a: UnsafeMutablePointer<Double>, ipiv: UnsafePointer<Int32>) -> Int32 {
        LAPACKE_dgetri(rowMajor, Int32(n), a, Int32(n), ipiv)
    }
    public static func lapackGelsd(
        m: Int, n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>, ldb: Int,
        s: UnsafeMutablePointer<Double>, rcond: Double, rank: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        LAPACKE_dgelsd(rowMajor, Int32(m), Int32(n), Int32(nrhs), a, Int32(n), b, Int32(ldb), s, rcond, rank)
    }
    public static func lapackGelqfColumnMajor(m: Int, n: Int, a: UnsafeMutablePointer<Double>, tau: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dgelqf(columnMajor, Int32(m), Int32(n), a, Int32(m), tau)
    }
    public static func lapackOrmlqRightTransposedColumnMajor(
        m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, tau: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>
    ) -> Int32 {
        LAPACKE_dormlq(columnMajor, right, transposeJob, Int32(m), Int32(n), Int32(k), a, Int32(lda), tau, c, Int32(m))
    }
    public static func lapackSyevd(n: Int, a: UnsafeMutablePointer<Double>, w: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dsyevd(rowMajor, jobV, lower, Int32(n), a, Int32(n), w)
    }
    public static func lapackGesdd(
        m: Int, n: Int, a: UnsafeMutablePointer<Double>, s: UnsafeMutablePointer<Double>,
        u: UnsafeMutablePointer<Double>, vt: UnsafeMutablePointer<Double>
    ) -> Int32 {
        let k = Swift.min(m, n)
        return LAPACKE_dgesdd(rowMajor, jobS, Int32(m), Int32(n), a, Int32(n), s, u, Int32(k), vt, Int32(n))
    }
}
