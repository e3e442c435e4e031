/// `y = x` for `x > 0`, else `alpha (eˣ − 1)` (exponential linear unit; Clevert et al. 2015).
///
/// The negative side is computed with `expm1` and its gradient `alpha eˣ` from the input, so
/// both keep their relative precision for very negative inputs (the gradient at x = −40 is
/// `alpha e⁻⁴⁰`, not the 0 that `y + alpha` rounds to).
public final class ELU<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The value the output tends to for very negative inputs is `-alpha`.
    public let alpha: Scalar

    /// An ELU with the given `alpha` (1 by default, as in Torch7). `inPlace` is Torch7's
    /// `nn.ELU(alpha, true)`, accepted and changing nothing: Wick computes the same result out of
    /// place (each module writes its own buffer; see Docs/Torch7.md).
    public init(alpha: Scalar = 1, inPlace: Bool = false) { self.alpha = alpha }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let a = alpha
        output.assign(input) { $0 > 0 ? $0 : a * Scalar.expMinusOne($0) }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        let a = alpha
        // For x ≤ 0, dy/dx = alpha eˣ.
        gradInput.assign(input, gradOutput) { x, g in x > 0 ? g : g * a * Scalar.exp(x) }
        return gradInput
    }

    public var description: String { "nn.ELU (alpha:\(alpha))" }
}

// How a model file records this module (see ModuleRegistry).
extension ELU: SerializableModule {
    public static var kind: String { "ELU" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("alpha", .double(Double(alpha)))]) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> ELU { ELU(alpha: try r.scalar("alpha")) }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { ELU(alpha: 0.7) } }
}
