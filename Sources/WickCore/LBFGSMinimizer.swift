/// Limited-memory BFGS over a flat vector of `count` scalars, following Torch7's `optim.lbfgs`:
/// a quasi-Newton method that approximates the inverse Hessian from the last ``historySize``
/// steps (Nocedal, "Updating quasi-Newton matrices with limited storage", 1980; the two-loop
/// recursion of Nocedal & Wright, *Numerical Optimization*, algorithm 7.4).
///
/// It is the one L-BFGS of the package: NN's `LBFGS` optimizer and ClassicalML's
/// `LogisticRegression` are thin adapters around it. The caller owns the parameters `x` and the
/// gradient `g` (two buffers of ``count`` scalars) and gives a closure that evaluates the loss at
/// `x` and writes its gradient into `g`:
///
/// ```swift
/// let minimizer = LBFGSMinimizer<Double>(count: 2, maxIterations: 100, lineSearch: .strongWolfe)
/// minimizer.minimize(x, gradient: g) {
///     g[0] = 2 * (x[0] - 3); g[1] = 4 * (x[1] + 1)
///     return (x[0] - 3) * (x[0] - 3) + 2 * (x[1] + 1) * (x[1] + 1)
/// }
/// ```
///
/// One ``minimize(_:gradient:_:)`` call runs up to ``maxIterations`` iterations and up to about
/// ``maxEvaluations`` closure evaluations. The history, the iteration count and the first-step
/// rule carry over from one call to the next, as Torch7's `state` table does, so calling it again
/// continues where the last call stopped.
///
/// Each iteration:
/// 1. the direction: `d = −g` on the very first iteration, then `d = −H g` by the two-loop
///    recursion, `H` built from the stored pairs `s = t·d` (the last step) and `y = g − g_old`
///    (the change in gradient) with the initial scaling `sᵀy / yᵀy` of the newest pair. A pair
///    is stored only when its curvature `yᵀs` exceeds `1e-10` (as in Torch7), which keeps `H`
///    positive definite; once ``historySize`` pairs are stored the oldest is dropped;
/// 2. the step length `t`: ``learningRate``, scaled on the very first iteration by
///    `min(1, 1 / ‖g‖₁)` as Torch7 does, then fixed or searched (``LineSearch``);
/// 3. the stopping tests, in Torch7's order: the iteration or evaluation limit, the largest
///    gradient component at most ``gradientTolerance``, the largest component of the step `t·d`
///    at most ``changeTolerance``, or the loss changing by less than ``changeTolerance``.
///
/// The iteration also stops before taking a step when `d` is not a descent direction
/// (`gᵀd > −changeTolerance`). Tolerances are compared with the largest component (the
/// maximum norm), where Torch7 sums absolute values.
///
/// A step allocates nothing once the history is full: the buffers of dropped pairs are reused.
public final class LBFGSMinimizer<Scalar: TensorScalar> {
    /// How step lengths are chosen.
    public enum LineSearch: Sendable, Equatable {
        /// A fixed step of ``LBFGSMinimizer/learningRate`` (Torch7's default, meant for noisy,
        /// stochastic losses). The closure is evaluated once per iteration, except in the last
        /// iteration a call allows, whose step is not evaluated (as in Torch7).
        case none
        /// Backtracking from ``LBFGSMinimizer/learningRate``: halve the step until the loss is
        /// finite and falls by at least `1e-4 · t · gᵀd` (Armijo's sufficient decrease, Nocedal &
        /// Wright algorithm 3.1), trying at most 60 steps. When none qualifies, `x`, `g` and the
        /// loss are put back and the call stops (``Stop/noDecrease``): rounding has taken over.
        case backtracking
        /// A bracketing line search with cubic interpolation satisfying the strong Wolfe
        /// conditions (sufficient decrease `c1 = 1e-4`, curvature `c2 = 0.9`, at most 25
        /// evaluations), starting from ``LBFGSMinimizer/learningRate``.
        case strongWolfe
    }

    /// Why a ``minimize(_:gradient:_:)`` call stopped.
    public enum Stop: Sendable, Equatable {
        /// The largest gradient component is at most ``LBFGSMinimizer/gradientTolerance``.
        case gradientTolerance
        /// The call took ``LBFGSMinimizer/maxIterations`` iterations.
        case iterationLimit
        /// The call evaluated the closure ``LBFGSMinimizer/maxEvaluations`` times or more.
        case evaluationLimit
        /// The direction is not a descent direction: `gᵀd > −changeTolerance`.
        case notDescending
        /// The largest component of the last step `t·d` is at most
        /// ``LBFGSMinimizer/changeTolerance``.
        case smallStep
        /// The loss changed by less than ``LBFGSMinimizer/changeTolerance`` in the last
        /// iteration.
        case smallChange
        /// The backtracking line search found no step that lowers the loss enough.
        case noDecrease
    }

