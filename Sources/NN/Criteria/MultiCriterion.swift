/// A weighted sum of criteria on the same input and target (Torch7's `nn.MultiCriterion`):
/// `loss = Σᵢ weightᵢ · criterionᵢ(input, target)`, and the gradient is the same weighted sum.
///
/// The criteria share one target type (`Tensor` or `[Int]` class indices); each keeps its own
/// ``sizeAverage``, and setting this one's sets them all.
public final class MultiCriterion<Scalar: TensorScalar, Target>: Criterion {
    public private(set) var output: Scalar = 0
    public private(set) var gradInput = Tensor<Scalar>()
    /// The criteria, in order, with their weights.
    public private(set) var criteria: [(criterion: any Criterion<Scalar, Target>, weight: Scalar)] = []

    /// An empty sum; fill it with ``add(_:weight:)``.
    public init() {}

    /// Adds `criterion` with `weight` (1 by default) and returns the sum, so calls can be chained.
    @discardableResult
    public func add<C: Criterion>(_ criterion: C, weight: Scalar = 1) -> MultiCriterion where C.Scalar == Scalar, C.Target == Target {
        criteria.append((criterion, weight))
        return self
    }

    /// True when every criterion averages; setting it sets every criterion's.
    public var sizeAverage: Bool {
        get { criteria.allSatisfy { $0.criterion.sizeAverage } }
        set { for c in criteria { c.criterion.sizeAverage = newValue } }
    }

    public func updateOutput(_ input: Tensor<Scalar>, _ target: Target) -> Scalar {
        wickPrecondition(!criteria.isEmpty, "nn.MultiCriterion: has no criteria")
        output = criteria.reduce(0) { $0 + $1.weight * $1.criterion.updateOutput(input, target) }
        return output
    }

    public func updateGradInput(_ input: Tensor<Scalar>, _ target: Target) -> Tensor<Scalar> {
        wickPrecondition(!criteria.isEmpty, "nn.MultiCriterion: has no criteria")
        gradInput.resize(shape: input.shape)
        gradInput.fill(0)
        for (c, w) in criteria { gradInput.add(c.updateGradInput(input, target), scaledBy: w) }
        return gradInput
    }

    public var description: String { "nn.MultiCriterion" }
}
