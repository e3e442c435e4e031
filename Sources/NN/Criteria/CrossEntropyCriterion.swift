/// Soft-max cross-entropy on raw scores (logits): `LogSoftMax` followed by `ClassNLLCriterion`,
/// fused into one numerically stable pass.
///
/// The loss of a sample is `w[t] (log Σⱼ e^(xⱼ) − x_t)` computed around the row maximum, so it
/// stays finite for logits of any magnitude; where the target's probability exceeds ½ (a loss
/// below log 2) it is computed as `log1p(Σ_{j≠t} pⱼ / p_t)` instead, so a small loss keeps its
/// relative precision (8.97e-10 to the last digits, where `log Σ − x_t` is off by 1e-6
/// relatively). The gradient is `w[t] (softmax(x) − onehot(t))`, normalised like
/// ``ClassNLLCriterion``. Targets are 0-based.
///
/// `forward` keeps the soft-max it computes and `backward` reuses it, so a training step takes
/// one exponential per score; as in Torch7, `backward` assumes `forward` just ran on the same
/// input (it recomputes when the shapes differ).
public final class CrossEntropyCriterion<Scalar: TensorScalar>: Criterion {
    @exclusivity(unchecked) public private(set) var output: Scalar = 0
    @exclusivity(unchecked) public private(set) var gradInput = Tensor<Scalar>()
    /// The soft-max of the last forward's input, reused by backward.
    @exclusivity(unchecked) private var probabilities = Tensor<Scalar>()
    /// `log Σⱼ e^(xⱼ)` of each row of the last forward's input (storage reused).
    @exclusivity(unchecked) private var logSums: [Scalar] = []
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

    /// A soft-max cross-entropy with optional per-class `weights`, divided by the summed weights of
    /// the targets unless `sizeAverage` is false; targets equal to `ignoreIndex` are skipped.
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
        let (_, classes) = checkClassTargets(input, target)
        var total: Scalar = 0, totalWeight: Scalar = 0
        logSums.removeAll(keepingCapacity: true)
        // One pass of exponentials gives both the loss and the soft-max for backward.
        probabilities.assignSoftMax(of: input) { _, logSum in logSums.append(logSum) }
        input.withUnsafeBufferPointer { x in
            probabilities.withUnsafeBufferPointer { p in
                for (r, t) in target.enumerated() {
                    let w = classWeight(t, classes)
                    totalWeight += w
                    if w != 0 { total += w * sampleLoss(x.baseAddress! + r * classes, p.baseAddress! + r * classes, t, classes, logSums[r]) }
                }
            }
        }
        output = sizeAverage && totalWeight > 0 ? total / totalWeight : total
        return output
    }

    /// `log Σⱼ e^(xⱼ) − x_t` for one row `x` with soft-max `p`: through `log1p` of the other
    /// classes' share when the target's probability exceeds ½ (the loss is then below log 2 and
    /// `logSum − x_t` would cancel), else directly.
    @inline(__always)
    private func sampleLoss(_ x: UnsafePointer<Scalar>, _ p: UnsafePointer<Scalar>, _ t: Int, _ classes: Int, _ logSum: Scalar) -> Scalar {
        guard p[t] > 0.5 else { return logSum - x[t] }
        var others: Scalar = 0
        for j in 0..<classes where j != t { others += p[j] }
        return Scalar.log(onePlus: others / p[t])
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ target: [Int]) -> Tensor<Scalar> {
        let (rows, classes) = checkClassTargets(input, target)
        let norm = gradientScale(target, classes: classes, weight: classWeight)
        // As in Torch7, backward assumes forward just ran on this input and reuses its soft-max.
        if probabilities.shape != input.shape { _ = updateOutput(input, target) }
        gradInput.resize(like: input)
        probabilities.withUnsafeBufferPointer { p in
            gradInput.withUnsafeMutableBufferPointer { g in
                for r in 0..<rows {
                    let w = classWeight(target[r], classes) * norm
                    let row = g.baseAddress! + r * classes
                    if w == 0 {
                        row.update(repeating: 0, count: classes)
                        continue
                    }
                    row.update(from: p.baseAddress! + r * classes, count: classes)
                    // p_t − 1 as −Σ_{j≠t} pⱼ: no cancellation when p_t is near 1.
                    var others: Scalar = 0
                    for j in 0..<classes where j != target[r] { others += row[j] }
                    row[target[r]] = -others
                    for j in 0..<classes { row[j] *= w }
                }
            }
        }
        return gradInput
    }

    public var description: String { "nn.CrossEntropyCriterion" }
}