    /// What one ``minimize(_:gradient:_:)`` call did.
    public struct Outcome: Sendable, Equatable {
        /// The loss at the starting point (the call's first evaluation).
        public var initialLoss: Scalar
        /// The loss of the last evaluation the call made: the loss at the final `x`, except after
        /// a fixed step (``LineSearch/none``) in the call's last allowed iteration, which is not
        /// evaluated.
        public var loss: Scalar
        /// Iterations taken in this call (one that stopped for ``Stop/noDecrease`` counts).
        public var iterations: Int
        /// Closure evaluations in this call.
        public var evaluations: Int
        /// Why the call stopped.
        public var stop: Stop
    }

    /// The number of scalars in `x` and `g`.
    public let count: Int
    /// The fixed step length, or the first trial step of a line search; the very first
    /// iteration scales it by `min(1, 1 / ‖g‖₁)` (Torch7).
    public var learningRate: Scalar
    /// Limits per ``minimize(_:gradient:_:)`` call: iterations, and closure evaluations (checked
    /// after each iteration, so a line search may go past it within its last iteration).
    public let maxIterations: Int, maxEvaluations: Int
    /// The number of past steps kept for the inverse-Hessian approximation (Torch7's
    /// `nCorrection`).
    public let historySize: Int
    /// A call stops once the largest gradient component is at most `gradientTolerance` (Torch7's
    /// `tolFun`), or once the largest component of the step or the change in loss falls below
    /// `changeTolerance` (Torch7's `tolX`).
    public let gradientTolerance: Scalar, changeTolerance: Scalar
    /// How step lengths are chosen.
    public let lineSearch: LineSearch
    /// Iterations taken over all calls.
    public private(set) var iterationCount = 0
    /// Closure evaluations over all calls.
    public private(set) var evaluationCount = 0

    /// `count` scalars, zeroed, freed with their owner.
    private final class Buffer {
        let pointer: UnsafeMutablePointer<Scalar>
        init(count: Int) {
            pointer = .allocate(capacity: Swift.max(count, 1))
            pointer.initialize(repeating: 0, count: Swift.max(count, 1))
        }
        deinit { pointer.deallocate() }
    }

    private let direction, previousGradient, start, bestGradient: Buffer
    /// The stored pairs, oldest first: steps `s`, gradient changes `y`, and `1 / yᵀs`.
    private var steps: [Buffer] = [], gradientChanges: [Buffer] = [], rho: [Scalar] = []
    /// Buffers of dropped or rejected pairs, for reuse.
    private var spareSteps: [Buffer] = [], spareGradientChanges: [Buffer] = []
    private var alpha: [Scalar]
    private var hessianDiagonal: Scalar = 1, lastStepLength: Scalar = 0
    private var hasDirection = false

    /// An L-BFGS minimiser of `count` parameters with Torch7's defaults.
    ///
    /// - Parameters:
    ///   - count: the number of parameters (scalars of `x` and `g`).
    ///   - learningRate: the fixed step length, or the first trial step of a line search.
    ///   - maxIterations: the most iterations per call (Torch7's `maxIter`, 20), at least 0.
    ///   - maxEvaluations: the most closure evaluations per call; by default
    ///     `maxIterations · 5 / 4` (Torch7's `maxEval`).
    ///   - gradientTolerance: Torch7's `tolFun`, `1e-5`.
    ///   - changeTolerance: Torch7's `tolX`, `1e-9`.
    ///   - historySize: the number of stored pairs (Torch7's `nCorrection`, 100), at least 1.
    ///   - lineSearch: how step lengths are chosen (Torch7 has none by default).
    public init(
        count: Int, learningRate: Scalar = 1, maxIterations: Int = 20, maxEvaluations: Int? = nil,
        gradientTolerance: Scalar = 1e-5, changeTolerance: Scalar = 1e-9, historySize: Int = 100, lineSearch: LineSearch = .none
    ) {
        wickPrecondition(count >= 0, "LBFGSMinimizer: count must not be negative, got \(count)")
        wickPrecondition(maxIterations >= 0, "LBFGSMinimizer: maxIterations must not be negative, got \(maxIterations)")
        wickPrecondition(historySize >= 1, "LBFGSMinimizer: historySize must be at least 1, got \(historySize)")
        self.count = count
        self.learningRate = learningRate
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations ?? (maxIterations * 5 / 4)
        self.gradientTolerance = gradientTolerance
        self.changeTolerance = changeTolerance
        self.historySize = historySize
        self.lineSearch = lineSearch
        direction = Buffer(count: count); previousGradient = Buffer(count: count)
        start = Buffer(count: count); bestGradient = Buffer(count: count)
        alpha = [Scalar](repeating: 0, count: historySize)
    }

