/// Negative log-likelihood of the target class, for log-probabilities such as a `LogSoftMax`'s
/// output: `−Σᵢ w[tᵢ] x[i, tᵢ] / Σᵢ w[tᵢ]` (the numerator alone without ``sizeAverage``).
///
/// Targets are 0-based class indices (Torch7's are 1-based). Samples whose target equals
/// ``ignoreIndex`` contribute nothing.
public final class ClassNLLCriterion<Scalar: TensorScalar>: Criterion {
    @exclusivity(unchecked) public private(set) var output: Scalar = 0
    @exclusivity(unchecked) public private(set) var gradInput = Tensor<Scalar>()
    public var sizeAverage: Bool
    /// Per-class weights (one per class), or nil for all ones.
    public let weights: Tensor<Scalar>?
    /// A target value to skip, or nil.
    public let ignoreIndex: Int?

    /// A negative log-likelihood with optional per-class `weights`, divided by the summed weights of
    /// the targets unless `sizeAverage` is false; targets equal to `ignoreIndex` are skipped.
    public init(weights: Tensor<Scalar>? = nil, sizeAverage: Bool = true, ignoreIndex: Int? = nil) {
        self.weights = weights
        self.sizeAverage = sizeAverage
        self.ignoreIndex = ignoreIndex
    }

    /// The weight of class `t`, or 0 for the ignored index.
    @inlinable
    func classWeight(_ t: Int, _ classes: Int) -> Scalar {
        if t == ignoreIndex { return 0 }
        checkClass(t, classes)
        if let weights {
            wickPrecondition(weights.count == classes, "\(description): \(weights.count) class weights for \(classes) classes")
            return weights.scalars[t]
        }
        return 1
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>, _ target: [Int]) -> Scalar {
        let (rows, classes) = checkClassTargets(input, target)
        var total: Scalar = 0, totalWeight: Scalar = 0
        input.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                let w = classWeight(target[r], classes)
                if w != 0 { total -= w * x[r * classes + target[r]] }
                totalWeight += w
            }
        }
        output = sizeAverage && totalWeight > 0 ? total / totalWeight : total
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ target: [Int]) -> Tensor<Scalar> {
        let (rows, classes) = checkClassTargets(input, target)
        let norm = gradientScale(target, classes: classes, weight: classWeight)
        gradInput.resize(like: input)
        gradInput.fill(0)
        gradInput.withUnsafeMutableBufferPointer { g in
            for r in 0..<rows where target[r] != ignoreIndex {
                g[r * classes + target[r]] = -classWeight(target[r], classes) * norm
            }
        }
        return gradInput
    }

    public var description: String { "nn.ClassNLLCriterion" }
}
