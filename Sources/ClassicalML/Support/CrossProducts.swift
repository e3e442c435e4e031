// Column means and the cross products XᵀX, XᵀY of (optionally) centred data: the statistics that
// least squares, ridge and PCA are built on. The products are accumulated over blocks of rows, so
// that centring never copies the whole data set and the work stays in BLAS; the rows are split
// between the cores, each summing its own partial products with single-threaded BLAS (BLAS's own
// threads barely speed up syrk with few columns).

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

/// `x` with `mean` subtracted from every row, written in one pass into a new buffer.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func centred<Scalar: TensorScalar>(_ x: Tensor<Scalar>, _ mean: Tensor<Scalar>) -> Tensor<Scalar> {
    let (rows, columns) = (x.shape[0], x.shape[1])
    let values = [Scalar](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
        x.withUnsafeBufferPointer { source in
            mean.withUnsafeBufferPointer { m in
                if let target = buffer.baseAddress, let s = source.baseAddress, let means = m.baseAddress {
                    for r in 0..<rows {
                        let from = s + r * columns, to = target + r * columns
                        for j in 0..<columns { (to + j).initialize(to: from[j] - means[j]) }
                    }
                }
            }
        }
        initialized = rows * columns
    }
    return Tensor(shape: [rows, columns], scalars: values)
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

/// Rows per block: about 2^20 scalars, so a block stays in the last-level cache.
@inline(__always)
private func blockRows(columns: Int) -> Int { Swift.max(64, (1 << 20) / Swift.max(columns, 1)) }

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
/// data when `centre` is true and the data itself otherwise. `XcᵀXc` comes from BLAS syrk (half
/// the work of a general product).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func crossProducts<Scalar: TensorScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, centre: Bool) -> CrossProducts<Scalar> {
    let (n, p, k) = (x.shape[0], x.shape[1], y.shape[1])
    let xMean = centre ? columnMeans(x) : .zeros(shape: [p])
    let yMean = centre ? columnMeans(y) : .zeros(shape: [k])
    var gram = Tensor<Scalar>.zeros(shape: [p, p]), cross = Tensor<Scalar>.zeros(shape: [p, k])
    if n == 0 || p == 0 { return CrossProducts(xMean: xMean, yMean: yMean, gram: gram, cross: cross) }
    let chunks = rowChunks(n)
    var partials = [(gram: Tensor<Scalar>, cross: Tensor<Scalar>)](repeating: (gram, cross), count: chunks.count)
    withSingleThreadedBLAS {
        partials.withUnsafeMutableBufferPointer { results in
            let output = UncheckedSendable(results.baseAddress!)
            parallelFor(chunks.count) { c in
                output.value[c] = blockedProducts(x, y, xMean, yMean, rows: chunks[c])
            }
        }
    }
    for partial in partials {
        gram += partial.gram
        cross += partial.cross
    }
    return CrossProducts(xMean: xMean, yMean: yMean, gram: gram, cross: cross)
}

/// `XcᵀXc` and `XcᵀYc` over the rows `rows`, block by block: each block is copied with the means
/// subtracted into a buffer that stays in cache, then accumulated by syrk and GEMM.
private func blockedProducts<Scalar: TensorScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, _ xMean: Tensor<Scalar>, _ yMean: Tensor<Scalar>, rows: Range<Int>
) -> (gram: Tensor<Scalar>, cross: Tensor<Scalar>) {
    let (p, k) = (x.shape[1], y.shape[1])
    var gram = Tensor<Scalar>.zeros(shape: [p, p]), cross = Tensor<Scalar>.zeros(shape: [p, k])
    let block = Swift.min(rows.count, blockRows(columns: p + k))
    var xBlock = Tensor<Scalar>.zeros(shape: [block, p]), yBlock = Tensor<Scalar>.zeros(shape: [block, k])
    for first in stride(from: rows.lowerBound, to: rows.upperBound, by: Swift.max(block, 1)) {
        let count = Swift.min(block, rows.upperBound - first)
        let beta: Scalar = first == rows.lowerBound ? 0 : 1
        xBlock.resize(rows: count, columns: p)
        x.withUnsafeBufferPointer { xs in
            xMean.withUnsafeBufferPointer { xm in
                xBlock.withUnsafeMutableBufferPointer { xb in
                    copyCentred(xs.baseAddress!, first: first, count: count, columns: p, mean: xm.baseAddress!, into: xb.baseAddress!)
                }
            }
        }
        Tensor.gram(xBlock, into: &gram, beta: beta)
        if k > 0 {
            yBlock.resize(rows: count, columns: k)
            y.withUnsafeBufferPointer { ys in
                yMean.withUnsafeBufferPointer { ym in
                    yBlock.withUnsafeMutableBufferPointer { yb in
                        copyCentred(ys.baseAddress!, first: first, count: count, columns: k, mean: ym.baseAddress!, into: yb.baseAddress!)
                    }
                }
            }
            Tensor.matmul(xBlock, yBlock, into: &cross, transposeA: true, beta: beta)
        }
    }
    return (gram, cross)
}

/// `XcᵀXc` alone (PCA's scatter matrix) and the column means, by the same blocked scheme.
internal func centredGram<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> (mean: Tensor<Scalar>, gram: Tensor<Scalar>) {
    let products = crossProducts(x, Tensor<Scalar>.zeros(shape: [x.shape[0], 0]), centre: true)
    return (products.xMean, products.gram)
}
