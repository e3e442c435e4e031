/// k-nearest-neighbour classification: each query takes the (weighted) majority class of its `k`
/// nearest training samples.
///
/// ```swift
/// var knn = KNearestNeighborsClassifier<Double>(k: 3)
/// try knn.fit(trainImages, trainLabels)
/// let accuracy = try knn.score(testImages, testLabels)
/// ```
///
/// Ties are broken deterministically: among training samples at the same distance the one with
/// the lower index is the nearer, and a vote tied between classes goes to the lowest class
/// index. Reported distances are computed directly from the data in Double (for `Float` data too)
/// and rounded once. With L2 the neighbours are ranked by those exact distances; with cosine the
/// ranking comes from a GEMM, which can separate two mathematically equal distances by a
/// rounding error.
///
/// The search is brute force: L2 and cosine distances come from GEMM as
/// `‖x‖² − 2 q·x (+ ‖q‖²)`, L1 from a vectorised loop, a block of queries at a time against a
/// tile of the training set at a time (so memory stays bounded for any number of queries), with
/// the blocks spread over the cores. For L2 the data is first centred on the training mean (which
/// leaves distances unchanged but keeps `‖x‖²` small: `Float` data near 10⁴ had lost the answer
/// to cancellation), the GEMM runs in `Float` as a filter with a proven bound on its rounding
/// error, and the few candidates it keeps are decided by their `Double` distances: for `Double`
/// data the same neighbours as an all-`Double` search, about twice as fast; for `Float` data the
/// neighbours of its exact distances.
public struct KNearestNeighborsClassifier<Scalar: TensorScalar>: ProbabilisticClassifier, Sendable {
    /// The number of neighbours that vote.
    public var k: Int
    /// How distances are measured (fixed at initialisation: the training set is prepared for it).
    public let metric: DistanceMetric
    /// How the votes are weighted.
    public var weighting: NeighborWeighting
    /// The number of classes: the columns of ``predictProbabilities(_:)``. Set by ``fit(_:_:)``
    /// to the largest label plus one unless given at initialisation.
    public private(set) var classCount: Int
    /// Whether ``fit(_:_:)`` has succeeded.
    public private(set) var isFitted = false
    private let requestedClassCount: Int?
    private var search: NeighborSearch<Scalar>?
    private var labels: [Int] = []

    /// A classifier voting among the `k` (≥ 1) nearest neighbours.
    ///
    /// - Parameters:
    ///   - k: how many neighbours vote.
    ///   - metric: the distance: `.l2` (by GEMM), `.l1` or `.cosine`.
    ///   - weighting: equal votes, or votes weighted by inverse distance.
    ///   - classCount: the number of classes, when some classes may be missing from the training
    ///     labels; by default the largest training label plus one.
    public init(k: Int = 5, metric: DistanceMetric = .l2, weighting: NeighborWeighting = .uniform, classCount: Int? = nil) {
        wickPrecondition(k >= 1, "KNearestNeighborsClassifier: k must be at least 1, got \(k)")
        wickPrecondition(classCount.map { $0 >= 1 } ?? true, "KNearestNeighborsClassifier: classCount must be at least 1")
        self.k = k
        self.metric = metric
        self.weighting = weighting
        self.requestedClassCount = classCount
        self.classCount = classCount ?? 0
    }

