/// Zeroes each input with probability `p` during training and scales the survivors by
/// `1 / (1 − p)`, so evaluation (where it is the identity) needs no rescaling ("inverted dropout",
/// Torch7's default).
public final class Dropout<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The probability of dropping an input.
    public let p: Scalar
    /// The last mask: 0 for dropped inputs, `1 / (1 − p)` for kept ones.
    @exclusivity(unchecked) public private(set) var mask = Tensor<Scalar>()
    @exclusivity(unchecked) private var generator: RandomGenerator

    /// A dropout layer drawing its masks from `generator`.
    public init(_ p: Scalar = 0.5, generator: RandomGenerator) {
        wickPrecondition(p >= 0 && p < 1, "nn.Dropout: p must be in [0, 1), got \(p)")
        self.p = p
        self.generator = generator
    }

    /// A dropout layer seeded from the global generator.
    public convenience init(_ p: Scalar = 0.5) {
        self.init(p, generator: withGlobalGenerator { RandomGenerator(seed: $0.next()) })
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        guard isTraining && p > 0 else {
            output.assign(input)  // a copy, see Identity
            return output
        }
        mask.resize(like: input)
        drawInvertedDropoutMask(&mask, p: p, generator: &generator)
        output.assign(input, mask) { $0 * $1 }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        if isTraining && p > 0 {
            gradInput.assign(gradOutput, mask) { $0 * $1 }
        } else {
            gradInput.assign(gradOutput)
        }
        return gradInput
    }

    /// The mask generator's current state (saved with the model).
    var generatorState: RandomGenerator { generator }

    public func clearState() {
        output = Tensor(); gradInput = Tensor(); mask = Tensor()
    }

    public var description: String { "nn.Dropout(\(p))" }
}

/// Fills `mask` (its shape already set) with inverted-dropout factors drawn from `generator`:
/// each entry 0 with probability `p`, else `1 / (1 − p)`. `Dropout` draws one per input,
/// `SpatialDropout` one per feature map.
@inlinable
func drawInvertedDropoutMask<Scalar: TensorScalar>(_ mask: inout Tensor<Scalar>, p: Scalar, generator: inout RandomGenerator) {
    let keep = Double(1 - p), scale = 1 / (1 - p)
    mask.withUnsafeMutableBufferPointer { m in
        for i in m.indices { m[i] = generator.uniform() < keep ? scale : 0 }
    }
}

// How a model file records this module (see ModuleRegistry).
extension Dropout: SerializableModule {
    public static var kind: String { "Dropout" }
    public func record() -> ModuleRecord<Scalar> {
        var hyper: [(name: String, value: HyperParameter)] = [("p", .double(Double(p))), ("generator", .words(generatorState.state))]
        if let spare = generatorState.pendingNormal { hyper.append(("pendingNormal", .double(spare))) }
        return ModuleRecord(kind: Self.kind, hyperParameters: hyper)
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Dropout {
        let p = try r.scalar("p"), words = try r.words("generator")
        guard p >= 0, p < 1, words.count == 4 else { throw ModelFileError.corrupted("Dropout has p \(p) or a bad generator state") }
        let spare = r.hyperParameters.first { $0.name == "pendingNormal" }.flatMap { if case let .double(v) = $0.value { v } else { nil } }
        return Dropout(p, generator: RandomGenerator(state: words, spareNormal: spare))
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        let inEvaluation = Dropout(0.5)
        inEvaluation.evaluate()
        return [ModuleExample(Dropout(0.5), input: [5, 4], note: "training"),
                ModuleExample(inEvaluation, input: [5, 4], note: "evaluation"),
                ModuleExample(Dropout(0.25), input: [2, 3, 4, 5], note: "rank-4 batch")]
    }
}
