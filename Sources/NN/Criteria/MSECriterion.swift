/// Mean squared error: `Σ (xᵢ − yᵢ)² / n` (the sum without ``sizeAverage``).
public final class MSECriterion<Scalar: TensorScalar>: Criterion {
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
                for i in x.indices { let d = x[i] - y[i]; total += d * d }
            }
        }
        output = sizeAverage ? total / Scalar(Swift.max(input.count, 1)) : total
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Tensor<Scalar> {
        checkSameShape(input, target)
        let scale: Scalar = sizeAverage ? 2 / Scalar(Swift.max(input.count, 1)) : 2
        gradInput.assign(input, target) { x, y in scale * (x - y) }
        return gradInput
    }

    public var description: String { "nn.MSECriterion" }
}
