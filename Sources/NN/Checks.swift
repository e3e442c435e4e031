// Input checks shared by the layers: every message names the module and both sizes.

extension Module {
    /// Checks that `input` is one sample of `features` values or a batch `N x features`, and
    /// returns the batch size (1 for a single sample).
    @inlinable
    func checkFeatures(_ input: Tensor<Scalar>, _ features: Int) -> Int {
        let shape = input.shape
        if shape.count == 1 && shape[0] == features { return 1 }
        if shape.count == 2 && shape[1] == features { return shape[0] }
        wickFatalError("\(description): expected \(features) features (input \(features) or Nx\(features)), got \(formatShape(shape))")
    }

    /// Checks that `gradOutput` has the shape of the last `output`.
    @inlinable
    func checkGradOutput(_ gradOutput: Tensor<Scalar>) {
        wickPrecondition(gradOutput.shape == output.shape,
            "\(description): gradOutput \(formatShape(gradOutput.shape)) does not match output \(formatShape(output.shape)); call forward first")
    }

    /// Checks that `input` is a sample (1-D) or a batch (2-D).
    @inlinable
    func checkSampleOrBatch(_ input: Tensor<Scalar>) {
        wickPrecondition(input.rank == 1 || input.rank == 2,
            "\(description): expected a sample (1-D) or a batch (2-D), got \(formatShape(input.shape))")
    }
}

/// `C ← alpha · op(A) · op(B) + beta · C` on raw row-major buffers; `A` is stored `aRows x aColumns`
/// and `B` is stored `bRows x bColumns` (before `op`).
///
/// Tiny products (a batch of one through a small layer) run as plain loops: a BLAS call costs a
/// fixed fraction of a microsecond, more than the arithmetic itself at these sizes.
@inlinable
func gemm<Scalar: TensorScalar>(
    _ a: UnsafePointer<Scalar>, rows aRows: Int, columns aColumns: Int, transposed transposeA: Bool,
    _ b: UnsafePointer<Scalar>, rows bRows: Int, columns bColumns: Int, transposed transposeB: Bool,
    into c: UnsafeMutablePointer<Scalar>, alpha: Scalar = 1, beta: Scalar = 0
) {
    let m = transposeA ? aColumns : aRows
    let k = transposeA ? aRows : aColumns
    let n = transposeB ? bRows : bColumns
    if m == 0 || n == 0 { return }
    if k == 0 {
        for i in 0..<(m * n) { c[i] = beta == 0 ? 0 : beta * c[i] }
        return
    }
    if m * n * k <= 4096 && !(transposeA && transposeB) {
        smallGemm(a, b, c, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
        return
    }
    Scalar.blasGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                    alpha: alpha, a: a, lda: aColumns, b: b, ldb: bColumns, beta: beta, c: c, ldc: n)
}

/// The loops behind ``gemm`` for tiny sizes, ordered so that the innermost loop runs along
/// contiguous memory.
@inlinable
func smallGemm<Scalar: TensorScalar>(
    _ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ c: UnsafeMutablePointer<Scalar>,
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, alpha: Scalar, beta: Scalar
) {
    for i in 0..<(m * n) { c[i] = beta == 0 ? 0 : beta * c[i] }
    if transposeB {  // C[i, j] += alpha · A[i, :] · B[j, :]
        for i in 0..<m {
            for j in 0..<n {
                var sum: Scalar = 0
                for p in 0..<k { sum += a[i * k + p] * b[j * k + p] }
                c[i * n + j] += alpha * sum
            }
        }
    } else {  // C[i, :] += alpha · A[i, p] · B[p, :], with A[i, p] at A[p, i] when transposed
        for i in 0..<m {
            for p in 0..<k {
                let scale = alpha * (transposeA ? a[p * m + i] : a[i * k + p])
                for j in 0..<n { c[i * n + j] += scale * b[p * n + j] }
            }
        }
    }
}
