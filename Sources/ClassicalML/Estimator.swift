/// Targets that can be split by sample, as cross-validation needs: a `Tensor` whose rows are the
/// samples (regression), or an `[Int]` of zero-based class labels (classification).
public protocol SampleSplittable: Sendable {
    /// The number of samples.
    var sampleCount: Int { get }
    /// The samples at `indices`, in that order.
    func selectingSamples(_ indices: [Int]) -> Self
}

extension Tensor: SampleSplittable {
    /// The rows at `indices` (see `selecting(rows:)`).
    public func selectingSamples(_ indices: [Int]) -> Tensor { selecting(rows: indices) }
}

extension Array: SampleSplittable where Element == Int {
    /// The labels at `indices`, in that order.
    public func selectingSamples(_ indices: [Int]) -> [Int] { indices.map { self[$0] } }
}

/// A model fitted to samples `x` (a samples x features matrix) and targets `y`.
///
/// Estimators are values: `fit` mutates the model in place, and copying a model copies what it
/// learned. That is what lets ``crossValidate(_:_:_:folds:scoring:)`` and ``GridSearch`` fit a
/// fresh copy per fold.
public protocol SupervisedEstimator {
    /// `Float` or `Double`.
    associatedtype Scalar: TensorScalar
    /// What the model learns to predict: a `Tensor<Scalar>` or `[Int]` class labels.
    associatedtype Targets: SampleSplittable

    /// Learns from `x` (samples x features) and the matching targets `y`.
    mutating func fit(_ x: Tensor<Scalar>, _ y: Targets) throws

    /// A goodness-of-fit score on `x` and `y` where higher is better: R² for regressors,
    /// accuracy for classifiers.
    func score(_ x: Tensor<Scalar>, _ y: Targets) throws -> Double
}

/// An estimator of real-valued targets: a vector (one value per sample) or a matrix (a column per
/// output).
public protocol Regressor: SupervisedEstimator where Targets == Tensor<Scalar> {
    /// The predicted targets for the rows of `x`, shaped like the `y` the model was fitted on.
    func predict(_ x: Tensor<Scalar>) throws -> Tensor<Scalar>
}

extension Regressor {
    /// The coefficient of determination R² of the predictions for `x` against `y` (see
    /// ``r2Score(_:_:)``).
    public func score(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Double {
        let predicted = try predict(x)
        try requireSameSampleCount(x.shape[0], y.sampleCount, "\(Self.self).score")
        wickPrecondition(predicted.count == y.count,
            "\(Self.self).score: y has shape \(formatShape(y.shape)) but the predictions have shape \(formatShape(predicted.shape))")
        return Double(r2Score(y.reshaped(to: predicted.shape), predicted))
    }
}

/// An estimator of zero-based class labels.
public protocol Classifier: SupervisedEstimator where Targets == [Int] {
    /// The predicted class of each row of `x`.
    func predict(_ x: Tensor<Scalar>) throws -> [Int]
}

extension Classifier {
    /// The fraction of the rows of `x` whose predicted class is the one in `y` (see
    /// ``accuracy(_:_:)``).
    public func score(_ x: Tensor<Scalar>, _ y: [Int]) throws -> Double {
        let predicted = try predict(x)
        try requireSameSampleCount(x.shape[0], y.count, "\(Self.self).score")
        return accuracy(y, predicted)
    }
}

/// A classifier that also gives the probability of each class.
public protocol ProbabilisticClassifier: Classifier {
    /// One row per sample of `x`, one column per class; each row sums to 1.
    func predictProbabilities(_ x: Tensor<Scalar>) throws -> Tensor<Scalar>
}

/// An unsupervised step that learns from `x` and then maps data to a new representation:
/// ``StandardScaler``, ``PCA``.
public protocol Transformer {
    /// `Float` or `Double`.
    associatedtype Scalar: TensorScalar

    /// Learns the transformation from `x` (samples x features).
    mutating func fit(_ x: Tensor<Scalar>) throws

    /// Applies the learned transformation to the rows of `x`.
    func transform(_ x: Tensor<Scalar>) throws -> Tensor<Scalar>
}

extension Transformer {
    /// Fits to `x` and returns `x` transformed.
    public mutating func fitTransform(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try fit(x)
        return try transform(x)
    }
}
