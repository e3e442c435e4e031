/// Ridge regression: least squares with an L2 penalty, minimising `‖X W + b − Y‖² + λ‖W‖²`.
///
/// The solution is `W = (XᵀX + λI)⁻¹XᵀY`, computed by a Cholesky solve (never an explicit
/// inverse). With `fitIntercept` the data is centred first, so the intercept `b = ȳ − x̄ W` is not
/// penalised; the means, the centring and the intercept are computed in Double for `Float` data
/// too (see ``LinearRegression``). When there are fewer samples than features (and λ > 0) the equivalent dual form
/// `W = Xᵀ(XXᵀ + λI)⁻¹Y` is solved instead, which needs only a samples x samples system.
/// A matrix `y` fits one model per column.
public struct Ridge<Scalar: TensorScalar>: Regressor, Sendable {
    /// The penalty weight λ ≥ 0 (scikit-learn's `alpha`); 0 is ordinary least squares.
    public var lambda: Scalar
    /// Whether an (unpenalised) intercept is fitted.
    public var fitIntercept: Bool

    /// The slope: `features` entries for a vector target, features x outputs for a matrix target.
    /// Empty until fitted.
    public private(set) var coefficients = Tensor<Scalar>.zeros(shape: [0])
    /// The intercept of each output (one entry for a vector target). Empty until fitted.
    public private(set) var intercept = Tensor<Scalar>.zeros(shape: [0])
    /// Whether ``fit(_:_:)`` has succeeded.
    public private(set) var isFitted = false
    private var vectorTarget = true

    /// A ridge model with penalty `lambda` (≥ 0).
    public init(lambda: Scalar = 1, fitIntercept: Bool = true) {
        wickPrecondition(lambda >= 0 && lambda.isFinite, "Ridge: lambda must be finite and non-negative, got \(lambda)")
        self.lambda = lambda
        self.fitIntercept = fitIntercept
    }

    /// Fits the model to `x` (samples x features) and `y` (a vector, or samples x outputs).
    ///
    /// - Throws: ``ClassicalMLError`` for NaN or infinity in the data, a sample-count mismatch,
    ///   or, with `lambda` 0 (or tiny), singular normal equations.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func fit(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws {
        let operation = "Ridge.fit"
        wickPrecondition(lambda >= 0 && lambda.isFinite, "\(operation): lambda must be finite and non-negative, got \(lambda)")
        try validateRegressionData(x, y, operation, checkingX: false)
        let (n, p) = (x.shape[0], x.shape[1])
        if n == 0 { throw ClassicalMLError.tooFewSamples(operation: operation, required: 1, available: 0) }
        let targets = y.rank == 1 ? y.reshaped(n, 1) : y
        let weights: Tensor<Scalar>, xMean: [Double], yMean: [Double]
        if n >= p || lambda == 0 {
            // Primal: (XcᵀXc + λI) W = XcᵀYc, a features x features system.
            let products = crossProducts(x, targets, centre: fitIntercept)
            try requireFiniteGram(products.gram, of: x, operation)
            var system = products.gram
            for i in 0..<p { system[i, i] += lambda }
            weights = try choleskySolve(system, products.cross, operation: operation)
            (xMean, yMean) = (products.xMean, products.yMean)
        } else {
            // Dual: W = Xcᵀ A with (XcXcᵀ + λI) A = Yc, a samples x samples system.
            try requireFinite(x, operation, "x")
            xMean = fitIntercept ? columnMeansInDouble(x) : [Double](repeating: 0, count: p)
            yMean = fitIntercept ? columnMeansInDouble(targets) : [Double](repeating: 0, count: targets.shape[1])
            let design = fitIntercept ? centred(x, xMean) : x
            var system = matmul(design, design, transposeB: true)
            for i in 0..<n { system[i, i] += lambda }
            let dual = try choleskySolve(system, fitIntercept ? centred(targets, yMean) : targets, operation: operation)
            weights = matmul(design, dual, transposeA: true)
        }
        intercept = Tensor(interceptsInDouble(xMean: xMean, yMean: yMean, weights: weights).map { Scalar($0) })
        coefficients = y.rank == 1 ? weights.reshaped(p) : weights
        vectorTarget = y.rank == 1
        isFitted = true
    }

    /// The predictions `x W + b`: a vector if the model was fitted on a vector target, else
    /// samples x outputs.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predict(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "Ridge") }
        return try linearPrediction(x, coefficients, intercept, vectorTarget: vectorTarget, "Ridge.predict")
    }
}
