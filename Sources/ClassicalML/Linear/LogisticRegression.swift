/// Logistic regression with an L2 penalty: the lecture's step from a linear score to a class
/// probability.
///
/// With two classes the model is binary, `p(1 | x) = σ(x·w + b)`; with more it is multinomial,
/// `p(c | x) = softmax(x W + b)_c`. Fitting minimises the mean negative log-likelihood plus
/// `(λ/2)‖W‖²` (the intercept is not penalised) by L-BFGS (default) or plain gradient descent.
/// scikit-learn's `C` corresponds to `λ = 1 / (C · samples)`.
///
/// Both solvers converge much faster on standardised features (see ``StandardScaler``).
public struct LogisticRegression<Scalar: TensorScalar>: ProbabilisticClassifier, Sendable {
    /// How the loss is minimised.
    public enum Solver: Sendable, Equatable {
        /// Limited-memory BFGS with a strong Wolfe line search, keeping the last `memory` steps.
        case lbfgs(memory: Int = 10)
        /// Gradient descent with a fixed learning rate.
        case gradientDescent(learningRate: Double)
    }

    /// The L2 penalty weight λ ≥ 0.
    public var lambda: Scalar
    /// The minimiser.
    public var solver: Solver
    /// The most iterations (L-BFGS iterations or gradient steps) a fit may take.
    public var maxIterations: Int
    /// Fitting stops when no component of the loss gradient exceeds this.
    public var tolerance: Scalar
    /// Whether an (unpenalised) intercept is fitted.
    public var fitIntercept: Bool

    /// The weights: `features` entries for a binary model, features x classes for a multinomial
    /// one. Empty until fitted.
    public private(set) var coefficients = Tensor<Scalar>.zeros(shape: [0])
    /// The intercept: one entry for a binary model, one per class for a multinomial one.
    public private(set) var intercept = Tensor<Scalar>.zeros(shape: [0])
    /// The number of classes (columns of ``predictProbabilities(_:)``).
    public private(set) var classCount: Int
    /// The iterations the last fit took.
    public private(set) var iterations = 0
    /// Whether the last fit met the gradient tolerance within `maxIterations`.
    public private(set) var converged = false
    /// The regularised loss at the fitted parameters.
    public private(set) var loss: Scalar = 0
    /// Whether ``fit(_:_:)`` has succeeded.
    public private(set) var isFitted = false
    private let requestedClassCount: Int?

    /// A logistic regression to be fitted.
    ///
    /// - Parameters:
    ///   - lambda: the L2 penalty on the weights (the intercept is not penalised).
    ///   - solver: L-BFGS (the default) or plain gradient descent.
    ///   - maxIterations: the most iterations a fit may take.
    ///   - tolerance: the fit stops once the gradient's largest entry is below this; by default
    ///     1e-6 for `Double`, close enough to the optimum that the probabilities agree with
    ///     scikit-learn's `newton-cg` to 1e-4 (on iris with `C = 1`, to 4e-5; the earlier 1e-5 left
    ///     them 3e-4 apart), and 1e-5 for `Float`, whose gradient is itself rounded near that level.
    ///   - fitIntercept: whether to fit an intercept.
    ///   - classCount: the number of classes, when some may be missing from the training labels;
    ///     by default the largest label plus one.
    public init(
        lambda: Scalar = 1e-4, solver: Solver = .lbfgs(), maxIterations: Int = 500, tolerance: Scalar? = nil,
        fitIntercept: Bool = true, classCount: Int? = nil
    ) {
        wickPrecondition(lambda >= 0 && lambda.isFinite, "LogisticRegression: lambda must be finite and non-negative, got \(lambda)")
        wickPrecondition(maxIterations >= 0, "LogisticRegression: maxIterations must be non-negative, got \(maxIterations)")
        if case let .lbfgs(memory) = solver {
            wickPrecondition(memory >= 1, "LogisticRegression: the L-BFGS memory must be at least 1, got \(memory)")
        }
        if case let .gradientDescent(rate) = solver {
            wickPrecondition(rate > 0 && rate.isFinite, "LogisticRegression: the learning rate must be positive, got \(rate)")
        }
        self.lambda = lambda
        self.solver = solver
        self.maxIterations = maxIterations
        self.tolerance = tolerance ?? (Scalar.self == Double.self ? 1e-6 : 1e-5)
        self.fitIntercept = fitIntercept
        self.requestedClassCount = classCount
        self.classCount = classCount ?? 0
    }

    private var isBinary: Bool { classCount == 2 }

    /// Fits the model to `x` (samples x features) and zero-based labels `y`, starting from zero.
    ///
    /// A fit that runs out of iterations still sets the parameters reached; check ``converged``.
    /// - Throws: ``ClassicalMLError`` for NaN or infinity, a sample-count mismatch, an invalid
    ///   label, fewer than two distinct classes, or a diverging gradient descent.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func fit(_ x: Tensor<Scalar>, _ y: [Int]) throws {
        let operation = "LogisticRegression.fit"
        try validateClassificationData(x, y, operation)
        try requireValidLabels(y, classCount: requestedClassCount, operation)
        let distinct = Set(y).count
        if distinct < 2 { throw ClassicalMLError.tooFewClasses(operation: operation, found: distinct) }
        classCount = requestedClassCount ?? ((y.max() ?? -1) + 1)
        let objective = LogisticLoss(x: x, labels: y, outputs: isBinary ? 1 : classCount,
                                     lambda: lambda, fitIntercept: fitIntercept)
        let start = [Scalar](repeating: 0, count: objective.parameterCount)
        let result: MinimizationResult<Scalar>
        switch solver {
        case let .lbfgs(memory):
            result = try minimizeLBFGS(from: start, memory: memory, maxIterations: maxIterations,
                                       tolerance: tolerance, operation: operation, objective.evaluate)
        case let .gradientDescent(rate):
            result = try minimizeByGradientDescent(from: start, learningRate: Scalar(rate), maxIterations: maxIterations,
                                                   tolerance: tolerance, operation: operation, objective.evaluate)
        }
        let (weights, bias) = objective.unpack(result.parameters)
        coefficients = isBinary ? weights.reshaped(x.shape[1]) : weights
        intercept = bias
        iterations = result.iterations
        converged = result.converged
        loss = result.value
        isFitted = true
    }

    /// The scores `x W + b`: the log-odds of class 1 (a vector) for a binary model, the
    /// unnormalised log-probabilities (samples x classes) for a multinomial one.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func decisionFunction(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "LogisticRegression") }
        return try linearPrediction(x, coefficients, intercept, vectorTarget: isBinary, "LogisticRegression.decisionFunction")
    }

    /// The probability of each class for each row of `x`: samples x classes, rows summing to 1.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predictProbabilities(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let scores = try decisionFunction(x)
        let n = x.shape[0]
        if isBinary {
            var probabilities = Tensor<Scalar>.zeros(shape: [n, 2])
            for i in 0..<n {
                let p = LogisticLoss<Scalar>.sigmoid(scores[i])
                probabilities[i, 0] = 1 - p
                probabilities[i, 1] = p
            }
            return probabilities
        }
        var probabilities = Tensor<Scalar>()
        probabilities.assignSoftMax(of: scores)
        return probabilities
    }

    /// The most probable class of each row of `x` (the lowest class index on a tie).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predict(_ x: Tensor<Scalar>) throws -> [Int] {
        let probabilities = try predictProbabilities(x)
        if probabilities.shape[0] == 0 { return [] }
        return probabilities.argmax(alongDimension: 1)
    }
}
