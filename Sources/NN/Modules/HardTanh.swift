/// `y = x` clipped to [`minimum`, `maximum`] (default [−1, 1]); the gradient is 0 outside.
public final class HardTanh<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The clipping bounds (`minimum < maximum`).
    public let minimum: Scalar, maximum: Scalar

    /// Clips to [`minimum`, `maximum`] (default [−1, 1], as in Torch7); `minimum` must be below
    /// `maximum`. `inPlace` is Torch7's `nn.HardTanh(min, max, true)`, accepted and changing
    /// nothing: Wick computes the same result out of place (each module writes its own buffer; see Docs/Torch7.md).
    public init(minimum: Scalar = -1, maximum: Scalar = 1, inPlace: Bool = false) {
        wickPrecondition(minimum < maximum, "nn.HardTanh: minimum \(minimum) must be below maximum \(maximum)")
        self.minimum = minimum
        self.maximum = maximum
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let (lo, hi) = (minimum, maximum)
        output.assign(input) { Swift.min(Swift.max($0, lo), hi) }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        let (lo, hi) = (minimum, maximum)
        gradInput.assign(input, gradOutput) { x, g in x > lo && x < hi ? g : 0 }
        return gradInput
    }

    public var description: String { "nn.HardTanh" }
}

// How a model file records this module (see ModuleRegistry).
extension HardTanh: SerializableModule {
    public static var kind: String { "HardTanh" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("minimum", .double(Double(minimum))), ("maximum", .double(Double(maximum)))])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> HardTanh {
        let (lo, hi) = (try r.scalar("minimum"), try r.scalar("maximum"))
        guard lo < hi else { throw ModelFileError.corrupted("HardTanh has minimum \(lo) ≥ maximum \(hi)") }
        return HardTanh(minimum: lo, maximum: hi)
    }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { HardTanh(minimum: -0.5, maximum: 0.8) } }
}
