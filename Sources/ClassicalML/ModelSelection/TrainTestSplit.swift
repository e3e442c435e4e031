/// The four parts of a train/test split of samples `x` and targets `y`.
public struct TrainTestSplit<Scalar: TensorScalar, Targets: SampleSplittable> {
    /// Training samples.
    public var xTrain: Tensor<Scalar>
    /// Test samples.
    public var xTest: Tensor<Scalar>
    /// Training targets.
    public var yTrain: Targets
    /// Test targets.
    public var yTest: Targets
    /// The original row of each training sample.
    public var trainIndices: [Int]
    /// The original row of each test sample.
    public var testIndices: [Int]
}

extension TrainTestSplit: Sendable where Targets: Sendable {}

/// The row indices of a train/test split of `sampleCount` samples.
///
/// The test set has `⌈testFraction · sampleCount⌉` samples. With `shuffle` the rows are permuted
/// by a `RandomGenerator` seeded with `seed` (so the split is reproducible) and each part keeps
/// the permuted order; without it the test set is the last rows.
/// - Throws: ``ClassicalMLError/tooFewSamples(operation:required:available:)`` when either part
///   would be empty.
public func trainTestIndices(
    sampleCount: Int, testFraction: Double = 0.25, shuffle: Bool = true, seed: UInt64 = 0
) throws -> (train: [Int], test: [Int]) {
    wickPrecondition(testFraction > 0 && testFraction < 1, "trainTestSplit: testFraction must be between 0 and 1, got \(testFraction)")
    let testCount = Int((testFraction * Double(sampleCount)).rounded(.up))
    if testCount < 1 || sampleCount - testCount < 1 {
        throw ClassicalMLError.tooFewSamples(operation: "trainTestSplit", required: 2, available: sampleCount)
    }
    var order = Array(0..<sampleCount)
    if shuffle {
        var generator = RandomGenerator(seed: seed)
        generator.shuffle(&order)
    }
    let split = sampleCount - testCount
    return (Array(order[..<split]), Array(order[split...]))
}

/// Splits samples `x` and targets `y` (a tensor or class labels) into a training and a test part
/// (see ``trainTestIndices(sampleCount:testFraction:shuffle:seed:)``).
///
/// ```swift
/// let split = try trainTestSplit(x, labels, testFraction: 0.2, seed: 1)
/// try model.fit(split.xTrain, split.yTrain)
/// ```
/// - Throws: ``ClassicalMLError`` when `x` and `y` have different numbers of samples or either
///   part would be empty.
public func trainTestSplit<Scalar: TensorScalar, Targets: SampleSplittable>(
    _ x: Tensor<Scalar>, _ y: Targets, testFraction: Double = 0.25, shuffle: Bool = true, seed: UInt64 = 0
) throws -> TrainTestSplit<Scalar, Targets> {
    wickPrecondition(x.rank >= 1, "trainTestSplit: x must have a sample dimension, got shape \(formatShape(x.shape))")
    try requireSameSampleCount(x.shape[0], y.sampleCount, "trainTestSplit")
    let (train, test) = try trainTestIndices(sampleCount: x.shape[0], testFraction: testFraction, shuffle: shuffle, seed: seed)
    return TrainTestSplit(xTrain: x.selecting(rows: train), xTest: x.selecting(rows: test),
                          yTrain: y.selectingSamples(train), yTest: y.selectingSamples(test),
                          trainIndices: train, testIndices: test)
}