    /// Minimises from the point in `x`, leaving the point reached in `x`.
    ///
    /// `evaluate` must return the loss at the current contents of `x` and write its gradient
    /// into `g`; it is called first at the starting point. An error it throws ends the call at
    /// once, leaving `x` at the point being evaluated.
    ///
    /// - Parameters:
    ///   - x: the parameters, ``count`` scalars, read and written.
    ///   - g: the gradient, ``count`` scalars, written by `evaluate` (and restored by a line
    ///     search to the gradient of the point it settles on).
    ///   - evaluate: the loss and gradient at `x`.
    /// - Returns: the losses at the start and at the end, the work done, and why it stopped.
    /// - Throws: whatever `evaluate` throws.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    @discardableResult
    public func minimize(
        _ x: UnsafeMutablePointer<Scalar>, gradient g: UnsafeMutablePointer<Scalar>, _ evaluate: () throws -> Scalar
    ) rethrows -> Outcome {
        let n = count, d = direction.pointer, gOld = previousGradient.pointer
        var loss = try evaluate()
        var evaluations = 1, iterations = 0
        defer { evaluationCount += evaluations }
        var outcome = Outcome(initialLoss: loss, loss: loss, iterations: 0, evaluations: 1, stop: .gradientTolerance)
        if maxAbs(g) <= gradientTolerance { return outcome }

        outcome.stop = .iterationLimit
        iterating: while iterations < maxIterations {
            iterations += 1
            iterationCount += 1
            if !hasDirection {
                for i in 0..<n { d[i] = -g[i] }
                hessianDiagonal = 1
                hasDirection = true
            } else {
                updateHistory(g: g, gOld: gOld)
                twoLoopRecursion(g: g, into: d)
            }
            gOld.update(from: g, count: n)
            let previousLoss = loss
            let gtd = dot(g, d)
            if gtd > -changeTolerance {
                outcome.stop = .notDescending
                break
            }

            var t = learningRate
            if iterationCount == 1 {
                let l1 = Scalar(Scalar.accumulate(g, count: n, .magnitude))
                t = Swift.min(1, 1 / l1) * learningRate
            }
            switch lineSearch {
            case .none:
                for i in 0..<n { x[i] += t * d[i] }
                if iterations != maxIterations {
                    loss = try evaluate()
                    evaluations += 1
                }
            case .backtracking:
                let result = try backtracking(evaluate, x: x, g: g, d: d, t: t, loss: loss, gtd: gtd)
                (loss, t) = (result.loss, result.t)
                evaluations += result.evaluations
                if t == 0 {
                    lastStepLength = 0
                    outcome.stop = .noDecrease
                    break iterating
                }
            case .strongWolfe:
                let result = try strongWolfe(evaluate, x: x, g: g, d: d, t: t, loss: loss, gtd: gtd)
                (loss, t) = (result.loss, result.t)
                evaluations += result.evaluations
                if t == 0 {
                    // No step met the Wolfe conditions (near the optimum, where rounding blurs the
                    // slope): settle for sufficient decrease alone, and stop when even that fails.
                    let fallback = try backtracking(evaluate, x: x, g: g, d: d, t: learningRate, loss: loss, gtd: gtd)
                    (loss, t) = (fallback.loss, fallback.t)
                    evaluations += fallback.evaluations
                    if t == 0 {
                        lastStepLength = 0
                        outcome.stop = .noDecrease
                        break iterating
                    }
                }
            }
            lastStepLength = t
            if iterations == maxIterations { break }
            if evaluations >= maxEvaluations {
                outcome.stop = .evaluationLimit
                break
            }
            if maxAbs(g) <= gradientTolerance {
                outcome.stop = .gradientTolerance
                break
            }
            if maxAbs(d, scale: t) <= changeTolerance {
                outcome.stop = .smallStep
                break
            }
            if Swift.abs(loss - previousLoss) < changeTolerance {
                outcome.stop = .smallChange
                break
            }
        }
        outcome.loss = loss
        outcome.iterations = iterations
        outcome.evaluations = evaluations
        return outcome
    }

