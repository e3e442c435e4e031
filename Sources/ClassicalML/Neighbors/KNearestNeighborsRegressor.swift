/// k-nearest-neighbour regression: each query's prediction is the (weighted) mean of the targets
/// of its `k` nearest training samples.
///
/// Neighbours at equal distance are ordered by training index, lower first (see
/// ``KNearestNeighborsClassifier`` for the tie rules and the search).
public struct KNearestNeighborsRegressor<Scalar: TensorScalar>: Regressor, Sendable {
    /// The number of neighbours averaged.
    public var k: Int
    /// How distances are measured (fixed at initialisation: the training set is prepared for it).
    public let metric: DistanceMetric
    /// How the neighbours' targets are weighted.
    public var weighting: NeighborWeighting
    /// Whether ``fit(_:_:)`` has succeeded.
    public private(set) var isFitted = false
    private var search: NeighborSearch<Scalar>?
    private var targets = Tensor<Scalar>.zeros(shape: [0, 0])
    private var vectorTarget = true

    /// A regressor averaging the `k` (≥ 1) nearest neighbours.
    public init(k: Int = 5, metric: DistanceMetric = .l2, weighting: NeighborWeighting = .uniform) {
        wickPrecondition(k >= 1, "KNearestNeighborsRegressor: k must be at least 1, got \(k)")
        self.k = k
        self.metric = metric
        self.weighting = weighting
    }

    /// Stores the training samples `x` (samples x features) and targets `y` (a vector, or
    /// samples x outputs).
    ///
    /// - Throws: ``ClassicalMLError`` for NaN or infinity, a sample-count mismatch, or fewer
    ///   training samples than `k`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func fit(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws {
        let operation = "KNearestNeighborsRegressor.fit"
        try validateRegressionData(x, y, operation)
        if k > x.shape[0] { throw ClassicalMLError.tooManyNeighbors(operation: operation, k: k, samples: x.shape[0]) }
        search = NeighborSearch(points: x, metric: metric)
        vectorTarget = y.rank == 1
        targets = vectorTarget ? y.reshaped(y.count, 1) : y
        isFitted = true
    }

    /// The `k` nearest training samples of each row of `x` (or `neighbors` of them when given).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func kneighbors(_ x: Tensor<Scalar>, neighbors: Int? = nil) throws -> NearestNeighbors<Scalar> {
        try findNeighbors(x, search, neighbors ?? k, "KNearestNeighborsRegressor.kneighbors", estimator: "KNearestNeighborsRegressor")
    }

    /// The (weighted) mean target of each row's neighbours: a vector if the model was fitted on a
    /// vector target, else samples x outputs.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predict(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let found = try findNeighbors(x, search, k, "KNearestNeighborsRegressor.predict", estimator: "KNearestNeighborsRegressor")
        let q = x.shape[0], outputs = targets.shape[1], k = self.k
        var result = Tensor<Scalar>.zeros(shape: [q, outputs])
        found.distances.withUnsafeBufferPointer { d in
            targets.withUnsafeBufferPointer { t in
                result.withUnsafeMutableBufferPointer { out in
                    for r in 0..<q {
                        let weights = weighting.weights(UnsafeBufferPointer(rebasing: d[(r * k)..<(r * k + k)]))
                        let total = weights.reduce(0, +)
                        for (m, index) in found.indices[r].enumerated() {
                            let w = weights[m] / total
                            for j in 0..<outputs { out[r * outputs + j] += w * t[index * outputs + j] }
                        }
                    }
                }
            }
        }
        return vectorTarget ? result.reshaped(q) : result
    }
}
