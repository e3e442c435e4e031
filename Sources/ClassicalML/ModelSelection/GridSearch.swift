/// Picks a hyperparameter by cross-validation: every candidate value builds an estimator, each is
/// scored by ``crossValidate(_:_:_:folds:scoring:)`` on the same folds, and the candidate with
/// the best mean score wins (the first one listed on a tie). The winner is then refitted on all
/// the data.
///
/// This is the lectures' "selecting λ with cross-validation":
///
/// ```swift
/// var search = GridSearch(candidates: [0.01, 0.1, 1, 10], folds: KFold(k: 5, shuffle: true, seed: 1)) {
///     Ridge<Double>(lambda: $0)
/// }
/// try search.fit(x, y)
/// print(search.bestCandidate!, search.meanScores)
/// let predictions = try search.bestEstimator!.predict(xTest)
/// ```
public struct GridSearch<Candidate, Estimator: SupervisedEstimator> {
    /// The values tried, in order.
    public var candidates: [Candidate]
    /// The cross-validation splits every candidate is scored on.
    public var folds: KFold
    /// Builds the (unfitted) estimator for a candidate value.
    public var makeEstimator: (Candidate) -> Estimator

    /// The per-fold scores of each candidate, in the order of ``candidates``.
    public private(set) var foldScores: [[Double]] = []
    /// The mean cross-validation score of each candidate.
    public private(set) var meanScores: [Double] = []
    /// The index in ``candidates`` of the winner.
    public private(set) var bestIndex: Int?
    /// The estimator of the winner, refitted on all the data.
    public private(set) var bestEstimator: Estimator?

    /// A search over `candidates` (at least one) scored on `folds`.
    public init(candidates: [Candidate], folds: KFold, makeEstimator: @escaping (Candidate) -> Estimator) {
        wickPrecondition(!candidates.isEmpty, "GridSearch: needs at least one candidate")
        self.candidates = candidates
        self.folds = folds
        self.makeEstimator = makeEstimator
    }

    /// The winning candidate value.
    public var bestCandidate: Candidate? { bestIndex.map { candidates[$0] } }
    /// The mean cross-validation score of the winner.
    public var bestScore: Double? { bestIndex.map { meanScores[$0] } }

    /// Scores every candidate on `x` and `y`, then refits the best on all of it.
    ///
    /// - Throws: the first error of any fit or score.
    public mutating func fit(_ x: Tensor<Estimator.Scalar>, _ y: Estimator.Targets) throws {
        foldScores = try candidates.map { try crossValidate(makeEstimator($0), x, y, folds: folds) }
        meanScores = foldScores.map { $0.reduce(0, +) / Double($0.count) }
        var best = 0
        for i in meanScores.indices where meanScores[i] > meanScores[best] { best = i }
        var winner = makeEstimator(candidates[best])
        try winner.fit(x, y)
        bestIndex = best
        bestEstimator = winner
    }
}
