extension Tensor {
    /// Element-wise `eˣ`.
    @inlinable public func exp() -> Tensor { map { Scalar.exp($0) } }
    /// Element-wise natural logarithm.
    @inlinable public func log() -> Tensor { map { Scalar.log($0) } }
    /// Element-wise square root.
    @inlinable public func sqrt() -> Tensor { map { $0.squareRoot() } }
    /// Element-wise absolute value.
    @inlinable public func abs() -> Tensor { map { Swift.abs($0) } }
    /// Element-wise hyperbolic tangent.
    @inlinable public func tanh() -> Tensor { map { Scalar.tanh($0) } }
    /// Element-wise power `xᵖ` (`p` = 2 multiplies; a whole `p` keeps the sign of a negative base,
    /// as `torch.pow` does: `(-2)³ = -8`; any other `p` calls `pow`, NaN for a negative base).
    @inlinable
    public func pow(_ p: Scalar) -> Tensor {
        if p == 2 { return map { $0 * $0 } }
        if let n = Int(exactly: p) { return map { Scalar.pow($0, n) } }
        return map { Scalar.pow($0, p) }
    }
    /// Each element limited to [`low`, `high`].
    @inlinable
    public func clamped(_ low: Scalar, _ high: Scalar) -> Tensor {
        wickPrecondition(low <= high, "clamped: low \(low) is above high \(high)")
        return map { Swift.min(Swift.max($0, low), high) }
    }
}

extension Tensor {
    /// The sum of all elements, accumulated in Double (for `Float` too) and rounded once.
    @inlinable
    public func sum() -> Scalar { Scalar(sumInDouble()) }

    /// The mean of all elements (0 for an empty tensor), accumulated in Double and rounded once.
    @inlinable public func mean() -> Scalar { Scalar(sumInDouble() / Double(Swift.max(count, 1))) }

    /// The sum of all elements in Double, unrounded (see Accumulation.swift).
    @inlinable
    internal func sumInDouble() -> Double {
        storage.withUnsafeBufferPointer { p in
            p.isEmpty ? 0 : Scalar.accumulate(p.baseAddress!, count: p.count, .value)
        }
    }

    /// The largest element.
    @inlinable
    public func max() -> Scalar {
        wickPrecondition(count > 0, "max: empty tensor of shape \(formatShape(_shape))")
        return storage.max()!
    }

    /// The smallest element.
    @inlinable
    public func min() -> Scalar {
        wickPrecondition(count > 0, "min: empty tensor of shape \(formatShape(_shape))")
        return storage.min()!
    }

    /// The row-major position of the largest element (the first one on ties).
    @inlinable
    public func argmax() -> Int {
        wickPrecondition(count > 0, "argmax: empty tensor of shape \(formatShape(_shape))")
        var best = 0
        for i in 1..<count where storage[i] > storage[best] { best = i }
        return best
    }

    /// The L2 (Frobenius) norm; the squares are summed in Double (for `Float` too).
    @inlinable
    public func norm() -> Scalar {
        storage.withUnsafeBufferPointer { p in
            if p.isEmpty { return 0 }
            return Scalar(Scalar.accumulate(p.baseAddress!, count: p.count, .square).squareRoot())
        }
    }

    /// The Lp norm over all elements: `p` = 1, 2, or `.infinity` (largest absolute value). Sums
    /// are accumulated in Double (for `Float` too).
    @inlinable
    public func norm(p: Scalar) -> Scalar {
        if p == 2 { return norm() }
        if p == .infinity { return storage.reduce(0) { Swift.max($0, Swift.abs($1)) } }
        wickPrecondition(p > 0, "norm(p:): p must be positive, got \(p)")
        return storage.withUnsafeBufferPointer { buffer in
            if buffer.isEmpty { return 0 }
            if p == 1 { return Scalar(Scalar.accumulate(buffer.baseAddress!, count: buffer.count, .magnitude)) }
            let power = Double(p)
            let total = buffer.reduce(0.0) { $0 + Double.pow(Double(Swift.abs($1)), power) }
            return Scalar(Double.pow(total, 1 / power))
        }
    }