    /// `aᵀb`, accumulated in Double (for `Float` too).
    private func dot(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>) -> Scalar {
        Scalar(Scalar.dotProduct(a, b, count: count))
    }

    /// The largest `|aᵢ · scale|`.
    private func maxAbs(_ a: UnsafePointer<Scalar>, scale: Scalar = 1) -> Scalar {
        var m: Scalar = 0
        for i in 0..<count { m = Swift.max(m, Swift.abs(a[i] * scale)) }
        return m
    }

    /// Forms the pair of the last step, `s = t·d` and `y = g − gOld`, and stores it when its
    /// curvature `yᵀs` exceeds `1e-10` (Torch7's test), dropping the oldest pair when the history
    /// is full; a rejected pair leaves the history as it was.
    private func updateHistory(g: UnsafePointer<Scalar>, gOld: UnsafePointer<Scalar>) {
        let n = count, d = direction.pointer, t = lastStepLength
        let s = spareSteps.popLast() ?? Buffer(count: n), y = spareGradientChanges.popLast() ?? Buffer(count: n)
        for i in 0..<n { s.pointer[i] = t * d[i]; y.pointer[i] = g[i] - gOld[i] }
        let ys = dot(y.pointer, s.pointer)
        guard ys > 1e-10 else {  // a pair that would spoil positive definiteness
            spareSteps.append(s); spareGradientChanges.append(y)
            return
        }
        if steps.count == historySize {
            spareSteps.append(steps.removeFirst()); spareGradientChanges.append(gradientChanges.removeFirst())
            rho.removeFirst()
        }
        steps.append(s); gradientChanges.append(y); rho.append(1 / ys)
        hessianDiagonal = ys / dot(y.pointer, y.pointer)
    }

    /// `d = −H g` by the two-loop recursion over the stored pairs.
    private func twoLoopRecursion(g: UnsafePointer<Scalar>, into d: UnsafeMutablePointer<Scalar>) {
        let n = count, k = steps.count
        for i in 0..<n { d[i] = -g[i] }
        for j in stride(from: k - 1, through: 0, by: -1) {
            alpha[j] = rho[j] * dot(steps[j].pointer, d)
            Scalar.blasAxpy(n: n, alpha: -alpha[j], x: gradientChanges[j].pointer, y: d)
        }
        for i in 0..<n { d[i] *= hessianDiagonal }
        for j in 0..<k {
            let beta = rho[j] * dot(gradientChanges[j].pointer, d)
            Scalar.blasAxpy(n: n, alpha: alpha[j] - beta, x: steps[j].pointer, y: d)
        }
    }

    /// Sets `x = x0 + t·d`, evaluates there, and returns the loss and the slope `gᵀd`.
    private func probe(_ evaluate: () throws -> Scalar, x: UnsafeMutablePointer<Scalar>, g: UnsafePointer<Scalar>,
                       d: UnsafePointer<Scalar>, t: Scalar) rethrows -> (f: Scalar, gtd: Scalar) {
        let x0 = start.pointer
        for i in 0..<count { x[i] = x0[i] + t * d[i] }
        let f = try evaluate()
        return (f, dot(g, d))
    }

    /// The first of `t, t/2, t/4, …` (60 at most) where the loss is finite and satisfies Armijo's
    /// condition `f ≤ f0 + 1e-4 · t · gᵀd`. Leaves `x` there and its gradient in `g`; when none
    /// qualifies, puts `x` and `g` back and returns `t = 0` with the loss `f0`.
    private func backtracking(_ evaluate: () throws -> Scalar, x: UnsafeMutablePointer<Scalar>, g: UnsafeMutablePointer<Scalar>,
                              d: UnsafePointer<Scalar>, t initialT: Scalar, loss f0: Scalar, gtd gtd0: Scalar)
        rethrows -> (loss: Scalar, t: Scalar, evaluations: Int) {
        let c1: Scalar = 1e-4, maxTrials = 60
        start.pointer.update(from: x, count: count)
        var t = initialT
        let x0 = start.pointer
        for trial in 1...maxTrials {
            for i in 0..<count { x[i] = x0[i] + t * d[i] }
            let f = try evaluate()
            if f.isFinite && f <= f0 + c1 * t * gtd0 { return (f, t, trial) }
            t /= 2
        }
        x.update(from: x0, count: count)
        g.update(from: previousGradient.pointer, count: count)
        return (f0, 0, maxTrials)
    }

