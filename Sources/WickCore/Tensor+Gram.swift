internal import CLAPACK

// The Gram matrix aᵀa by BLAS syrk: half the work of the general product matmul(a, a,
// transposeA: true), since only one triangle is computed (and then mirrored).

extension Tensor {
    /// `c ← alpha · aᵀa + beta · c` for a matrix `a` (n x p): the p x p matrix of dot products of
    /// `a`'s columns (BLAS `syrk`), written into `c`'s own buffer.
    ///
    /// Both triangles of the result are filled. With `beta == 0`, `c` is resized to p x p
    /// (allocating nothing when it already is); otherwise `c` must already be p x p and the
    /// product is accumulated into it, which is how a Gram matrix is summed over blocks of rows.
    public static func gram(_ a: Tensor, into c: inout Tensor, alpha: Scalar = 1, beta: Scalar = 0) {
        wickPrecondition(a.rank == 2, "gram: needs a matrix, got \(formatShape(a._shape))")
        let (n, p) = (a._shape[0], a._shape[1])
        if beta == 0 {
            c.resize(rows: p, columns: p)
        } else {
            wickPrecondition(c.rank == 2 && c._shape[0] == p && c._shape[1] == p,
                "gram: accumulating into \(formatShape(c._shape)) but the Gram matrix of \(formatShape(a._shape)) is \(p)x\(p)")
        }
        if p == 0 { return }
        if n == 0 {
            if beta == 0 { c.fill(0) } else { c *= beta }
            return
        }
        a.storage.withUnsafeBufferPointer { pa in
            c.storage.withUnsafeMutableBufferPointer { pc in
                syrkLower(n: n, p: p, alpha: alpha, a: pa.baseAddress!, beta: beta, c: pc.baseAddress!)
                // Mirror the lower triangle into the upper one.
                let m = pc.baseAddress!
                for i in 0..<p {
                    for j in (i + 1)..<p { m[i * p + j] = m[j * p + i] }
                }
            }
        }
    }

    /// The Gram matrix `aᵀa` of the columns of the matrix `a` (see ``gram(_:into:alpha:beta:)``).
    public func gram() -> Tensor {
        var c = Tensor(_unchecked: [0, 0], storage: [])
        Tensor.gram(self, into: &c)
        return c
    }
}

/// `C ← alpha·AᵀA + beta·C` on the lower triangle of the row-major p x p `C`, for the row-major
/// n x p `A`: `cblas_dsyrk` or `cblas_ssyrk` by the scalar type.
private func syrkLower<Scalar: TensorScalar>(
    n: Int, p: Int, alpha: Scalar, a: UnsafePointer<Scalar>, beta: Scalar, c: UnsafeMutablePointer<Scalar>
) {
    if Scalar.self == Double.self {
        a.withMemoryRebound(to: Double.self, capacity: n * p) { ad in
            c.withMemoryRebound(to: Double.self, capacity: p * p) { cd in
                cblas_dsyrk(CblasRowMajor, CblasLower, CblasTrans, Int32(p), Int32(n),
                            Double(alpha), ad, Int32(p), Double(beta), cd, Int32(p))
            }
        }
    } else {
        a.withMemoryRebound(to: Float.self, capacity: n * p) { af in
            c.withMemoryRebound(to: Float.self, capacity: p * p) { cf in
                cblas_ssyrk(CblasRowMajor, CblasLower, CblasTrans, Int32(p), Int32(n),
                            Float(alpha), af, Int32(p), Float(beta), cf, Int32(p))
            }
        }
    }
}
