/// `y = x` for `x > 0`, else `negval · x` (Torch7's `nn.LeakyReLU(negval)`).
public final class LeakyReLU<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The slope for negative inputs.
    public let negval: Scalar

    /// A leaky ReLU with slope `negval` for negative inputs (0.01 by default, as in Torch7).
    /// `inPlace` is Torch7's `nn.LeakyReLU(negval, true)`, accepted and changing nothing: Wick computes the same result out of place (each module writes its own buffer; see Docs/Torch7.md).
    public init(negval: Scalar = 0.01, inPlace: Bool = false) { self.negval = negval }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let a = negval
        output.assign(input) { $0 > 0 ? $0 : a * $0 }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        let a = negval
        gradInput.assign(input, gradOutput) { x, g in x > 0 ? g : a * g }
        return gradInput
    }

    public var description: String { "nn.LeakyReLU(\(negval))" }
}

// How a model file records this module (see ModuleRegistry).
extension LeakyReLU: SerializableModule {
    public static var kind: String { "LeakyReLU" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("negval", .double(Double(negval)))]) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> LeakyReLU { LeakyReLU(negval: try r.scalar("negval")) }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { LeakyReLU(negval: 0.1) } }
}