    /// The minimiser of the cubic through two points with values and slopes, kept in `bounds`.
    private func cubicMinimum(_ x1: Scalar, _ f1: Scalar, _ g1: Scalar, _ x2: Scalar, _ f2: Scalar, _ g2: Scalar,
                              bounds: (Scalar, Scalar)) -> Scalar {
        let (lo, hi) = bounds.0 <= bounds.1 ? bounds : (bounds.1, bounds.0)
        let d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
        let d2Squared = d1 * d1 - g1 * g2
        guard d2Squared >= 0, x1 != x2 else { return (lo + hi) / 2 }
        let d2 = d2Squared.squareRoot()
        let position: Scalar
        if x1 <= x2 {
            let ratio: Scalar = (g2 + d2 - d1) / (g2 - g1 + 2 * d2)
            position = x2 - (x2 - x1) * ratio
        } else {
            let ratio: Scalar = (g1 + d2 - d1) / (g1 - g2 + 2 * d2)
            position = x1 - (x1 - x2) * ratio
        }
        return position.isFinite ? Swift.min(Swift.max(position, lo), hi) : (lo + hi) / 2
    }

    /// A step length along `d` from `x` satisfying the strong Wolfe conditions. Leaves `x` at
    /// the accepted point and the closure's gradient for it in `g`.
    private func strongWolfe(_ evaluate: () throws -> Scalar, x: UnsafeMutablePointer<Scalar>, g: UnsafeMutablePointer<Scalar>,
                             d: UnsafePointer<Scalar>, t initialT: Scalar, loss f0: Scalar, gtd gtd0: Scalar)
        rethrows -> (loss: Scalar, t: Scalar, evaluations: Int) {
        let n = count, c1: Scalar = 1e-4, c2: Scalar = 0.9, maxTrials = 25
        let x0 = start.pointer, best = bestGradient.pointer
        x0.update(from: x, count: n)
        var evaluations = 0
        // The best acceptable point so far: its step, loss and slope (gradient saved in `best`).
        var (tLow, fLow, gtdLow) = (Scalar(0), f0, gtd0)
        best.update(from: g, count: n)
        var tHigh: Scalar = 0, fHigh: Scalar = 0, gtdHigh: Scalar = 0
        var t = initialT, bracketed = false
        // Phase 1: grow the step until the minimum is bracketed or Wolfe holds.
        while evaluations < maxTrials {
            let (f, gtd) = try probe(evaluate, x: x, g: g, d: d, t: t)
            evaluations += 1
            if f > f0 + c1 * t * gtd0 || (evaluations > 1 && f >= fLow) {
                (tHigh, fHigh, gtdHigh) = (t, f, gtd); bracketed = true; break
            }
            if Swift.abs(gtd) <= -c2 * gtd0 { return (f, t, evaluations) }  // x and g are at t
            if gtd >= 0 {
                (tHigh, fHigh, gtdHigh) = (tLow, fLow, gtdLow)
                (tLow, fLow, gtdLow) = (t, f, gtd); best.update(from: g, count: n)
                bracketed = true; break
            }
            let next = cubicMinimum(tLow, fLow, gtdLow, t, f, gtd, bounds: (t + 0.01 * (t - tLow), t * 10))
            (tLow, fLow, gtdLow) = (t, f, gtd); best.update(from: g, count: n)
            t = next
        }
        // Phase 2: shrink the bracket [tLow, tHigh] by cubic interpolation.
        while bracketed && evaluations < maxTrials && Swift.abs(tHigh - tLow) * maxAbs(d) > changeTolerance {
            var trial = cubicMinimum(tLow, fLow, gtdLow, tHigh, fHigh, gtdHigh, bounds: (tLow, tHigh))
            let width = Swift.abs(tHigh - tLow)
            if Swift.min(Swift.abs(trial - tLow), Swift.abs(trial - tHigh)) < 0.1 * width {
                trial = (tLow + tHigh) / 2  // too close to an end: bisect to keep shrinking
            }
            let (f, gtd) = try probe(evaluate, x: x, g: g, d: d, t: trial)
            evaluations += 1
            if f > f0 + c1 * trial * gtd0 || f >= fLow {
                (tHigh, fHigh, gtdHigh) = (trial, f, gtd)
            } else {
                if Swift.abs(gtd) <= -c2 * gtd0 { return (f, trial, evaluations) }
                if gtd * (tHigh - tLow) >= 0 { (tHigh, fHigh, gtdHigh) = (tLow, fLow, gtdLow) }
                (tLow, fLow, gtdLow) = (trial, f, gtd); best.update(from: g, count: n)
            }
        }
        // Settle on the best point found.
        for i in 0..<n { x[i] = x0[i] + tLow * d[i] }
        g.update(from: best, count: n)
        return (fLow, tLow, evaluations)
    }
}
