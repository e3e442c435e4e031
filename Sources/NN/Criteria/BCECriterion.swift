/// Binary cross-entropy between probabilities `x` (e.g. a `Sigmoid`'s output) and targets `y`
/// in [0, 1]: `−Σ wᵢ [yᵢ log(xᵢ + ε) + (1 − yᵢ) log(1 − xᵢ + ε)] / n`.
///
/// `ε = 1e-12` (Torch7's) keeps the loss and its gradient finite when `x` reaches 0 or 1; each
/// log's argument is capped at 1, so a prediction equal to its 0 or 1 target costs exactly 0
/// (PyTorch's value) rather than −ε. The gradient is Torch7's,
/// `−w (y − x) / ((x + ε)(1 − x + ε)) / n`: exactly 0 where `x = y`, so a perfect prediction is
/// never pushed outside [0, 1]; it differs from the derivative of the ε-shifted loss by a
/// relative O(ε).
/// Optional `weights` have the shape of one sample (applied to every row of a batch) or of the
/// whole input.
public final class BCECriterion<Scalar: TensorScalar>: Criterion {
    @exclusivity(unchecked) public private(set) var output: Scalar = 0
    @exclusivity(unchecked) public private(set) var gradInput = Tensor<Scalar>()
    public var sizeAverage: Bool
    /// Per-element weights, or nil for all ones.
    public let weights: Tensor<Scalar>?
    @usableFromInline static var epsilon: Scalar { 1e-12 }

    /// A binary cross-entropy with optional per-element `weights` (one sample's shape or the whole
    /// input's), averaged over the elements unless `sizeAverage` is false.
    public init(weights: Tensor<Scalar>? = nil, sizeAverage: Bool = true) {
        self.weights = weights
        self.sizeAverage = sizeAverage
    }

    /// The weight of flat element `i` (weights of one row repeat over the batch).
    @inline(__always) private func weight(_ i: Int, _ w: [Scalar]?) -> Scalar {
        guard let w else { return 1 }
        return w[i % w.count]
    }

    private func checkWeights(_ input: Tensor<Scalar>) {
        guard let weights else { return }
        wickPrecondition(weights.count == input.count || weights.count == input.shape.last,
            "\(description): weights \(formatShape(weights.shape)) fit neither input \(formatShape(input.shape)) nor one of its rows")
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Scalar {
        checkSameShape(input, target)
        checkWeights(input)
        let eps = Self.epsilon
        var total: Scalar = 0
        let w = weights?.scalars
        input.withUnsafeBufferPointer { x in
            target.withUnsafeBufferPointer { y in
                for i in x.indices {
                    let (logX, logNotX) = Self.logarithms(x[i], eps)
                    total -= weight(i, w) * (y[i] * logX + (1 - y[i]) * logNotX)
                }
            }
        }
        output = sizeAverage ? total / Scalar(Swift.max(input.count, 1)) : total
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Tensor<Scalar> {
        checkSameShape(input, target)
        checkWeights(input)
        let eps = Self.epsilon
        let scale: Scalar = sizeAverage ? 1 / Scalar(Swift.max(input.count, 1)) : 1
        gradInput.resize(like: input)
        let w = weights?.scalars
        input.withUnsafeBufferPointer { x in
            target.withUnsafeBufferPointer { y in
                gradInput.withUnsafeMutableBufferPointer { g in
                    for i in x.indices {
                        let denominator: Scalar = (x[i] + eps) * (1 - x[i] + eps)
                        g[i] = -scale * weight(i, w) * (y[i] - x[i]) / denominator
                    }
                }
            }
        }
        return gradInput
    }

    /// `log(min(p + ε, 1))` and `log(min(1 − p + ε, 1))`, through `log1p` of an exactly formed
    /// difference where the argument is near 1 (`p − 1` and `−p` are exact there), so that a loss
    /// near 0 keeps its relative precision (the loss of p = 1 − 2⁻²⁰ for target 1 to its last
    /// digits, where `log(p + ε)` is off by 1e-10 relatively).
    @inline(__always)
    static func logarithms(_ p: Scalar, _ eps: Scalar) -> (logP: Scalar, logNotP: Scalar) {
        let logP = p >= 0.5 ? Scalar.log(onePlus: Swift.min((p - 1) + eps, 0)) : Scalar.log(Swift.min(p + eps, 1))
        let logNotP = p <= 0.5 ? Scalar.log(onePlus: Swift.min(eps - p, 0)) : Scalar.log(Swift.min((1 - p) + eps, 1))
        return (logP, logNotP)
    }

    public var description: String { "nn.BCECriterion" }
}
