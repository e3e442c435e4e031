/// Ordinary least squares: the `W` and `b` minimising `‖X W + b − Y‖²`.
///
/// ```swift
/// var model = LinearRegression<Double>()
/// try model.fit(x, y)                 // x: samples x features, y: samples (or samples x outputs)
/// let predictions = try model.predict(xTest)
/// print(model.coefficients, model.intercept, try model.score(xTest, yTest))
/// ```
///
/// With `fitIntercept` the columns of `X` and `Y` are centred first, the slope is solved on the
/// centred data, and the intercept is `ȳ − x̄ W`, which is the same fit as adding a column of ones
/// but better conditioned. The means, the centring and the intercept are computed in Double for
/// `Float` data too (as scikit-learn does), so data far from the origin keeps its slope: on 10⁶
/// rows near 10⁴ with `y = 2·x₁ − 19995`, Float means had given the coefficients [4.7e-6, 9.5e-6]
/// and the intercept 4.76. The `.leastSquares` solver then solves in Double, with NumPy's
/// cutoff (see `leastSquares` in WickCore); `.normalEquations` forms `XᵀX` from the centred
/// data in `Scalar`, summing blocks of rows in Double. A matrix `y` fits one model per column in a single solve, as in the
/// "least squares for multiple classes" slide where `Y` is one-hot.
public struct LinearRegression<Scalar: TensorScalar>: Regressor, Sendable {
    /// How the least-squares problem is solved.
    public enum Solver: Sendable, Equatable {
        /// WickCore's `leastSquares`, LAPACK's rank-revealing `gelsd` (SVD based; tall data is
        /// first reduced block by block): works for any data, and gives the minimum-norm
        /// solution when features are collinear.
        case leastSquares
        /// The lecture's normal equations `(XᵀX) W = XᵀY`, solved by Cholesky rather than an
        /// explicit inverse. Faster for many samples and few features, but it squares the
        /// condition number, and it throws when `XᵀX` is singular.
        case normalEquations
    }

    /// Whether an intercept is fitted (otherwise the model goes through the origin).
    public var fitIntercept: Bool
    /// The solver used by ``fit(_:_:)``.
    public var solver: Solver

    /// The slope: a vector of `features` entries for a vector target, a features x outputs
    /// matrix for a matrix target. Empty until fitted.
    public private(set) var coefficients = Tensor<Scalar>.zeros(shape: [0])
    /// The intercept of each output (one entry for a vector target). Empty until fitted.
    public private(set) var intercept = Tensor<Scalar>.zeros(shape: [0])
    /// The numerical rank of the (centred) data found by the `.leastSquares` solver; the number
    /// of features for `.normalEquations`.
    public private(set) var rank = 0
    /// Whether ``fit(_:_:)`` has succeeded.
    public private(set) var isFitted = false
    private var vectorTarget = true

    /// A model to be fitted.
    public init(fitIntercept: Bool = true, solver: Solver = .leastSquares) {
        self.fitIntercept = fitIntercept
        self.solver = solver
    }

    /// Fits the model to `x` (samples x features) and `y` (a vector, or samples x outputs).
    ///
    /// - Throws: ``ClassicalMLError`` when the data holds NaN or infinity, when `x` and `y` have
    ///   different numbers of samples, or, with `.normalEquations`, when `XᵀX` is singular.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func fit(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws {
        let operation = "LinearRegression.fit"
        try validateRegressionData(x, y, operation, checkingX: solver == .leastSquares)
        let (n, p) = (x.shape[0], x.shape[1])
        if n == 0 { throw ClassicalMLError.tooFewSamples(operation: operation, required: 1, available: 0) }
        let targets = y.rank == 1 ? y.reshaped(n, 1) : y
        let weights: Tensor<Scalar>, intercepts: [Double]
        switch solver {
        case .leastSquares:
            // Centred in Double and solved in Double: WickCore's leastSquares solves Float data
            // in Double anyway (NumPy's rule), and this way the centred values are never rounded.
            let xMean = fitIntercept ? columnMeansInDouble(x) : [Double](repeating: 0, count: p)
            let yMean = fitIntercept ? columnMeansInDouble(targets) : [Double](repeating: 0, count: targets.shape[1])
            let design = centredInDouble(x, fitIntercept ? xMean : nil)
            let response = centredInDouble(targets, fitIntercept ? yMean : nil)
            let solution = try leastSquares(design, response)
            rank = solution.rank
            weights = Tensor(shape: solution.solution.shape, scalars: solution.solution.scalars.map { Scalar($0) })
            intercepts = interceptsInDouble(xMean: xMean, yMean: yMean, weights: solution.solution)
        case .normalEquations:
            let products = crossProducts(x, targets, centre: fitIntercept)
            try requireFiniteGram(products.gram, of: x, operation)
            weights = try choleskySolve(products.gram, products.cross, operation: operation)
            intercepts = interceptsInDouble(xMean: products.xMean, yMean: products.yMean, weights: weights)
            rank = p
        }
        // b = ȳ − x̄ W
        intercept = Tensor(intercepts.map { Scalar($0) })
        coefficients = y.rank == 1 ? weights.reshaped(p) : weights
        vectorTarget = y.rank == 1
        isFitted = true
    }

    /// The predictions `x W + b` for the rows of `x`: a vector if the model was fitted on a
    /// vector target, else samples x outputs.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predict(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "LinearRegression") }
        return try linearPrediction(x, coefficients, intercept, vectorTarget: vectorTarget, "LinearRegression.predict")
    }
}

/// `x W + b` for a fitted linear model, with the input checks every linear model's `predict` makes.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func linearPrediction<Scalar: TensorScalar>(
    _ x: Tensor<Scalar>, _ coefficients: Tensor<Scalar>, _ intercept: Tensor<Scalar>,
    vectorTarget: Bool, _ operation: String
) throws -> Tensor<Scalar> {
    try requireFeatureCount(x, coefficients.shape[0], operation)
    try requireFinite(x, operation, "x")
    let weights = vectorTarget ? coefficients.reshaped(coefficients.count, 1) : coefficients
    var result = Tensor<Scalar>.zeros(shape: [0])
    Tensor.matmul(x, weights, into: &result)
    result.addRowVector(intercept)
    return vectorTarget ? result.reshaped(x.shape[0]) : result
}