    /// Stores the training samples `x` (samples x features) and their zero-based class labels.
    ///
    /// - Throws: ``ClassicalMLError`` for NaN or infinity in `x`, a label count that differs from
    ///   the sample count, a negative label (or one not below `classCount`), or fewer training
    ///   samples than `k`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func fit(_ x: Tensor<Scalar>, _ y: [Int]) throws {
        let operation = "KNearestNeighborsClassifier.fit"
        try validateClassificationData(x, y, operation)
        try requireValidLabels(y, classCount: requestedClassCount, operation)
        if k > x.shape[0] { throw ClassicalMLError.tooManyNeighbors(operation: operation, k: k, samples: x.shape[0]) }
        classCount = requestedClassCount ?? ((y.max() ?? -1) + 1)
        search = NeighborSearch(points: x, metric: metric)
        labels = y
        isFitted = true
    }

    /// The `k` nearest training samples of each row of `x` (or `neighbors` of them when given).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func kneighbors(_ x: Tensor<Scalar>, neighbors: Int? = nil) throws -> NearestNeighbors<Scalar> {
        try findNeighbors(x, search, neighbors ?? k, "KNearestNeighborsClassifier.kneighbors", estimator: "KNearestNeighborsClassifier")
    }

    /// The (weighted) share of each class among the neighbours of each row of `x`:
    /// samples x ``classCount``, rows summing to 1.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predictProbabilities(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let found = try findNeighbors(x, search, k, "KNearestNeighborsClassifier.predictProbabilities",
                                      estimator: "KNearestNeighborsClassifier")
        let q = x.shape[0], classes = classCount, k = self.k
        var probabilities = Tensor<Scalar>.zeros(shape: [q, classes])
        found.distances.withUnsafeBufferPointer { d in
            probabilities.withUnsafeMutableBufferPointer { out in
                for r in 0..<q {
                    let weights = weighting.weights(UnsafeBufferPointer(rebasing: d[(r * k)..<(r * k + k)]))
                    let total = weights.reduce(0, +)
                    for (m, index) in found.indices[r].enumerated() {
                        out[r * classes + labels[index]] += weights[m] / total
                    }
                }
            }
        }
        return probabilities
    }

    /// The class of each row of `x`: the one with the largest (weighted) vote, the lowest class
    /// index on a tie (the argmax of ``predictProbabilities(_:)``, which it does not build: the
    /// vote is over the classes among the neighbours, so its cost does not depend on the
    /// largest label).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predict(_ x: Tensor<Scalar>) throws -> [Int] {
        let found = try findNeighbors(x, search, k, "KNearestNeighborsClassifier.predict",
                                      estimator: "KNearestNeighborsClassifier")
        return Self.vote(distances: found.distances, neighborLabels: found.indices.map { $0.map { labels[$0] } }, weighting: weighting)
    }

    /// The class each query's neighbours vote for: the one with the largest (weighted) share,
    /// the lowest class on a tie; what ``predict(_:)`` does with the neighbours it finds, for
    /// neighbours found elsewhere (a search sharded over processes).
    ///
    /// - Parameters:
    ///   - distances: queries x k distances, ascending along each row.
    ///   - neighborLabels: the class of each neighbour, `k` per query, in the order of `distances`.
    ///   - weighting: how the neighbours' votes are weighted.
    public static func vote(distances: Tensor<Scalar>, neighborLabels: [[Int]], weighting: NeighborWeighting) -> [Int] {
        let q = neighborLabels.count, k = q == 0 ? 0 : distances.count / q
        var predictions = [Int](repeating: 0, count: q)
        // The votes of one query: (class, share), at most k entries. The shares are summed in the
        // order of predictProbabilities, so ties are the same ties.
        var votes: [(label: Int, share: Scalar)] = []
        votes.reserveCapacity(k)
        distances.withUnsafeBufferPointer { d in
            for r in 0..<q {
                let weights = weighting.weights(UnsafeBufferPointer(rebasing: d[(r * k)..<(r * k + k)]))
                let total = weights.reduce(0, +)
                votes.removeAll(keepingCapacity: true)
                for (m, label) in neighborLabels[r].enumerated() {
                    if let slot = votes.firstIndex(where: { $0.label == label }) {
                        votes[slot].share += weights[m] / total
                    } else {
                        votes.append((label, 0 + weights[m] / total))
                    }
                }
                var winner = votes[0]
                for vote in votes.dropFirst() where vote.share > winner.share || (vote.share == winner.share && vote.label < winner.label) {
                    winner = vote
                }
                predictions[r] = winner.label
            }
        }
        return predictions
    }
}

/// The shared front end of both k-NN estimators' queries: checks, then the search.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
internal func findNeighbors<Scalar: TensorScalar>(
    _ x: Tensor<Scalar>, _ search: NeighborSearch<Scalar>?, _ k: Int, _ operation: String, estimator: String
) throws -> NearestNeighbors<Scalar> {
    guard let search else { throw ClassicalMLError.notFitted(estimator: estimator) }
    wickPrecondition(k >= 1, "\(operation): k must be at least 1, got \(k)")
    try requireFeatureCount(x, search.featureCount, operation)
    try requireFinite(x, operation, "x")
    if k > search.sampleCount { throw ClassicalMLError.tooManyNeighbors(operation: operation, k: k, samples: search.sampleCount) }
    let q = x.shape[0]
    let (distances, indices) = search.search(x, k: k)
    return NearestNeighbors(distances: Tensor(shape: [q, k], scalars: distances),
                            indices: (0..<q).map { Array(indices[($0 * k)..<($0 * k + k)]) })
}
