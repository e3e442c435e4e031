// Matrix products of tensors: the GEMM front end (`gemm`, GEMM.swift) for matrix x matrix, BLAS's
// GEMV when one side is a vector.

@inlinable
internal func describeOperand(_ shape: [Int], transposed: Bool) -> String {
    formatShape(shape) + (transposed && shape.count == 2 ? "ᵀ" : "")
}

extension Tensor {
    /// `c ← alpha · op(a) · op(b) + beta · c`, written into `c`'s own buffer.
    ///
    /// `op(x)` is `x` or its transpose. With `beta == 0`, `c` is resized to the product's shape
    /// (and allocates nothing when it already has it); otherwise `c` must already have it, and the
    /// product is accumulated into it, which is how a layer sums gradients over calls. When one
    /// side is a vector the product is a GEMV and `c` is a vector.
    @inlinable
    public static func matmul(
        _ a: Tensor, _ b: Tensor, into c: inout Tensor,
        transposeA: Bool = false, transposeB: Bool = false, alpha: Scalar = 1, beta: Scalar = 0
    ) {
        func mismatch(_ inner: Int, _ other: Int) -> String {
            "matmul: \(describeOperand(a._shape, transposed: transposeA)) and \(describeOperand(b._shape, transposed: transposeB)) do not line up (\(inner) != \(other))"
        }
        wickPrecondition((a.rank == 1 || a.rank == 2) && (b.rank == 1 || b.rank == 2) && !(a.rank == 1 && b.rank == 1),
            "matmul: needs a matrix and a matrix or vector, got \(formatShape(a._shape)) and \(formatShape(b._shape)) (use dot for two vectors)")
        if a.rank == 2 && b.rank == 2 {
            let (m, k) = transposeA ? (a._shape[1], a._shape[0]) : (a._shape[0], a._shape[1])
            let (k2, n) = transposeB ? (b._shape[1], b._shape[0]) : (b._shape[0], b._shape[1])
            wickPrecondition(k == k2, mismatch(k, k2))
            if beta == 0 {
                c.resize(rows: m, columns: n)
            } else {
                wickPrecondition(c.rank == 2 && c._shape[0] == m && c._shape[1] == n,
                    "matmul: accumulating into \(formatShape(c._shape)) but the product is \(m)x\(n)")
            }
            if m == 0 || n == 0 { return }
            if k == 0 { c *= beta; return }
            a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    c.storage.withUnsafeMutableBufferPointer { pc in
                        gemm(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                            alpha: alpha, a: pa.baseAddress!, lda: a._shape[1], b: pb.baseAddress!, ldb: b._shape[1],
                            beta: beta, c: pc.baseAddress!, ldc: n)
                    }
                }
            }
            return
        }
        // Matrix times vector, or vector times matrix (= op(matrix)ᵀ times vector).
        let matrix = a.rank == 2 ? a : b
        let vector = a.rank == 2 ? b : a
        let matrixTransposed = a.rank == 2 ? transposeA : !transposeB
        let (rows, columns) = (matrix._shape[0], matrix._shape[1])
        let inner = matrixTransposed ? rows : columns
        let outCount = matrixTransposed ? columns : rows
        wickPrecondition(inner == vector.count, a.rank == 2 ? mismatch(inner, vector.count) : mismatch(vector.count, inner))
        if beta == 0 {
            c.resize(count: outCount)
        } else {
            wickPrecondition(c.rank == 1 && c.count == outCount,
                "matmul: accumulating into \(formatShape(c._shape)) but the product is \(outCount)")
        }
        if outCount == 0 { return }
        if inner == 0 { c *= beta; return }
        matrix.storage.withUnsafeBufferPointer { pm in
            vector.storage.withUnsafeBufferPointer { pv in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    Scalar.blasGemv(
                        transpose: matrixTransposed, m: rows, n: columns, alpha: alpha,
                        a: pm.baseAddress!, lda: columns, x: pv.baseAddress!, incx: 1,
                        beta: beta, y: pc.baseAddress!, incy: 1)
                }
            }
        }
    }

    /// The matrix product `self · other` (GEMM; GEMV when `other` is a vector).
    @inlinable
    public func matmul(_ other: Tensor) -> Tensor {
        WickCore.matmul(self, other)
    }
}

/// The matrix product `op(a) · op(b)`, where `op` transposes when asked (GEMM, or GEMV when
/// one side is a vector).
///
/// `matmul(x, w, transposeB: true)` is `x wᵀ`, the forward pass of a linear layer, without
/// materialising the transpose.
@inlinable
public func matmul<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>, transposeA: Bool = false, transposeB: Bool = false) -> Tensor<Scalar> {
    var c = Tensor<Scalar>(_unchecked: [0], storage: [])
    Tensor.matmul(a, b, into: &c, transposeA: transposeA, transposeB: transposeB)
    return c
}
