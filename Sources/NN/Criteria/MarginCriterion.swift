/// The hinge loss for targets ±1: `Σ max(0, margin − yᵢ xᵢ) / n` (the sum without
/// ``sizeAverage``), as a linear SVM uses.
public final class MarginCriterion<Scalar: TensorScalar>: Criterion {
    @exclusivity(unchecked) public private(set) var output: Scalar = 0
    @exclusivity(unchecked) public private(set) var gradInput = Tensor<Scalar>()
    public var sizeAverage: Bool
    /// The margin `yᵢ xᵢ` must reach for a zero loss (1 by default).
    public let margin: Scalar

    /// A hinge loss with the given `margin`, averaged over the elements unless `sizeAverage` is false.
    public init(margin: Scalar = 1, sizeAverage: Bool = true) {
        self.margin = margin
        self.sizeAverage = sizeAverage
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Scalar {
        let m = margin
        output = elementwiseLoss(input, target) { x, y in Swift.max(0, m - y * x) }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Tensor<Scalar> {
        let m = margin
        elementwiseGradient(into: &gradInput, input, target) { x, y in m - y * x > 0 ? -y : 0 }
        return gradInput
    }

    public var description: String { "nn.MarginCriterion" }
}
