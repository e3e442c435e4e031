// Row-wise soft-max and log-soft-max, the one implementation behind NN's `SoftMax`, `LogSoftMax`
// and `CrossEntropyCriterion` and ClassicalML's multinomial `LogisticRegression`. Each row is
// shifted by its maximum (so logits of any size stay finite) and the exponentials of the whole
// batch go through one vectorised call, `kernelExp`, instead of one C library call per element.
// Inlinable so that it is specialised in the modules that call it; it allocates nothing once the
// output tensor has the right shape.

extension Tensor {
    /// Sets this tensor to the soft-max of each row of `logits`, taking its shape and reusing this
    /// tensor's buffer: a row is the last dimension, so a 1-D tensor is one sample and a matrix a
    /// batch of samples, one per row.
    ///
    /// See ``TensorScalar/softMaxRows(_:into:count:columns:_:)`` for the computation; `body` is
    /// called once per row, in order, with the row's index and its `log Σⱼ e^(xⱼ)`.
    @inlinable
    public mutating func assignSoftMax(of logits: Tensor, _ body: (_ row: Int, _ logSum: Scalar) -> Void = { _, _ in }) {
        resize(like: logits)
        let columns = logits.shape.last ?? 1
        logits.storage.withUnsafeBufferPointer { x in
            storage.withUnsafeMutableBufferPointer { y in
                Scalar.softMaxRows(x.baseAddress!, into: y.baseAddress!, count: x.count, columns: columns, body)
            }
        }
    }

    /// Sets this tensor to the log-soft-max `xⱼ − log Σₖ e^(xₖ)` of each row (last dimension) of
    /// `logits`, taking its shape and reusing this tensor's buffer (see
    /// ``TensorScalar/logSoftMaxRows(_:into:count:columns:)``).
    @inlinable
    public mutating func assignLogSoftMax(of logits: Tensor) {
        resize(like: logits)
        let columns = logits.shape.last ?? 1
        logits.storage.withUnsafeBufferPointer { x in
            storage.withUnsafeMutableBufferPointer { y in
                Scalar.logSoftMaxRows(x.baseAddress!, into: y.baseAddress!, count: x.count, columns: columns)
            }
        }
    }
}

extension TensorScalar {
    /// Writes the soft-max of each row into `y`, and calls `body` with each row's log-sum-exp.
    ///
    ///     yⱼ = e^(xⱼ − m) / Σₖ e^(xₖ − m),   m = maxₖ xₖ,   logSum = m + log Σₖ e^(xₖ − m) = log Σₖ e^(xₖ)
    ///
    /// Shifting by the row maximum `m` keeps every exponential in `[0, 1]`, so logits of any
    /// magnitude give finite probabilities; a row whose maximum is infinite is not shifted (its
    /// log-sum is then that infinity). The exponentials of all rows
    /// are taken in one call to ``kernelExp(_:into:count:)``.
    ///
    /// - Parameters:
    ///   - x: `count` scalars, rows of `columns` each, row-major (a batch of logits).
    ///   - y: where the probabilities go, `count` scalars; it must not overlap `x` (`x` is read
    ///     again after `y` is written).
    ///   - count: the number of scalars, a multiple of `columns`.
    ///   - columns: the length of a row (the number of classes); nothing is done when it is 0.
    ///   - body: called once per row, in order, with the row's index and `log Σⱼ e^(xⱼ)` (the
    ///     normaliser a cross-entropy needs), after that row of `y` is written.
    @inlinable
    public static func softMaxRows(
        _ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>, count: Int, columns: Int,
        _ body: (_ row: Int, _ logSum: Self) -> Void = { _, _ in }
    ) {
        guard columns > 0 else { return }
        shiftedExponentials(x, into: y, count: count, columns: columns)
        for (row, start) in stride(from: 0, to: count, by: columns).enumerated() {
            let total = Self(accumulate(y + start, count: columns, .value))
            let scale = 1 / total
            for j in start..<(start + columns) { y[j] *= scale }
            body(row, rowShift(x + start, columns) + Self.log(total))
        }
    }

    /// Writes the log-soft-max of each row into `y`: `yⱼ = xⱼ − log Σₖ e^(xₖ)`, computed as
    /// `(xⱼ − m) − log Σₖ e^(xₖ − m)` around the row maximum `m` (see
    /// ``softMaxRows(_:into:count:columns:_:)``), so it is exact for the largest entry of a row
    /// and finite for logits of any magnitude.
    ///
    /// - Parameters:
    ///   - x: `count` scalars, rows of `columns` each, row-major.
    ///   - y: where the log-probabilities go, `count` scalars; it must not overlap `x`.
    ///   - count: the number of scalars, a multiple of `columns`.
    ///   - columns: the length of a row; nothing is done when it is 0.
    @inlinable
    public static func logSoftMaxRows(_ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>, count: Int, columns: Int) {
        guard columns > 0 else { return }
        shiftedExponentials(x, into: y, count: count, columns: columns)
        for start in stride(from: 0, to: count, by: columns) {
            let shift = rowShift(x + start, columns)
            // Σ e^(xₖ − m) = 1 + (the others' sum) when the maximum m is finite: where that sum is
            // below 1 (a dominant entry), log1p of it keeps the log-probabilities near 0 to their
            // last digits.
            var top = start
            for j in start..<(start + columns) where x[j] > x[top] { top = j }
            var sum = 0.0  // in Double, as every sum of Float data
            for j in start..<(start + columns) where j != top { sum += Double(y[j]) }
            let others = Self(sum)
            let logTotal = x[top] == shift && others < 1 ? Self.log(onePlus: others) : Self.log(Self(sum + Double(y[top])))
            for j in start..<(start + columns) { y[j] = (x[j] - shift) - logTotal }
        }
    }

    /// The amount a row is shifted by before exponentiating: its maximum, or 0 when that is
    /// infinite (a row of −∞ only, or one holding +∞).
    @inlinable @inline(__always)
    internal static func rowShift(_ x: UnsafePointer<Self>, _ columns: Int) -> Self {
        var maximum = -Self.infinity
        for j in 0..<columns { maximum = Swift.max(maximum, x[j]) }
        return maximum.isFinite ? maximum : 0
    }

    /// `y = e^(x − shift)` for every row of `columns` scalars, with all exponentials in one
    /// ``kernelExp(_:into:count:)`` call.
    @inlinable @inline(__always)
    internal static func shiftedExponentials(_ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>, count: Int, columns: Int) {
        for start in stride(from: 0, to: count, by: columns) {
            let shift = rowShift(x + start, columns)
            for j in start..<(start + columns) { y[j] = x[j] - shift }
        }
        kernelExp(y, into: y, count: count)
    }
}
