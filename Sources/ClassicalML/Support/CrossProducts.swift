// Column means and the cross products XᵀX, XᵀY of (optionally) centred data: the statistics that
// least squares, ridge and PCA are built on. The products are accumulated over blocks of rows, so
// that centring never copies the whole data set and the work stays in BLAS; the rows are split
// between the cores, each summing its own partial products with single-threaded BLAS (BLAS's own
// threads barely speed up syrk with few columns).

/// The mean of each column of the matrix `x`, accumulated in Double (for `Float` data too: a
/// Float running sum of 10⁶ values near 10⁴ keeps only about three significant digits of the
/// mean). The row loop adds whole rows into `columns` Double accumulators, which vectorises.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func columnMeansInDouble<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> [Double] {
    let (rows, columns) = (x.shape[0], x.shape[1])
    var sums = [Double](repeating: 0, count: columns)
    if rows == 0 || columns == 0 { return sums }
    x.withUnsafeBufferPointer { source in
        sums.withUnsafeMutableBufferPointer { total in
            let s = source.baseAddress!, t = total.baseAddress!
            if columns == 1 {
                // One column: eight interleaved partial sums, as in WickCore's reductions.
                var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0, a4 = 0.0, a5 = 0.0, a6 = 0.0, a7 = 0.0, r = 0
                while r + 8 <= rows {
                    a0 += Double(s[r]); a1 += Double(s[r + 1]); a2 += Double(s[r + 2]); a3 += Double(s[r + 3])
                    a4 += Double(s[r + 4]); a5 += Double(s[r + 5]); a6 += Double(s[r + 6]); a7 += Double(s[r + 7])
                    r += 8
                }
                while r < rows { t[0] += Double(s[r]); r += 1 }
                t[0] += ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
                return
            }
            for r in 0..<rows {
                let row = s + r * columns
                for j in 0..<columns { t[j] += Double(row[j]) }
            }
        }
    }
    let n = Double(rows)
    return sums.map { $0 / n }
}

/// The mean of each column of the matrix `x` (accumulated in Double, then rounded to `Scalar`).
internal func columnMeans<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    Tensor(columnMeansInDouble(x).map { Scalar($0) })
}

/// The mean and the population variance `Σ(x − x̄)² / n` of each column of `x`, in Double, by
/// the corrected two-pass algorithm (Chan, Golub and LeVeque, "Algorithms for computing the
/// sample variance", 1983): a first pass for the mean `m`, a second for `S = Σ(x − m)` and
/// `Q = Σ(x − m)²`; then `x̄ = m + S/n` and the variance is `(Q − S²/n) / n`. The correction
/// removes the rounding error of `m` from both: ten values of 0.1 have the mean 0.1 exactly
/// (the plain sum gives 0.09999999999999999) and the variance 0.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func columnMeansAndVariances<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> (mean: [Double], variance: [Double]) {
    let (rows, columns) = (x.shape[0], x.shape[1])
    let first = columnMeansInDouble(x)
    if rows == 0 || columns == 0 { return (first, [Double](repeating: 0, count: columns)) }
    var deviations = [Double](repeating: 0, count: columns), squares = [Double](repeating: 0, count: columns)
    x.withUnsafeBufferPointer { source in
        first.withUnsafeBufferPointer { m in
            deviations.withUnsafeMutableBufferPointer { sBuffer in
                squares.withUnsafeMutableBufferPointer { qBuffer in
                    let s = source.baseAddress!, means = m.baseAddress!, sums = sBuffer.baseAddress!, q = qBuffer.baseAddress!
                    for r in 0..<rows {
                        let row = s + r * columns
                        for j in 0..<columns {
                            let d = Double(row[j]) - means[j]
                            sums[j] += d
                            q[j] += d * d
                        }
                    }
                }
            }
        }
    }
    let n = Double(rows)
    let mean = (0..<columns).map { first[$0] + deviations[$0] / n }
    let variance = (0..<columns).map { Swift.max(squares[$0] - deviations[$0] * deviations[$0] / n, 0) / n }
    return (mean, variance)
}

/// Whether a feature whose computed population variance is `variance` and mean `mean`, over
/// `count` samples, is indistinguishable from a constant one: `variance ≤ n·ε·variance +
/// (n·mean·ε)²` with ε of Double (the accumulators' precision), scikit-learn's
/// `_is_constant_feature` after Chan, Golub and LeVeque's bound on the rounding error of the
/// two-pass variance. Three samples of 0.1 have a computed variance of about 2e-34, not 0; this
/// calls them constant. Every test of a zero variance or scale in ClassicalML goes through it.
internal func isConstantFeature(variance: Double, mean: Double, count: Int) -> Bool {
    let n = Double(count), epsilon = Double.ulpOfOne
    let bound = n * epsilon * variance + (n * mean * epsilon) * (n * mean * epsilon)
    return !(variance > bound)  // a NaN variance (never here: inputs are checked) counts as constant
}

