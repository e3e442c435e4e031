/// Soft-max cross-entropy on raw scores (logits): `LogSoftMax` followed by `ClassNLLCriterion`,
/// fused into one numerically stable pass.
///
/// The loss of a sample is `w[t] (log Σⱼ e^(xⱼ) − x_t)` computed around the row maximum, so it
/// stays finite for logits of any magnitude; the gradient is `w[t] (softmax(x) − onehot(t))`,
/// normalised like ``ClassNLLCriterion``. Targets are 0-based.
public final class CrossEntropyCriterion<Scalar: TensorScalar>: Criterion {
    @exclusivity(unchecked) public private(set) var output: Scalar = 0
    @exclusivity(unchecked) public private(set) var gradInput = Tensor<Scalar>()
    public var sizeAverage: Bool {
        get { nll.sizeAverage }
        set { nll.sizeAverage = newValue }
    }
    /// Per-class weights, or nil.
    public var weights: Tensor<Scalar>? { nll.weights }
    /// A target value to skip, or nil.
    public var ignoreIndex: Int? { nll.ignoreIndex }
    // Holds the options and the per-sample weighting rule shared with ClassNLL.
    private let nll: ClassNLLCriterion<Scalar>

    public init(weights: Tensor<Scalar>? = nil, sizeAverage: Bool = true, ignoreIndex: Int? = nil) {
        nll = ClassNLLCriterion(weights: weights, sizeAverage: sizeAverage, ignoreIndex: ignoreIndex)
    }

    /// The weight of class `t` (0 for the ignored index), checked with messages that name this
    /// criterion rather than the ClassNLL inside it.
    private func classWeight(_ t: Int, _ classes: Int) -> Scalar {
        if t == ignoreIndex { return 0 }
        checkClass(t, classes)
        if let weights {
            wickPrecondition(weights.count == classes, "\(description): \(weights.count) class weights for \(classes) classes")
        }
        return nll.classWeight(t, classes)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>, _ target: [Int]) -> Scalar {
        let (rows, classes) = checkClassTargets(input, target)
        var total: Scalar = 0, totalWeight: Scalar = 0
        input.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                let w = classWeight(target[r], classes)
                totalWeight += w
                if w == 0 { continue }
                let row = x.baseAddress! + r * classes
                total += w * (logSumExp(row, count: classes) - row[target[r]])
            }
        }
        output = sizeAverage && totalWeight > 0 ? total / totalWeight : total
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ target: [Int]) -> Tensor<Scalar> {
        let (rows, classes) = checkClassTargets(input, target)
        var totalWeight: Scalar = 0
        for r in 0..<rows { totalWeight += classWeight(target[r], classes) }
        let norm: Scalar = sizeAverage && totalWeight > 0 ? 1 / totalWeight : 1
        gradInput.resize(like: input)
        input.withUnsafeBufferPointer { x in
            gradInput.withUnsafeMutableBufferPointer { g in
                for r in 0..<rows {
                    let w = classWeight(target[r], classes) * norm
                    let row = g.baseAddress! + r * classes
                    if w == 0 {
                        row.update(repeating: 0, count: classes)
                        continue
                    }
                    softMaxRow(x.baseAddress! + r * classes, into: row, count: classes)
                    row[target[r]] -= 1
                    for j in 0..<classes { row[j] *= w }
                }
            }
        }
        return gradInput
    }

    public var description: String { "nn.CrossEntropyCriterion" }
}
