/// `y = log(1 + e^(βx)) / β`, a smooth ReLU; linear once `βx` exceeds `threshold` (Torch7's
/// defaults β = 1, threshold = 20), which keeps it finite for large inputs.
///
/// Computed as `log1p(e^(βx)) / β`, so very negative inputs keep their relative precision (at
/// x = −40 the output is e⁻⁴⁰ ≈ 4.25e-18, not 0) until e^(βx) underflows.
public final class SoftPlus<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// Sharpness.
    public let beta: Scalar
    /// Above `beta · x > threshold` the output is `x`.
    public let threshold: Scalar

    /// A SoftPlus with sharpness `beta`, linear where `beta · x > threshold` (Torch7's defaults, 1
    /// and 20).
    public init(beta: Scalar = 1, threshold: Scalar = 20) {
        self.beta = beta
        self.threshold = threshold
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let (b, t) = (beta, threshold)
        output.assign(input) { x in b * x > t ? x : Scalar.log(onePlus: Scalar.exp(b * x)) / b }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        let (b, t) = (beta, threshold)
        // dy/dx = sigmoid(βx), from e^(−|βx|) so that it neither overflows nor loses the tail
        gradInput.assign(input, gradOutput) { x, g in
            let e = Scalar.exp(-Swift.abs(b * x))
            return b * x > t ? g : g * (b * x >= 0 ? 1 : e) / (1 + e)
        }
        return gradInput
    }

    public var description: String { "nn.SoftPlus" }
}

// How a model file records this module (see ModuleRegistry).
extension SoftPlus: SerializableModule {
    public static var kind: String { "SoftPlus" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("beta", .double(Double(beta))), ("threshold", .double(Double(threshold)))])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> SoftPlus {
        SoftPlus(beta: try r.scalar("beta"), threshold: try r.scalar("threshold"))
    }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { SoftPlus(beta: 2) } }
}
