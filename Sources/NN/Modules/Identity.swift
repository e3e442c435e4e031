/// Passes its input through unchanged (`nn.Identity`), a tensor or a table: in a
/// ``ConcatTable`` it is the shortcut of a residual block.
public final class Identity<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    // The last results when they were tables (nil for tensors, which live in output/gradInput).
    private var outputTable: Activation<Scalar>?
    private var gradInputTable: Activation<Scalar>?

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

    public var tableOutput: Activation<Scalar> { outputTable ?? .tensor(output) }

    public var tableGradInput: Activation<Scalar> { gradInputTable ?? .tensor(gradInput) }

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        if case .tensor(let t) = input {
            outputTable = nil
            return .tensor(updateOutput(t))
        }
        output = Tensor()
        outputTable = input
        return input
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        if case .tensor(let t) = input {
            gradInputTable = nil
            return .tensor(updateGradInput(t, gradOutput.tensor(for: "nn.Identity", "gradOutput")))
        }
        checkTableGradOutput(gradOutput)
        gradInput = Tensor()
        gradInputTable = gradOutput
        return gradOutput
    }

    public func accGradParameters(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) {}

    public func backward(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) -> Activation<Scalar> {
        updateGradInput(table: input, gradOutput)
    }

    public func clearState() {
        output = Tensor(); gradInput = Tensor(); outputTable = nil; gradInputTable = nil
    }

    public var description: String { "nn.Identity" }
}

// How a model file records this module (see ModuleRegistry).
extension Identity: PlainModule {
    public static var kind: String { "Identity" }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { Identity() } }
}
