/// Limited-memory BFGS, as Torch7's `optim.lbfgs`: a quasi-Newton method that builds an
/// approximation of the inverse Hessian from the last ``historySize`` steps.
///
/// It needs the closure form: one ``step(_:)`` runs up to ``maxIterations`` iterations, each
/// evaluating the closure once (or several times within the line search), and stops early when
/// the gradient, the step or the change in loss falls below the tolerances. Without a line
/// search each iteration takes a fixed step of ``learningRate`` (the first one scaled down by the
/// gradient's L1 norm, as Torch7 does); with ``LineSearch/strongWolfe`` the step length satisfies
/// the strong Wolfe conditions.
///
/// The algorithm is WickCore's `LBFGSMinimizer`, run on the flat ``parameters``; the history
/// carries over from one ``step(_:)`` to the next, as Torch7's `state` does.
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
    public var learningRate: Scalar {
        get { minimizer.learningRate }
        set { minimizer.learningRate = newValue }
    }
    public var schedule: LearningRateSchedule<Scalar> = .constant
    public var regularization = Regularization<Scalar>()
    /// The most iterations per ``step(_:)`` call (Torch7's `maxIter`).
    public var maxIterations: Int { minimizer.maxIterations }
    /// The most closure evaluations per ``step(_:)`` call (Torch7's `maxEval`).
    public var maxEvaluations: Int { minimizer.maxEvaluations }
    /// The number of past steps kept for the inverse-Hessian approximation (Torch7's `nCorrection`).
    public var historySize: Int { minimizer.historySize }
    /// A step stops once the largest gradient component is at most `gradientTolerance` (Torch7's
    /// `tolFun`).
    public var gradientTolerance: Scalar { minimizer.gradientTolerance }
    /// A step stops once the largest parameter change or the change in loss falls below
    /// `changeTolerance` (Torch7's `tolX`).
    public var changeTolerance: Scalar { minimizer.changeTolerance }
    /// How step lengths are chosen (``LineSearch/none`` by default).
    public let lineSearch: LineSearch
    /// Iterations taken over all calls.
    public var stepCount: Int { minimizer.iterationCount }
    /// Closure evaluations over all calls.
    public var evaluationCount: Int { minimizer.evaluationCount }

    private let minimizer: LBFGSMinimizer<Scalar>

    /// L-BFGS on `parameters` with Torch7's defaults. `learningRate` is the fixed step length, or the
    /// first trial step with a line search; `maxEvaluations` defaults to `maxIterations · 5 / 4`.
    public init(
        _ parameters: FlatParameters<Scalar>, learningRate: Scalar = 1, maxIterations: Int = 20, maxEvaluations: Int? = nil,
        gradientTolerance: Scalar = 1e-5, changeTolerance: Scalar = 1e-9, historySize: Int = 100, lineSearch: LineSearch = .none
    ) {
        self.parameters = parameters
        self.lineSearch = lineSearch
        minimizer = LBFGSMinimizer(
            count: parameters.count, learningRate: learningRate, maxIterations: maxIterations, maxEvaluations: maxEvaluations,
            gradientTolerance: gradientTolerance, changeTolerance: changeTolerance, historySize: historySize,
            lineSearch: lineSearch == .strongWolfe ? .strongWolfe : .none)
    }

    /// L-BFGS cannot work from a gradient alone; calling this stops with a message.
    public func step() {
        wickFatalError("LBFGS: needs a closure that re-evaluates the loss and gradients; call step { ... }")
    }

    @discardableResult
    public func step(_ closure: () -> Scalar) -> Scalar {
        minimizer.minimize(parameters.valuePointer, gradient: parameters.gradPointer, closure).initialLoss
    }
}
