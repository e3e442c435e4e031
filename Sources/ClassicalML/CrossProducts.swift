// Column means and the cross products XᵀX, XᵀY of (optionally) centred data: the statistics that
// least squares, ridge and PCA are built on. The centred products are accumulated over blocks of
// rows, so that centring never copies the whole data set and the work stays in GEMM.

/// The mean of each column of the matrix `x`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func columnMeans<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    let (rows, columns) = (x.shape[0], x.shape[1])
    var sums = Tensor<Scalar>.zeros(shape: [columns])
    if rows == 0 || columns == 0 { return sums }
    x.withUnsafeBufferPointer { source in
        sums.withUnsafeMutableBufferPointer { total in
            let s = source.baseAddress!, t = total.baseAddress!
            for r in 0..<rows {
                let row = s + r * columns
                for j in 0..<columns { t[j] += row[j] }
            }
        }
    }
    let scale = 1 / Scalar(rows)
    sums.apply { $0 * scale }
    return sums
}

/// `x` with `mean` subtracted from every row.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func centred<Scalar: TensorScalar>(_ x: Tensor<Scalar>, _ mean: Tensor<Scalar>) -> Tensor<Scalar> {
    var result = x
    result -= mean
    return result
}

/// The second-moment statistics of a regression problem.
internal struct CrossProducts<Scalar: TensorScalar> {
    /// Column means of `x` (zeros when the data was not centred).
    var xMean: Tensor<Scalar>
    /// Column means of `y` (zeros when the data was not centred).
    var yMean: Tensor<Scalar>
    /// `XcᵀXc`, features x features.
    var gram: Tensor<Scalar>
    /// `XcᵀYc`, features x outputs.
    var cross: Tensor<Scalar>
}

/// Rows per block: about 2^18 scalars of `x`, so a block stays in the last-level cache.
@inline(__always)
private func blockRows(columns: Int) -> Int { Swift.max(64, (1 << 18) / Swift.max(columns, 1)) }

/// Copies `count` rows starting at `first` from `source` (`columns` wide) into `destination`,
/// subtracting `mean` from each.
@inline(__always)
private func copyCentred<Scalar: TensorScalar>(
    _ source: UnsafePointer<Scalar>, first: Int, count: Int, columns: Int,
    mean: UnsafePointer<Scalar>, into destination: UnsafeMutablePointer<Scalar>
) {
    for r in 0..<count {
        let from = source + (first + r) * columns, to = destination + r * columns
        for j in 0..<columns { to[j] = from[j] - mean[j] }
    }
}

/// `XcᵀXc` and `XcᵀYc` for `x` (n x p) and `y` (n x k), where `Xc`, `Yc` are the column-centred
/// data when `centre` is true and the data itself otherwise.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func crossProducts<Scalar: TensorScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, centre: Bool) -> CrossProducts<Scalar> {
    let (n, p, k) = (x.shape[0], x.shape[1], y.shape[1])
    guard centre else {
        return CrossProducts(xMean: .zeros(shape: [p]), yMean: .zeros(shape: [k]),
                             gram: matmul(x, x, transposeA: true), cross: matmul(x, y, transposeA: true))
    }
    let xMean = columnMeans(x), yMean = columnMeans(y)
    var gram = Tensor<Scalar>.zeros(shape: [p, p]), cross = Tensor<Scalar>.zeros(shape: [p, k])
    let block = Swift.min(n, blockRows(columns: p + k))
    if n == 0 || p == 0 { return CrossProducts(xMean: xMean, yMean: yMean, gram: gram, cross: cross) }
    var xBlock = [Scalar](repeating: 0, count: block * p), yBlock = [Scalar](repeating: 0, count: block * k)
    x.withUnsafeBufferPointer { xs in
        y.withUnsafeBufferPointer { ys in
            xMean.withUnsafeBufferPointer { xm in
                yMean.withUnsafeBufferPointer { ym in
                    gram.withUnsafeMutableBufferPointer { g in
                        cross.withUnsafeMutableBufferPointer { c in
                            xBlock.withUnsafeMutableBufferPointer { xb in
                                yBlock.withUnsafeMutableBufferPointer { yb in
                                    for first in stride(from: 0, to: n, by: block) {
                                        let count = Swift.min(block, n - first)
                                        let beta: Scalar = first == 0 ? 0 : 1
                                        copyCentred(xs.baseAddress!, first: first, count: count, columns: p,
                                                    mean: xm.baseAddress!, into: xb.baseAddress!)
                                        Scalar.blasGemm(transposeA: true, transposeB: false, m: p, n: p, k: count,
                                                        alpha: 1, a: xb.baseAddress!, lda: p, b: xb.baseAddress!, ldb: p,
                                                        beta: beta, c: g.baseAddress!, ldc: p)
                                        if k > 0 {
                                            copyCentred(ys.baseAddress!, first: first, count: count, columns: k,
                                                        mean: ym.baseAddress!, into: yb.baseAddress!)
                                            Scalar.blasGemm(transposeA: true, transposeB: false, m: p, n: k, k: count,
                                                            alpha: 1, a: xb.baseAddress!, lda: p, b: yb.baseAddress!, ldb: k,
                                                            beta: beta, c: c.baseAddress!, ldc: k)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return CrossProducts(xMean: xMean, yMean: yMean, gram: gram, cross: cross)
}

/// `XcᵀXc` alone (PCA's scatter matrix) and the column means, by the same blocked scheme.
internal func centredGram<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> (mean: Tensor<Scalar>, gram: Tensor<Scalar>) {
    let products = crossProducts(x, Tensor<Scalar>.zeros(shape: [x.shape[0], 0]), centre: true)
    return (products.xMean, products.gram)
}
