/// The targets of a batch, in the form a criterion takes them: `[Int]` class labels (0-based)
/// or a `Tensor` with one target per sample along its first dimension (`N x outputs`, or any
/// `N x ...`).
///
/// A dataset keeps all its targets in this same form, and the ``Trainer`` gathers a minibatch's
/// targets from it into a reused batch, so assembling a batch allocates nothing.
public protocol TargetBatch {
    /// One sample's target: an `Int` class, or a `Tensor` row.
    associatedtype Sample
    /// An empty batch.
    init()
    /// A batch of the given samples' targets.
    init(samples: [Sample])
    /// The number of samples.
    var sampleCount: Int { get }
    /// The target of sample `i`.
    func sample(_ i: Int) -> Sample
    /// Replaces the contents with the targets at `indices` of `source`, reusing storage.
    mutating func gather(_ indices: ArraySlice<Int>, from source: Self)
    /// The number of rows of `scores` whose highest score is the target, when accuracy makes
    /// sense for this kind of target; else nil.
    func correctPredictions<Scalar>(_ scores: Tensor<Scalar>) -> Int?
}

extension Array: TargetBatch where Element == Int {
    public init(samples: [Int]) { self = samples }
    public func sample(_ i: Int) -> Int { self[i] }

    public mutating func gather(_ indices: ArraySlice<Int>, from source: [Int]) {
        removeAll(keepingCapacity: true)
        for i in indices { append(source[i]) }
    }

    public func correctPredictions<Scalar>(_ scores: Tensor<Scalar>) -> Int? {
        let columns = scores.shape.last ?? 0
        guard columns > 1, scores.count == columns * count else { return nil }
        return scores.withUnsafeBufferPointer { s in
            var correct = 0
            for (r, label) in enumerated() {
                var best = 0
                for j in 1..<columns where s[r * columns + j] > s[r * columns + best] { best = j }
                if best == label { correct += 1 }
            }
            return correct
        }
    }
}

extension Tensor: TargetBatch {
    /// The samples stacked along a new first dimension (`N x sample shape`).
    public init(samples: [Tensor<Scalar>]) {
        self = Tensor.concatenated(samples.map { $0.reshaped(to: [1] + $0.shape) }, alongDimension: 0)
    }
    public func sample(_ i: Int) -> Tensor<Scalar> { row(i) }

    public mutating func gather(_ indices: ArraySlice<Int>, from source: Tensor<Scalar>) {
        self.gatherRows(indices, from: source)
    }

    /// Regression targets have no accuracy.
    public func correctPredictions<Other>(_ scores: Tensor<Other>) -> Int? { nil }
}

/// Samples for training: `count` of them, each an input tensor and a target.
///
/// Implement ``sample(_:)``; implement ``fillBatch(_:inputs:targets:)`` too when samples can be
/// copied straight into a batch (``TensorDataset`` does), so that assembling one allocates nothing.
public protocol Dataset<Scalar, Targets> {
    /// The inputs' scalar type: `Float` or `Double`.
    associatedtype Scalar: TensorScalar
    /// How targets are held: `[Int]` class labels or a `Tensor` of rows.
    associatedtype Targets: TargetBatch
    /// The number of samples.
    var count: Int { get }
    /// Sample `i`: its input (one sample: a feature vector, a `C x H x W` image, ...) and its target.
    func sample(_ i: Int) -> (input: Tensor<Scalar>, target: Targets.Sample)
    /// Writes the samples at `indices` into `inputs` (`indices.count x` the shape of one sample)
    /// and `targets`.
    func fillBatch(_ indices: ArraySlice<Int>, inputs: inout Tensor<Scalar>, targets: inout Targets)
}

extension Dataset {
    public func fillBatch(_ indices: ArraySlice<Int>, inputs: inout Tensor<Scalar>, targets: inout Targets) {
        let samples = indices.map { sample($0) }
        inputs = Tensor(samples: samples.map(\.input))
        targets = Targets(samples: samples.map(\.target))
    }
}

/// A dataset held in memory: sample `i` of `inputs` (its first-dimension slice `i`) with target `i`.
///
/// Samples may have any shape: `N x features` vectors, `N x C x H x W` images, and batches keep
/// that shape (`batch x features`, `batch x C x H x W`).
public struct TensorDataset<Scalar: TensorScalar, Targets: TargetBatch>: Dataset {
    /// The inputs, one sample per first-dimension slice (`count x features`, `count x C x H x W`, ...).
    public let inputs: Tensor<Scalar>
    /// All targets: `[Int]` labels or a `Tensor` with one row per sample.
    public let targets: Targets

    /// Inputs (`N x ...`, one sample per first-dimension slice) with their `N` targets (`[Int]`
    /// 0-based labels, or a `Tensor` with `N` as its first dimension).
    public init(inputs: Tensor<Scalar>, targets: Targets) {
        wickPrecondition(inputs.rank >= 2 && inputs.shape[0] == targets.sampleCount,
            "TensorDataset: \(formatShape(inputs.shape)) inputs for \(targets.sampleCount) targets (inputs are N x sample shape)")
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.shape[0] }

    public func sample(_ i: Int) -> (input: Tensor<Scalar>, target: Targets.Sample) { (inputs.row(i), targets.sample(i)) }

    public func fillBatch(_ indices: ArraySlice<Int>, inputs batch: inout Tensor<Scalar>, targets batchTargets: inout Targets) {
        batch.gatherRows(indices, from: inputs)
        batchTargets.gather(indices, from: targets)
    }
}
