/// The perceptron's step function: `y = 1` where `x > threshold`, else `0`.
///
/// Its derivative is zero almost everywhere, so no gradient flows back through it (``gradInput``
/// is all zeros): a perceptron is trained by its own update rule, not by backpropagation, which
/// is the lectures' reason for moving to sigmoids.
public final class Step<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// Inputs above it give 1, the others 0.
    public let threshold: Scalar

    /// A step at `threshold` (0 by default).
    public init(threshold: Scalar = 0) { self.threshold = threshold }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let t = threshold
        output.assign(input) { $0 > t ? 1 : 0 }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        gradInput.assign(gradOutput) { _ in 0 }
        return gradInput
    }

    public var description: String { "nn.Step" }
}

// How a model file records this module (see ModuleRegistry).
extension Step: SerializableModule {
    public static var kind: String { "Step" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("threshold", .double(Double(threshold)))]) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Step { Step(threshold: try r.scalar("threshold")) }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { Step() } }
}
