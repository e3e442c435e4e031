/// `y = 1 / (1 + e⁻ˣ)`, element-wise; `dy/dx = y (1 − y)`.
///
/// Finite at the extremes: for large negative `x`, `e⁻ˣ` overflows to infinity and `y` is 0.
public final class Sigmoid<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// A sigmoid layer; it has no parameters.
    public init() {}

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        output.assign(input) { 1 / (1 + Scalar.exp(-$0)) }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        gradInput.assign(output, gradOutput) { y, g in g * y * (1 - y) }
        return gradInput
    }

    public var description: String { "nn.Sigmoid" }
}

// How a model file records this module (see ModuleRegistry).
extension Sigmoid: PlainModule {
    public static var kind: String { "Sigmoid" }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { Sigmoid() } }
}
