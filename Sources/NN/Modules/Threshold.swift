/// `y = x` where `x > threshold`, else `value` (Torch7's `nn.Threshold(th, v)`).
public final class Threshold<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// Inputs above `threshold` pass through; the others become `value`.
    public let threshold: Scalar, value: Scalar

    /// A threshold layer; the defaults, `threshold` 1e-6 and `value` 0, are Torch7's.
    /// `inPlace` is Torch7's `nn.Threshold(th, v, true)`, accepted and changing nothing: Wick computes the same result out of place (each module writes its own buffer; see Docs/Torch7.md).
    public init(threshold: Scalar = 1e-6, value: Scalar = 0, inPlace: Bool = false) {
        self.threshold = threshold
        self.value = value
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let (t, v) = (threshold, value)
        output.assign(input) { $0 > t ? $0 : v }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        let t = threshold
        gradInput.assign(input, gradOutput) { x, g in x > t ? g : 0 }
        return gradInput
    }

    public var description: String { "nn.Threshold" }
}

// How a model file records this module (see ModuleRegistry).
extension Threshold: SerializableModule {
    public static var kind: String { "Threshold" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("threshold", .double(Double(threshold))), ("value", .double(Double(value)))])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Threshold {
        Threshold(threshold: try r.scalar("threshold"), value: try r.scalar("value"))
    }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { Threshold(threshold: 0.1, value: -1) } }
}
