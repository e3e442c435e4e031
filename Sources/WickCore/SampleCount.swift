// The number of samples in a batch of data or targets, shared by the modules that split data by
// sample: NN's `TargetBatch` (minibatches) and ClassicalML's `SampleSplittable` (folds, splits).

extension Tensor {
    /// The number of samples: the size of the first dimension, one sample per row (0 for a
    /// scalar-like tensor, whose shape is `[]`).
    @inlinable
    public var sampleCount: Int { shape.first ?? 0 }
}

extension Array where Element == Int {
    /// The number of samples of a list of class labels, one label per sample: `count`.
    @inlinable
    public var sampleCount: Int { count }
}