    /// Reduces along `dimension` with `reduce(accumulator, element)` starting from `initial`.
    /// The dimension is removed from the result's shape (as PyTorch's default).
    @inlinable
    internal func reduce(alongDimension dimension: Int, _ name: String, initial: (Scalar) -> Scalar, _ reduce: (Scalar, Scalar) -> Scalar) -> Tensor {
        let d = dimension < 0 ? dimension + rank : dimension
        wickPrecondition(d >= 0 && d < rank, "\(name): dimension \(dimension) out of range for shape \(formatShape(_shape))")
        wickPrecondition(_shape[d] > 0, "\(name): dimension \(dimension) of shape \(formatShape(_shape)) is empty")
        let outer = _shape[..<d].reduce(1, *), n = _shape[d], inner = _shape[(d + 1)...].reduce(1, *)
        var shape = _shape
        shape.remove(at: d)
        var result = [Scalar](repeating: 0, count: outer * inner)
        storage.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                for o in 0..<outer {
                    let base = o * n * inner
                    for i in 0..<inner { dst[o * inner + i] = initial(src[base + i]) }
                    for k in 1..<n {
                        let row = base + k * inner
                        for i in 0..<inner { dst[o * inner + i] = reduce(dst[o * inner + i], src[row + i]) }
                    }
                }
            }
        }
        return Tensor(_unchecked: shape, storage: result)
    }

    /// Sums along `dimension`, which is removed: a 4x3 matrix summed along 0 is a 3-vector.
    /// Each sum is accumulated in Double (for `Float` too) and rounded once.
    @inlinable
    public func sum(alongDimension dimension: Int) -> Tensor {
        let (shape, sums) = sumsInDouble(alongDimension: dimension, "sum(alongDimension:)")
        return Tensor(_unchecked: shape, storage: sums.map { Scalar($0) })
    }

    /// Means along `dimension`, which is removed; accumulated in Double and rounded once.
    @inlinable
    public func mean(alongDimension dimension: Int) -> Tensor {
        let (shape, sums) = sumsInDouble(alongDimension: dimension, "mean(alongDimension:)")
        let n = Double(size(dimension))
        return Tensor(_unchecked: shape, storage: sums.map { Scalar($0 / n) })
    }

    /// The sums along `dimension` in Double, and the shape without that dimension. Summing along
    /// the last dimension adds contiguous runs (eight partial sums each); along any other, whole
    /// rows of `inner` elements are added into `inner` Double accumulators, which vectorises.
    @inlinable
    internal func sumsInDouble(alongDimension dimension: Int, _ name: String) -> (shape: [Int], sums: [Double]) {
        let d = dimension < 0 ? dimension + rank : dimension
        wickPrecondition(d >= 0 && d < rank, "\(name): dimension \(dimension) out of range for shape \(formatShape(_shape))")
        wickPrecondition(_shape[d] > 0, "\(name): dimension \(dimension) of shape \(formatShape(_shape)) is empty")
        let outer = _shape[..<d].reduce(1, *), n = _shape[d], inner = _shape[(d + 1)...].reduce(1, *)
        var shape = _shape
        shape.remove(at: d)
        var result = [Double](repeating: 0, count: outer * inner)
        if result.isEmpty { return (shape, result) }
        storage.withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                let source = src.baseAddress!, target = dst.baseAddress!
                for o in 0..<outer {
                    let base = source + o * n * inner
                    if inner == 1 {
                        target[o] = Scalar.accumulate(base, count: n, .value)
                        continue
                    }
                    for k in 0..<n { Scalar.add(base + k * inner, into: target + o * inner, count: inner) }
                }
            }
        }
        return (shape, result)
    }

    /// The variance of all elements (Torch7's `x:var()`): `Σ (x − mean)² / (n − 1)`, or `/ n` with
    /// `unbiased: false`. Two passes (the mean, then the squared deviations from it), both
    /// accumulated in Double (for `Float` too) and rounded once. NaN for one element unbiased;
    /// stops for an empty tensor.
    @inlinable
    public func variance(unbiased: Bool = true) -> Scalar {
        wickPrecondition(count > 0, "variance: empty tensor of shape \(formatShape(_shape))")
        let mean = sumInDouble() / Double(count)
        let squares = storage.withUnsafeBufferPointer { p in
            Scalar.squaredDeviations(p.baseAddress!, count: p.count, from: mean)
        }
        return Scalar(squares / Double(unbiased ? count - 1 : count))
    }

    /// The standard deviation of all elements (Torch7's `x:std()`): the square root of
    /// ``variance(unbiased:)``, unbiased (`n − 1`) by default as in Torch7.
    @inlinable
    public func std(unbiased: Bool = true) -> Scalar {
        Scalar(Double(variance(unbiased: unbiased)).squareRoot())
    }

    /// Variances along `dimension`, which is removed (Torch7's `x:var(d)`, which keeps it with size
    /// 1): a 4x3 matrix along 0 gives the 3 column variances. Unbiased (`n − 1`) by default;
    /// accumulated in Double and rounded once.
    @inlinable
    public func variance(alongDimension dimension: Int, unbiased: Bool = true) -> Tensor {
        let (shape, sums) = sumsInDouble(alongDimension: dimension, "variance(alongDimension:)")
        let d = dimension < 0 ? dimension + rank : dimension
        let n = _shape[d], inner = _shape[(d + 1)...].reduce(1, *), outer = _shape[..<d].reduce(1, *)
        let means = sums.map { $0 / Double(n) }
        var squares = [Double](repeating: 0, count: means.count)
        storage.withUnsafeBufferPointer { src in
            for o in 0..<outer {
                for k in 0..<n {
                    let row = (o * n + k) * inner
                    for i in 0..<inner {
                        let deviation = Double(src[row + i]) - means[o * inner + i]
                        squares[o * inner + i] += deviation * deviation
                    }
                }
            }
        }
        let divisor = Double(unbiased ? n - 1 : n)
        return Tensor(_unchecked: shape, storage: squares.map { Scalar($0 / divisor) })
    }

    /// Standard deviations along `dimension`, which is removed (Torch7's `x:std(d)`): the square
    /// roots of ``variance(alongDimension:unbiased:)``, unbiased by default.
    @inlinable
    public func std(alongDimension dimension: Int, unbiased: Bool = true) -> Tensor {
        variance(alongDimension: dimension, unbiased: unbiased).map { $0.squareRoot() }
    }

    /// Maxima along `dimension`, which is removed.
    @inlinable
    public func max(alongDimension dimension: Int) -> Tensor {
        reduce(alongDimension: dimension, "max(alongDimension:)", initial: { $0 }) { Swift.max($0, $1) }
    }

    /// Minima along `dimension`, which is removed.
    @inlinable
    public func min(alongDimension dimension: Int) -> Tensor {
        reduce(alongDimension: dimension, "min(alongDimension:)", initial: { $0 }) { Swift.min($0, $1) }
    }

    /// The positions of the maxima along `dimension` (first on ties), in row-major order of the
    /// remaining dimensions: for a batch of scores (N x classes), `argmax(alongDimension: 1)` is
    /// the predicted class of each sample.
    @inlinable
    public func argmax(alongDimension dimension: Int) -> [Int] {
        let d = dimension < 0 ? dimension + rank : dimension
        wickPrecondition(d >= 0 && d < rank, "argmax(alongDimension:): dimension \(dimension) out of range for shape \(formatShape(_shape))")
        wickPrecondition(_shape[d] > 0, "argmax(alongDimension:): dimension \(dimension) of shape \(formatShape(_shape)) is empty")
        let outer = _shape[..<d].reduce(1, *), n = _shape[d], inner = _shape[(d + 1)...].reduce(1, *)
        var result = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                var best = 0
                for k in 1..<n where storage[base + k * inner] > storage[base + best * inner] { best = k }
                result[o * inner + i] = best
            }
        }
        return result
    }
}

