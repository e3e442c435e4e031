/// Mean squared error: `Σ (xᵢ − yᵢ)² / n` (the sum without ``sizeAverage``).
public final class MSECriterion<Scalar: TensorScalar>: Criterion {
    @exclusivity(unchecked) public private(set) var output: Scalar = 0
    @exclusivity(unchecked) public private(set) var gradInput = Tensor<Scalar>()
    public var sizeAverage: Bool

    /// A squared-error loss, averaged over the elements unless `sizeAverage` is false.
    public init(sizeAverage: Bool = true) { self.sizeAverage = sizeAverage }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Scalar {
        output = elementwiseLoss(input, target) { x, y in (x - y) * (x - y) }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Tensor<Scalar> {
        elementwiseGradient(into: &gradInput, input, target) { x, y in 2 * (x - y) }
        return gradInput
    }

    public var description: String { "nn.MSECriterion" }
}
