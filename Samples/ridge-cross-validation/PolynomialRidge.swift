// The model whose penalty the sample tunes: polynomial features of one input, standardised,
// then ridge regression. It is one estimator, so that cross-validation learns the
// standardisation from the training folds only, never from the fold it scores.
import Wick

/// Ridge regression on the standardised powers x, x², …, xᵈ of a single input column.
struct PolynomialRidge: Regressor {
    /// The highest power of x.
    var degree: Int
    /// The ridge penalty λ.
    var lambda: Double
    /// Inputs are divided by this before the powers are taken, to keep xᵈ of moderate size.
    var inputScale: Double

    private var scaler = StandardScaler<Double>()
    private var ridge: Ridge<Double>

    /// An unfitted model.
    init(degree: Int, lambda: Double, inputScale: Double) {
        self.degree = degree
        self.lambda = lambda
        self.inputScale = inputScale
        ridge = Ridge(lambda: lambda)
    }

    /// The standardised feature matrix of `x` (samples x 1).
    private func features(_ x: Tensor<Double>) throws -> Tensor<Double> {
        try scaler.transform(PolynomialFeatures(degree: degree, includeBias: false).transform(x / inputScale))
    }

    mutating func fit(_ x: Tensor<Double>, _ y: Tensor<Double>) throws {
        try scaler.fit(PolynomialFeatures(degree: degree, includeBias: false).transform(x / inputScale))
        try ridge.fit(try features(x), y)
    }

    func predict(_ x: Tensor<Double>) throws -> Tensor<Double> {
        try ridge.predict(try features(x))
    }

    /// Minus the mean squared error, so that a higher score is a better model and GridSearch picks
    /// the λ with the lowest cross-validation error.
    func score(_ x: Tensor<Double>, _ y: Tensor<Double>) throws -> Double {
        -meanSquaredError(y, try predict(x))
    }
}
