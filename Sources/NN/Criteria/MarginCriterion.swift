/// The hinge loss for targets ±1: `Σ max(0, margin − yᵢ xᵢ) / n` (the sum without
/// ``sizeAverage``), as a linear SVM uses.
public final class MarginCriterion<Scalar: TensorScalar>: Criterion {
    @exclusivity(unchecked) public private(set) var output: Scalar = 0
    @exclusivity(unchecked) public private(set) var gradInput = Tensor<Scalar>()
    public var sizeAverage: Bool
    public let margin: Scalar

    public init(margin: Scalar = 1, sizeAverage: Bool = true) {
        self.margin = margin
        self.sizeAverage = sizeAverage
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) -> Scalar {
        checkSameShape(input, target)
        var total: Scalar = 0
        input.withUnsafeBufferPointer { x in
            target.withUnsafeBufferPointer { y in
                for i in x.indices { total += Swift.max(0, margin - y[i] * x[i]) }
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
        let m = margin
        gradInput.assign(input, target) { x, y in m - y * x > 0 ? -scale * y : 0 }
        return gradInput
    }

    public var description: String { "nn.MarginCriterion" }
}