/// `x` with `mean` subtracted from every row, each difference formed in Double and rounded once
/// (so a Float column near 10⁴ keeps all the bits of its deviations), in one pass into a new
/// buffer.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func centred<Scalar: TensorScalar>(_ x: Tensor<Scalar>, _ mean: [Double]) -> Tensor<Scalar> {
    let (rows, columns) = (x.shape[0], x.shape[1])
    let values = [Scalar](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
        x.withUnsafeBufferPointer { source in
            mean.withUnsafeBufferPointer { m in
                if let target = buffer.baseAddress, let s = source.baseAddress, let means = m.baseAddress {
                    for r in 0..<rows {
                        let from = s + r * columns, to = target + r * columns
                        for j in 0..<columns { (to + j).initialize(to: Scalar(Double(from[j]) - means[j])) }
                    }
                }
            }
        }
        initialized = rows * columns
    }
    return Tensor(shape: [rows, columns], scalars: values)
}

/// `x` in Double with `mean` (when given) subtracted from every row: the design matrix of a
/// least-squares fit, which WickCore solves in Double for `Float` data anyway.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func centredInDouble<Scalar: TensorScalar>(_ x: Tensor<Scalar>, _ mean: [Double]?) -> Tensor<Double> {
    if mean == nil, let same = x as? Tensor<Double> { return same }
    let (rows, columns) = (x.shape[0], x.shape[1])
    let means = mean ?? [Double](repeating: 0, count: columns)
    var values = [Double](repeating: 0, count: rows * columns)
    x.withUnsafeBufferPointer { source in
        values.withUnsafeMutableBufferPointer { target in
            for r in 0..<rows {
                for j in 0..<columns { target[r * columns + j] = Double(source[r * columns + j]) - means[j] }
            }
        }
    }
    return Tensor(shape: [rows, columns], scalars: values)
}

/// The intercepts `ȳ − x̄ W` of a linear model, in Double (with `x̄` near 10⁴ the product is
/// large and the difference small). `weights` is features x outputs.
internal func interceptsInDouble<Weight: TensorScalar>(xMean: [Double], yMean: [Double], weights: Tensor<Weight>) -> [Double] {
    let (p, k) = (weights.shape[0], weights.shape[1])
    return weights.withUnsafeBufferPointer { w in
        (0..<k).map { j in
            var total = yMean[j]
            for i in 0..<p { total -= xMean[i] * Double(w[i * k + j]) }
            return total
        }
    }
}

/// The second-moment statistics of a regression problem.
internal struct CrossProducts<Scalar: TensorScalar> {
    /// Column means of `x` in Double (zeros when the data was not centred).
    var xMean: [Double]
    /// Column means of `y` in Double (zeros when the data was not centred).
    var yMean: [Double]
    /// `XcᵀXc`, features x features.
    var gram: Tensor<Scalar>
    /// `XcᵀYc`, features x outputs.
    var cross: Tensor<Scalar>
}

/// Rows per block: about 2^20 scalars, so a block stays in the last-level cache; for `Float` at
/// most 1024, since BLAS sums a block's products in Float (see ``crossProducts(_:_:centre:)``).
@inline(__always)
private func blockRows<Scalar: TensorScalar>(columns: Int, _: Scalar.Type) -> Int {
    let rows = Swift.max(64, (1 << 20) / Swift.max(columns, 1))
    return Scalar.self == Float.self ? Swift.min(rows, 1024) : rows
}

/// Copies `count` rows starting at `first` from `source` (`columns` wide) into `destination`,
/// subtracting the Double `mean` from each in Double.
@inline(__always)
private func copyCentred<Scalar: TensorScalar>(
    _ source: UnsafePointer<Scalar>, first: Int, count: Int, columns: Int,
    mean: UnsafePointer<Double>, into destination: UnsafeMutablePointer<Scalar>
) {
    for r in 0..<count {
        let from = source + (first + r) * columns, to = destination + r * columns
        for j in 0..<columns { to[j] = Scalar(Double(from[j]) - mean[j]) }
    }
}

