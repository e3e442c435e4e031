/// Limited-memory BFGS, as Torch7's `optim.lbfgs`: a quasi-Newton method that builds an
/// approximation of the inverse Hessian from the last ``historySize`` steps.
///
/// It needs the closure form: one ``step(_:)`` runs up to ``maxIterations`` iterations, each
/// evaluating the closure once (or several times within the line search), and stops early when
/// the gradient, the step or the change in loss falls below the tolerances. Without a line
/// search each iteration takes a fixed step of ``learningRate`` (the first one scaled down by the
/// gradient's L1 norm, as Torch7 does); with ``LineSearch/strongWolfe`` the step length satisfies
/// the strong Wolfe conditions.
public final class LBFGS<Scalar: TensorScalar>: Optimizer {
    /// How step lengths are chosen.
    public enum LineSearch: Sendable {
        /// A fixed step of `learningRate`.
        case none
        /// A bracketing line search with cubic interpolation satisfying the strong Wolfe
        /// conditions (sufficient decrease `c1 = 1e-4`, curvature `c2 = 0.9`).
        case strongWolfe
    }

    public let parameters: FlatParameters<Scalar>
    public var learningRate: Scalar
    public var schedule: LearningRateSchedule<Scalar> = .constant
    public var regularization = Regularization<Scalar>()
    /// Limits per ``step(_:)`` call (iterations and closure evaluations), and the number of past
    /// steps kept for the inverse-Hessian approximation.
    public let maxIterations: Int, maxEvaluations: Int, historySize: Int
    /// A step stops once the largest gradient component is at most `gradientTolerance`, or once the
    /// largest parameter change or the change in loss falls below `changeTolerance` (Torch7's
    /// `tolFun` and `tolX`).
    public let gradientTolerance: Scalar, changeTolerance: Scalar
    /// How step lengths are chosen (``LineSearch/none`` by default).
    public let lineSearch: LineSearch
    /// Iterations taken over all calls.
    @exclusivity(unchecked) public private(set) var stepCount = 0
    /// Closure evaluations over all calls.
    public private(set) var evaluationCount = 0

    private let n: Int
    private let direction, previousGradient, start, bestGradient: ParameterBuffer<Scalar>
    private var steps: [ParameterBuffer<Scalar>] = [], gradientChanges: [ParameterBuffer<Scalar>] = []
    private var rho: [Scalar] = [], alpha: [Scalar] = []
    private var hessianDiagonal: Scalar = 1, lastStepLength: Scalar = 0
    private var hasDirection = false

