/// Mean absolute error (L1): `Σ |xᵢ − yᵢ| / n` (the sum without ``sizeAverage``).
public final class AbsCriterion<Scalar: TensorScalar>: Criterion {
    @exclusivity(unchecked) public private(set) var output: Scalar = 0
    @exclusivity(unchecked) public private(set) var gradInput = Tensor<Scalar>()
    public var sizeAverage: Bool

    /// An L1 loss, averaged over the elements unless `sizeAverage` is false.
    public init(sizeAverage: Bool = true) { self.sizeAverage = sizeAverage }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Scalar {
        output = elementwiseLoss(input, target) { x, y in Swift.abs(x - y) }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Tensor<Scalar> {
        elementwiseGradient(into: &gradInput, input, target) { x, y in x > y ? 1 : (x < y ? -1 : 0) }
        return gradInput
    }

    public var description: String { "nn.AbsCriterion" }
}
