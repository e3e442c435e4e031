/// Passes its input through unchanged (`nn.Identity`).
public final class Identity<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// An identity layer; it has no parameters.
    public init() {}

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        // A copy into our own buffer, not a shared reference: holding on to the previous module's
        // output would force that module to reallocate on its next forward.
        output.assign(input)
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        gradInput.assign(gradOutput)
        return gradInput
    }

    public var description: String { "nn.Identity" }
}

// How a model file records this module (see ModuleRegistry).
extension Identity: PlainModule {
    public static var kind: String { "Identity" }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { Identity() } }
}
