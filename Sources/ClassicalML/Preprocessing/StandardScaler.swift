/// Standardises features: subtracts each column's mean and divides by its standard deviation, so
/// every feature has mean 0 and variance 1 on the training data.
///
/// The standard deviation is the population one (divided by n, as in scikit-learn). A constant
/// column has deviation 0 and is left unscaled (its scale is taken as 1).
public struct StandardScaler<Scalar: TensorScalar>: Transformer, Sendable {
    /// Whether the mean is subtracted.
    public var withMean: Bool
    /// Whether each column is divided by its standard deviation.
    public var withStd: Bool

    /// The mean of each feature (zeros when `withMean` is off). Empty until fitted.
    public private(set) var mean = Tensor<Scalar>.zeros(shape: [0])
    /// The divisor of each feature: its standard deviation, 1 for a constant feature or when
    /// `withStd` is off. Empty until fitted.
    public private(set) var scale = Tensor<Scalar>.zeros(shape: [0])
    /// Whether ``fit(_:)`` has succeeded.
    public private(set) var isFitted = false

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
        let columnMean = columnMeans(x)
        var variance = [Scalar](repeating: 0, count: d)
        x.withUnsafeBufferPointer { p in
            columnMean.withUnsafeBufferPointer { m in
                for i in 0..<n {
                    let row = p.baseAddress! + i * d
                    for j in 0..<d { let t = row[j] - m[j]; variance[j] += t * t }
                }
            }
        }
        mean = withMean ? columnMean : .zeros(shape: [d])
        scale = Tensor(variance.map { v in
            let deviation = (v / Scalar(n)).squareRoot()
            return withStd && deviation > 0 ? deviation : 1
        })
        isFitted = true
    }

    /// `(x − mean) / scale`, column by column.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func transform(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "StandardScaler") }
        try requireFeatureCount(x, mean.count, "StandardScaler.transform")
        var result = x
        result -= mean
        result /= scale
        return result
    }

    /// `x · scale + mean`: undoes ``transform(_:)``.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func inverseTransform(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "StandardScaler") }
        try requireFeatureCount(x, mean.count, "StandardScaler.inverseTransform")
        var result = x
        result *= scale
        result += mean
        return result
    }
}
