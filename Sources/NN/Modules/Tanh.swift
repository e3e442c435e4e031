/// `y = tanh(x)`, element-wise; `dy/dx = 1 − y²`.
public final class Tanh<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// A tanh layer; it has no parameters.
    public init() {}

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        output.assign(input) { Scalar.tanh($0) }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        gradInput.assign(output, gradOutput) { y, g in g * (1 - y * y) }
        return gradInput
    }

    public var description: String { "nn.Tanh" }
}

// How a model file records this module (see ModuleRegistry).
extension Tanh: PlainModule {
    public static var kind: String { "Tanh" }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { Tanh() } }
}
