// The element-wise loops of layers and optimizers that Wick's helper thread can share: each is a
// value conforming to `HalvableLoop` (what it reads and writes, and `run(start, end)`), which
// `runInHalves` cuts in two, the second part for the helper (see WickCore's HelperThread.swift and
// Docs/Design.md). They live here, apart from the layers, so that a layer reads like its
// equations; each `run` is pre-specialised for Float and Double, since the helper calls it
// through the protocol.

// MARK: Linear

/// The number of rows of `columns` scalars from which a loop over them is worth sharing with the
/// helper thread (see `runInHalves`): 4096 scalars in all.
func rowsWorthSharing(_ columns: Int) -> Int { 4096 / Swift.max(columns, 1) + 1 }

/// Copies `row` into the rows of a range (the bias into Linear's output), a loop the helper
/// thread can share.
struct CopyToRows<Scalar: TensorScalar>: HalvableLoop {
    let row: UnsafePointer<Scalar>, rows: UnsafeMutablePointer<Scalar>, columns: Int

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        for r in start..<end { (rows + r * columns).update(from: row, count: columns) }
    }
}

/// `sums[j] += scale · Σ_r rows[r][j]` for the columns `j` of a range (Linear's bias gradient),
/// a loop the helper thread can share.
struct AddColumnSums<Scalar: TensorScalar>: HalvableLoop {
    let rows: UnsafePointer<Scalar>, rowCount: Int, columns: Int, scale: Scalar
    let sums: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        for r in 0..<rowCount {
            let row = rows + r * columns
            for j in start..<end { sums[j] += scale * row[j] }
        }
    }
}

// MARK: ReLU

/// `y = max(0, x)` over a range of elements: ReLU's forward loop, which the helper thread can
/// share (see `runInHalves`).
struct Rectify<Scalar: TensorScalar>: HalvableLoop {
    let x: UnsafePointer<Scalar>, y: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        for i in start..<end { y[i] = Swift.max(x[i], 0) }
    }
}

/// `dx = g` where `x > 0`, else 0, over a range of elements: ReLU's backward loop.
struct RectifyGradient<Scalar: TensorScalar>: HalvableLoop {
    let x: UnsafePointer<Scalar>, g: UnsafePointer<Scalar>, dx: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        // Both loads before the select: a load of g behind the comparison stops vectorisation.
        for i in start..<end {
            let gradient = g[i]
            dx[i] = x[i] > 0 ? gradient : 0
        }
    }
}

// MARK: Tables

/// `sum[i] = a[i] + b[i]` over a range of elements (`sum` may be `a`): CAddTable's output and
/// ConcatTable's input gradient, a loop the helper thread can share.
struct AddElements<Scalar: TensorScalar>: HalvableLoop {
    let a: UnsafePointer<Scalar>, b: UnsafePointer<Scalar>, sum: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        for i in start..<end { sum[i] = a[i] + b[i] }
    }
}

/// `sum ← a + b` for tensors of one shape (checked by the caller), into `sum`'s buffer, which
/// may hold `a` (then it is added to in place).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func addTensors<Scalar: TensorScalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>, into sum: inout Tensor<Scalar>) {
    if sum.shape != a.shape { sum.resize(shape: a.shape) }
    a.withUnsafeBufferPointer { x in
        b.withUnsafeBufferPointer { y in
            sum.withUnsafeMutableBufferPointer { s in
                runInHalves(count: s.count, AddElements(a: x.baseAddress!, b: y.baseAddress!, sum: s.baseAddress!))
            }
        }
    }
}

/// `sum ← sum + b` for tensors of one shape (checked by the caller).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func accumulate<Scalar: TensorScalar>(_ b: Tensor<Scalar>, into sum: inout Tensor<Scalar>) {
    b.withUnsafeBufferPointer { y in
        sum.withUnsafeMutableBufferPointer { s in
            runInHalves(count: s.count, AddElements(a: s.baseAddress!, b: y.baseAddress!, sum: s.baseAddress!))
        }
    }
}

// MARK: Optimizers

/// Zeroes a range of `values`, a loop the helper thread can share.
struct Zero<Scalar: TensorScalar>: HalvableLoop {
    let values: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) { (values + start).update(repeating: 0, count: end - start) }
}

/// One SGD step over a range of parameters (see ``SGD`` for the formulas), a loop the helper
/// thread can share. Each case is its own loop, so that every loop is branch-free and vectorises.
struct SGDUpdate<Scalar: TensorScalar>: HalvableLoop {
    let x: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>, v: UnsafeMutablePointer<Scalar>
    let learningRate: Scalar, regularization: Regularization<Scalar>, momentum: Scalar, keep: Scalar
    let firstStep: Bool, nesterov: Bool

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let range = start..<end, lr = learningRate, reg = regularization, mom = momentum
        if mom == 0 {
            if reg.isNone {
                for i in range { x[i] -= lr * g[i] }
            } else {
                for i in range { x[i] -= lr * reg.apply(g[i], x[i]) }
            }
            return
        }
        if firstStep {
            for i in range { v[i] = reg.apply(g[i], x[i]) }
        } else if reg.isNone {
            for i in range { v[i] = mom * v[i] + keep * g[i] }
        } else {
            for i in range { v[i] = mom * v[i] + keep * reg.apply(g[i], x[i]) }
        }
        if nesterov {
            if reg.isNone {
                for i in range { x[i] -= lr * (g[i] + mom * v[i]) }
            } else {
                for i in range { x[i] -= lr * (reg.apply(g[i], x[i]) + mom * v[i]) }
            }
        } else {
            for i in range { x[i] -= lr * v[i] }
        }
    }
}
