/// k-fold cross-validation splits: the samples are cut into `k` folds of (nearly) equal size and
/// each fold serves once as the validation set while the others train.
///
/// The first `sampleCount % k` folds have one sample more than the rest, as in scikit-learn.
/// Without `shuffle` the folds are consecutive runs of rows; with it the rows are permuted first
/// by a `RandomGenerator` seeded with `seed`.
public struct KFold: Sendable, Equatable {
    /// One split: the rows to train on and the rows to validate on.
    public struct Fold: Sendable, Equatable {
        /// Training rows, in increasing order.
        public var train: [Int]
        /// Validation rows, in increasing order.
        public var test: [Int]
    }

    /// The number of folds.
    public var k: Int
    /// Whether the rows are shuffled before they are cut into folds.
    public var shuffle: Bool
    /// The seed of the shuffle.
    public var seed: UInt64

    /// `k` (≥ 2) folds.
    public init(k: Int = 5, shuffle: Bool = false, seed: UInt64 = 0) {
        wickPrecondition(k >= 2, "KFold: k must be at least 2, got \(k)")
        self.k = k
        self.shuffle = shuffle
        self.seed = seed
    }

    /// The `k` splits of `sampleCount` samples.
    ///
    /// - Throws: ``ClassicalMLError/tooFewSamples(operation:required:available:)`` when there are
    ///   fewer samples than folds.
    public func splits(sampleCount: Int) throws -> [Fold] {
        if sampleCount < k { throw ClassicalMLError.tooFewSamples(operation: "KFold.splits", required: k, available: sampleCount) }
        var order = Array(0..<sampleCount)
        if shuffle {
            var generator = RandomGenerator(seed: seed)
            generator.shuffle(&order)
        }
        var folds: [Fold] = []
        var start = 0
        for f in 0..<k {
            let size = sampleCount / k + (f < sampleCount % k ? 1 : 0)
            let test = order[start..<(start + size)].sorted()
            let train = (order[..<start] + order[(start + size)...]).sorted()
            folds.append(Fold(train: train, test: test))
            start += size
        }
        return folds
    }
}