/// `XcᵀXc` and `XcᵀYc` for `x` (n x p) and `y` (n x k), where `Xc`, `Yc` are the column-centred
/// data when `centre` is true and the data itself otherwise. `XcᵀXc` comes from BLAS syrk (half
/// the work of a general product).
///
/// For `Float` data the means are taken in Double and each centred value is formed in Double and
/// rounded once, so the offset of the data (10⁴, say) is gone before any product; the products
/// of a block (at most 1024 rows) are BLAS's, in Float, and the blocks' products are added up in
/// Double. A 10⁶-row column of variance 1 near 10⁴ then has its variance right to about 1e-6
/// (it was off by a factor of 10⁵ with Float means and one Float sum).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func crossProducts<Scalar: TensorScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, centre: Bool) -> CrossProducts<Scalar> {
    let (n, p, k) = (x.shape[0], x.shape[1], y.shape[1])
    let xMean = centre ? columnMeansInDouble(x) : [Double](repeating: 0, count: p)
    let yMean = centre ? columnMeansInDouble(y) : [Double](repeating: 0, count: k)
    if n == 0 || p == 0 {
        return CrossProducts(xMean: xMean, yMean: yMean, gram: .zeros(shape: [p, p]), cross: .zeros(shape: [p, k]))
    }
    let chunks = rowChunks(n)
    var partials = [(gram: [Double], cross: [Double])](repeating: ([], []), count: chunks.count)
    withSingleThreadedBLAS {
        partials.withUnsafeMutableBufferPointer { results in
            let output = UncheckedSendable(results.baseAddress!)
            parallelFor(chunks.count) { c in
                output.value[c] = blockedProducts(x, y, xMean, yMean, rows: chunks[c])
            }
        }
    }
    var gram = [Double](repeating: 0, count: p * p), cross = [Double](repeating: 0, count: p * k)
    for partial in partials {
        for i in 0..<(p * p) { gram[i] += partial.gram[i] }
        for i in 0..<(p * k) { cross[i] += partial.cross[i] }
    }
    return CrossProducts(xMean: xMean, yMean: yMean,
                         gram: Tensor(shape: [p, p], scalars: gram.map { Scalar($0) }),
                         cross: Tensor(shape: [p, k], scalars: cross.map { Scalar($0) }))
}

/// `XcᵀXc` and `XcᵀYc` over the rows `rows`, in Double, block by block: each block is copied with
/// the means subtracted into a buffer that stays in cache, its products are formed by syrk and
/// GEMM, and added into the Double totals.
private func blockedProducts<Scalar: TensorScalar>(
    _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, _ xMean: [Double], _ yMean: [Double], rows: Range<Int>
) -> (gram: [Double], cross: [Double]) {
    let (p, k) = (x.shape[1], y.shape[1])
    var gramTotal = [Double](repeating: 0, count: p * p), crossTotal = [Double](repeating: 0, count: p * k)
    var gram = Tensor<Scalar>.zeros(shape: [p, p]), cross = Tensor<Scalar>.zeros(shape: [p, k])
    let block = Swift.min(rows.count, blockRows(columns: p + k, Scalar.self))
    var xBlock = Tensor<Scalar>.zeros(shape: [block, p]), yBlock = Tensor<Scalar>.zeros(shape: [block, k])
    /// `total += part`, element by element in Double.
    func add(_ part: Tensor<Scalar>, to total: inout [Double]) {
        part.withUnsafeBufferPointer { source in
            total.withUnsafeMutableBufferPointer { target in
                for i in 0..<target.count { target[i] += Double(source[i]) }
            }
        }
    }
    for first in stride(from: rows.lowerBound, to: rows.upperBound, by: Swift.max(block, 1)) {
        let count = Swift.min(block, rows.upperBound - first)
        xBlock.resize(rows: count, columns: p)
        x.withUnsafeBufferPointer { xs in
            xMean.withUnsafeBufferPointer { xm in
                xBlock.withUnsafeMutableBufferPointer { xb in
                    copyCentred(xs.baseAddress!, first: first, count: count, columns: p, mean: xm.baseAddress!, into: xb.baseAddress!)
                }
            }
        }
        Tensor.gram(xBlock, into: &gram)
        add(gram, to: &gramTotal)
        if k > 0 {
            yBlock.resize(rows: count, columns: k)
            y.withUnsafeBufferPointer { ys in
                yMean.withUnsafeBufferPointer { ym in
                    yBlock.withUnsafeMutableBufferPointer { yb in
                        copyCentred(ys.baseAddress!, first: first, count: count, columns: k, mean: ym.baseAddress!, into: yb.baseAddress!)
                    }
                }
            }
            Tensor.matmul(xBlock, yBlock, into: &cross, transposeA: true)
            add(cross, to: &crossTotal)
        }
    }
    return (gramTotal, crossTotal)
}

/// `XcᵀXc` alone (PCA's scatter matrix) and the column means, by the same blocked scheme.
internal func centredGram<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> (mean: [Double], gram: Tensor<Scalar>) {
    let products = crossProducts(x, Tensor<Scalar>.zeros(shape: [x.shape[0], 0]), centre: true)
    return (products.xMean, products.gram)
}
