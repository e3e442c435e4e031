/// Mean absolute error (L1): `Σ |xᵢ − yᵢ| / n` (the sum without ``sizeAverage``).
public final class AbsCriterion<Scalar: TensorScalar>: Criterion {
    @exclusivity(unchecked) public private(set) var output: Scalar = 0
    @exclusivity(unchecked) public private(set) var gradInput = Tensor<Scalar>()
    public var sizeAverage: Bool

    public init(sizeAverage: Bool = true) { self.sizeAverage = sizeAverage }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Scalar {
        checkSameShape(input, target)
        var total: Scalar = 0
        input.withUnsafeBufferPointer { x in
            target.withUnsafeBufferPointer { y in
                for i in x.indices { total += Swift.abs(x[i] - y[i]) }
            }
        }
        output = sizeAverage ? total / Scalar(Swift.max(input.count, 1)) : total
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Tensor<Scalar> {
        checkSameShape(input, target)
        let scale: Scalar = sizeAverage ? 1 / Scalar(Swift.max(input.count, 1)) : 1
        gradInput.assign(input, target) { x, y in x > y ? scale : (x < y ? -scale : 0) }
        return gradInput
    }

    public var description: String { "nn.AbsCriterion" }
}
