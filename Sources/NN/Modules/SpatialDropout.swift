/// Dropout of whole feature maps (`nn.SpatialDropout`): during training each plane of each image
/// is zeroed with probability `p`, and the planes that survive are scaled by `1 / (1 − p)`; in
/// evaluation mode it is the identity. Neighbouring pixels of a map are strongly correlated, so
/// dropping single pixels (``Dropout``) regularises a convolutional layer little; dropping maps
/// does (Tompson et al., 2015, which Torch7's module follows).
///
/// In training it takes one image `C x H x W` or a batch `N x C x H x W`; in evaluation any shape.
///
/// Unlike Torch7's `nn.SpatialDropout`, which keeps the surviving maps as they are in training
/// and multiplies everything by `1 − p` in evaluation, the scaling happens in training (inverted
/// dropout, as in Wick's and Torch7's ``Dropout``): the expected activation is the same either way,
/// and evaluation costs nothing. A model trained with Torch7's module gives in Wick `1 / (1 − p)`
/// times Torch7's output in evaluation mode.
public final class SpatialDropout<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The probability of dropping a feature map.
    public let p: Scalar
    /// The last mask, one factor per map: 0 for dropped maps, `1 / (1 − p)` for kept ones; `N x C`
    /// for a batch, `C` for one image.
    @exclusivity(unchecked) public private(set) var mask = Tensor<Scalar>()
    @exclusivity(unchecked) private var generator: RandomGenerator

    /// A spatial dropout layer drawing its masks from `generator`; stops unless `0 <= p < 1`.
    public init(_ p: Scalar = 0.5, generator: RandomGenerator) {
        wickPrecondition(p >= 0 && p < 1, "nn.SpatialDropout: p must be in [0, 1), got \(p)")
        self.p = p
        self.generator = generator
    }

    /// A spatial dropout layer seeded from the global generator (`p` 0.5 by default, as in Torch7).
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
        let (n, c, h, w) = checkImages(input, planes: nil, minimumHeight: 1, minimumWidth: 1)
        if input.rank == 4 { mask.resize(rows: n, columns: c) } else { mask.resize(count: c) }
        drawInvertedDropoutMask(&mask, p: p, generator: &generator)
        output.resize(like: input)
        // y = x · mask of its map
        input.withUnsafeBufferPointer { x in
            mask.withUnsafeBufferPointer { m in
                output.withUnsafeMutableBufferPointer { y in
                    scalePlanes(x.baseAddress!, by: m.baseAddress!, planes: n * c, planeSize: h * w, into: y.baseAddress!)
                }
            }
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        guard isTraining && p > 0 else {
            gradInput.assign(gradOutput)
            return gradInput
        }
        // dx = dy · mask of its map
        gradInput.resize(like: gradOutput)
        let planeSize = gradOutput.count / Swift.max(mask.count, 1)
        gradOutput.withUnsafeBufferPointer { dy in
            mask.withUnsafeBufferPointer { m in
                gradInput.withUnsafeMutableBufferPointer { dx in
                    scalePlanes(dy.baseAddress!, by: m.baseAddress!, planes: mask.count, planeSize: planeSize, into: dx.baseAddress!)
                }
            }
        }
        return gradInput
    }

    /// The mask generator's current state (saved with the model).
    var generatorState: RandomGenerator { generator }

    public func clearState() {
        output = Tensor(); gradInput = Tensor(); mask = Tensor()
    }

    public var description: String { "nn.SpatialDropout(\(p))" }
}

// How a model file records this module (see ModuleRegistry).
extension SpatialDropout: SerializableModule {
    public static var kind: String { "SpatialDropout" }
    public func record() -> ModuleRecord<Scalar> {
        var hyper: [(name: String, value: HyperParameter)] = [("p", .double(Double(p))), ("generator", .words(generatorState.state))]
        if let spare = generatorState.pendingNormal { hyper.append(("pendingNormal", .double(spare))) }
        return ModuleRecord(kind: Self.kind, hyperParameters: hyper)
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> SpatialDropout {
        let p = try r.scalar("p"), words = try r.words("generator")
        guard p >= 0, p < 1, words.count == 4 else { throw ModelFileError.corrupted("SpatialDropout has p \(p) or a bad generator state") }
        let spare = r.hyperParameters.first { $0.name == "pendingNormal" }.flatMap { if case let .double(v) = $0.value { v } else { nil } }
        return SpatialDropout(p, generator: RandomGenerator(state: words, spareNormal: spare))
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        let inEvaluation = SpatialDropout(0.5)
        inEvaluation.evaluate()
        return [ModuleExample(SpatialDropout(0.5), input: [3, 4, 3, 2], note: "training, batch"),
                ModuleExample(SpatialDropout(0.25), input: [5, 3, 2], note: "training, one image"),
                ModuleExample(inEvaluation, input: [2, 3, 3, 2], note: "evaluation")]
    }
}