    /// L-BFGS on `parameters` with Torch7's defaults. `learningRate` is the fixed step length, or the
    /// first trial step with a line search; `maxEvaluations` defaults to `maxIterations · 5 / 4`.
    public init(
        _ parameters: FlatParameters<Scalar>, learningRate: Scalar = 1, maxIterations: Int = 20, maxEvaluations: Int? = nil,
        gradientTolerance: Scalar = 1e-5, changeTolerance: Scalar = 1e-9, historySize: Int = 100, lineSearch: LineSearch = .none
    ) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations ?? (maxIterations * 5 / 4)
        self.gradientTolerance = gradientTolerance
        self.changeTolerance = changeTolerance
        self.historySize = historySize
        self.lineSearch = lineSearch
        n = parameters.count
        direction = ParameterBuffer(count: n); previousGradient = ParameterBuffer(count: n)
        start = ParameterBuffer(count: n); bestGradient = ParameterBuffer(count: n)
    }

    /// L-BFGS cannot work from a gradient alone; calling this stops with a message.
    public func step() {
        wickFatalError("LBFGS: needs a closure that re-evaluates the loss and gradients; call step { ... }")
    }

    private func dotProduct(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>) -> Scalar {
        n == 0 ? 0 : Scalar.blasDot(n: n, x: a, y: b)
    }

    private func maxAbs(_ a: UnsafePointer<Scalar>, scale: Scalar = 1) -> Scalar {
        var m: Scalar = 0
        for i in 0..<n { m = Swift.max(m, Swift.abs(a[i] * scale)) }
        return m
    }

    @discardableResult
    public func step(_ closure: () -> Scalar) -> Scalar {
        let x = parameters.valuePointer, g = parameters.gradPointer
        let d = direction.pointer, gOld = previousGradient.pointer
        var loss = closure()
        let initialLoss = loss
        var evaluations = 1
        defer { evaluationCount += evaluations }
        if maxAbs(g) <= gradientTolerance { return initialLoss }

        for iteration in 1...maxIterations {
            stepCount += 1
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
            let gtd = dotProduct(g, d)
            if gtd > -changeTolerance { break }  // not a descent direction any more

            var t = learningRate
            if stepCount == 1 {
                var l1: Scalar = 0
                for i in 0..<n { l1 += Swift.abs(g[i]) }
                t = Swift.min(1, 1 / l1) * learningRate
            }
            switch lineSearch {
            case .none:
                for i in 0..<n { x[i] += t * d[i] }
                if iteration != maxIterations {
                    loss = closure()
                    evaluations += 1
                }
            case .strongWolfe:
                let result = strongWolfe(closure, x: x, g: g, d: d, t: t, loss: loss, gtd: gtd)
                loss = result.loss
                t = result.t
                evaluations += result.evaluations
            }
            lastStepLength = t
            if iteration == maxIterations || evaluations >= maxEvaluations { break }
            if maxAbs(g) <= gradientTolerance { break }
            if maxAbs(d, scale: t) <= changeTolerance { break }
            if Swift.abs(loss - previousLoss) < changeTolerance { break }
        }
        return initialLoss
    }

    /// Records the last step `s = t·d` and gradient change `y = g − gOld` when the curvature
    /// `yᵀs` is positive, dropping the oldest pair when the history is full.
    private func updateHistory(g: UnsafePointer<Scalar>, gOld: UnsafePointer<Scalar>) {
        let d = direction.pointer, t = lastStepLength
        let s: ParameterBuffer<Scalar>, y: ParameterBuffer<Scalar>
        if steps.count == historySize {
            s = steps.removeFirst(); y = gradientChanges.removeFirst(); rho.removeFirst()
        } else {
            s = ParameterBuffer(count: n); y = ParameterBuffer(count: n)
        }
        for i in 0..<n { s.pointer[i] = t * d[i]; y.pointer[i] = g[i] - gOld[i] }
        let ys = dotProduct(y.pointer, s.pointer)
        guard ys > 1e-10 else { return }  // skip pairs that would spoil positive definiteness
        steps.append(s); gradientChanges.append(y); rho.append(1 / ys)
        hessianDiagonal = ys / dotProduct(y.pointer, y.pointer)
    }

    /// `d = −H g` by the two-loop recursion over the stored pairs.
    private func twoLoopRecursion(g: UnsafePointer<Scalar>, into d: UnsafeMutablePointer<Scalar>) {
        let k = steps.count
        if alpha.count < k { alpha = [Scalar](repeating: 0, count: historySize) }
        for i in 0..<n { d[i] = -g[i] }
        for j in stride(from: k - 1, through: 0, by: -1) {
            alpha[j] = rho[j] * dotProduct(steps[j].pointer, d)
            Scalar.blasAxpy(n: n, alpha: -alpha[j], x: gradientChanges[j].pointer, y: d)
        }
        for i in 0..<n { d[i] *= hessianDiagonal }
        for j in 0..<k {
            let beta = rho[j] * dotProduct(gradientChanges[j].pointer, d)
            Scalar.blasAxpy(n: n, alpha: alpha[j] - beta, x: steps[j].pointer, y: d)
        }
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
    private func strongWolfe(_ closure: () -> Scalar, x: UnsafeMutablePointer<Scalar>, g: UnsafeMutablePointer<Scalar>,
                             d: UnsafePointer<Scalar>, t initialT: Scalar, loss f0: Scalar, gtd gtd0: Scalar)
        -> (loss: Scalar, t: Scalar, evaluations: Int) {
        let c1: Scalar = 1e-4, c2: Scalar = 0.9, maxTrials = 25
        let x0 = start.pointer, best = bestGradient.pointer
        x0.update(from: x, count: n)
        var evaluations = 0
        func evaluate(_ t: Scalar) -> (f: Scalar, gtd: Scalar) {
            for i in 0..<n { x[i] = x0[i] + t * d[i] }
            let f = closure()
            evaluations += 1
            return (f, dotProduct(g, d))
        }
        // The best acceptable point so far: its step, loss and slope (gradient saved in `best`).
        var (tLow, fLow, gtdLow) = (Scalar(0), f0, gtd0)
        best.update(from: g, count: n)
        var tHigh: Scalar = 0, fHigh: Scalar = 0, gtdHigh: Scalar = 0
        var t = initialT, bracketed = false
        // Phase 1: grow the step until the minimum is bracketed or Wolfe holds.
        while evaluations < maxTrials {
            let (f, gtd) = evaluate(t)
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
            let (f, gtd) = evaluate(trial)
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
