/// Huber-like loss: `½ d²` where `|d| < 1`, else `|d| − ½`, with `d = x − y`; averaged over
/// elements with ``sizeAverage``. Less sensitive to outliers than MSE.
public final class SmoothL1Criterion<Scalar: TensorScalar>: Criterion {
    @exclusivity(unchecked) public private(set) var output: Scalar = 0
    @exclusivity(unchecked) public private(set) var gradInput = Tensor<Scalar>()
    public var sizeAverage: Bool

    /// A smooth L1 loss, averaged over the elements unless `sizeAverage` is false.
    public init(sizeAverage: Bool = true) { self.sizeAverage = sizeAverage }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Scalar {
        output = elementwiseLoss(input, target) { x, y in
            let d = Swift.abs(x - y)
            return d < 1 ? d * d / 2 : d - 0.5
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Tensor<Scalar> {
        elementwiseGradient(into: &gradInput, input, target) { x, y in
            let d = x - y
            return d < -1 ? -1 : (d > 1 ? 1 : d)
        }
        return gradInput
    }

    public var description: String { "nn.SmoothL1Criterion" }
}
