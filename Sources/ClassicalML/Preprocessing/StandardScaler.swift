/// Standardises features: subtracts each column's mean and divides by its standard deviation, so
/// every feature has mean 0 and variance 1 on the training data.
///
/// The standard deviation is the population one (divided by n, as in scikit-learn). Means and
/// variances are accumulated in Double, for `Float` data too, as scikit-learn does, by the
/// corrected two-pass algorithm (the mean, then the deviations from it).
///
/// A constant column is left unscaled (its scale is taken as 1, so it transforms to zeros). A
/// column counts as constant when its computed variance is within the rounding error of the
/// computation, `variance ≤ n·ε·variance + (n·mean·ε)²` with ε of Double (scikit-learn's
/// `_is_constant_feature`): a column of equal values whose computed variance comes out as 1e-33
/// rather than 0 is constant.
public struct StandardScaler<Scalar: TensorScalar>: Transformer, Sendable {
    /// Whether the mean is subtracted.
    public var withMean: Bool
    /// Whether each column is divided by its standard deviation.
    public var withStd: Bool

    /// The mean of each feature (zeros when `withMean` is off). Empty until fitted.
    public private(set) var mean = Tensor<Scalar>.zeros(shape: [0])
    /// The divisor of each feature: its standard deviation, 1 for a constant feature (see
    /// above) or when `withStd` is off. Empty until fitted.
    public private(set) var scale = Tensor<Scalar>.zeros(shape: [0])
    /// Whether ``fit(_:)`` has succeeded.
    public private(set) var isFitted = false
    /// ``mean`` and ``scale`` unrounded: `transform` works in Double and rounds once.
    private var centre: [Double] = [], divisor: [Double] = []

    /// A scaler to be fitted.
    public init(withMean: Bool = true, withStd: Bool = true) {
        self.withMean = withMean
        self.withStd = withStd
    }

    /// Learns the mean and standard deviation of each column of `x` (samples x features).
    ///
    /// - Throws: ``ClassicalMLError`` for NaN or infinity, or an empty `x`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func fit(_ x: Tensor<Scalar>) throws {
        let operation = "StandardScaler.fit"
        requireMatrix(x, operation)
        let (n, d) = (x.shape[0], x.shape[1])
        if n == 0 { throw ClassicalMLError.tooFewSamples(operation: operation, required: 1, available: 0) }
        try requireFinite(x, operation, "x")
        let (columnMean, variance) = columnMeansAndVariances(x)
        centre = withMean ? columnMean : [Double](repeating: 0, count: d)
        divisor = (0..<d).map { j in
            let constant = isConstantFeature(variance: variance[j], mean: columnMean[j], count: n)
            return withStd && !constant ? variance[j].squareRoot() : 1
        }
        mean = Tensor(centre.map { Scalar($0) })
        scale = Tensor(divisor.map { Scalar($0) })
        isFitted = true
    }

    /// `(x − mean) / scale`, column by column.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func transform(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "StandardScaler") }
        try requireFeatureCount(x, mean.count, "StandardScaler.transform")
        return mapColumns(x) { value, j in (value - centre[j]) / divisor[j] }
    }

    /// `x · scale + mean`: undoes ``transform(_:)``.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func inverseTransform(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "StandardScaler") }
        try requireFeatureCount(x, mean.count, "StandardScaler.inverseTransform")
        return mapColumns(x) { value, j in value * divisor[j] + centre[j] }
    }

    /// `f(x[i, j], j)` for every element of the matrix `x`, in Double, rounded once.
    private func mapColumns(_ x: Tensor<Scalar>, _ f: (Double, Int) -> Double) -> Tensor<Scalar> {
        let d = x.shape[1]
        return x.withUnsafeBufferPointer { source in
            Tensor(shape: x.shape, scalars: (0..<source.count).map { Scalar(f(Double(source[$0]), $0 % d)) })
        }
    }
}