/// The dot product of two tensors with the same number of elements, accumulated in Double and
/// rounded once (for `Double` tensors, BLAS `ddot`; for `Float`, a loop that forms each product
/// exactly in Double, where BLAS `sdot` would accumulate in Float).
@inlinable
public func dot<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Scalar {
    wickPrecondition(a.count == b.count, "dot: \(formatShape(a.shape)) and \(formatShape(b.shape)) differ in size")
    return a.storage.withUnsafeBufferPointer { p in
        b.storage.withUnsafeBufferPointer { q in
            a.count == 0 ? 0 : Scalar(Scalar.dotProduct(p.baseAddress!, q.baseAddress!, count: a.count))
        }
    }
}

/// The outer product `a bᵀ` of two vectors: an `a.count` x `b.count` matrix (BLAS `ger`).
@inlinable
public func outer<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
    wickPrecondition(a.rank == 1 && b.rank == 1, "outer: needs two vectors, got \(formatShape(a.shape)) and \(formatShape(b.shape))")
    var result = Tensor<Scalar>.zeros(shape: [a.count, b.count])
    if a.count == 0 || b.count == 0 { return result }
    a.storage.withUnsafeBufferPointer { p in
        b.storage.withUnsafeBufferPointer { q in
            result.storage.withUnsafeMutableBufferPointer { r in
                Scalar.blasGer(m: a.count, n: b.count, alpha: 1, x: p.baseAddress!, y: q.baseAddress!, a: r.baseAddress!, lda: b.count)
            }
        }
    }
    return result
}
