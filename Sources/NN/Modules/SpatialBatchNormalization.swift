/// Batch normalization of image batches `N x C x H x W` (Torch7's `nn.SpatialBatchNormalization`):
/// each of the `C` channels is centred and scaled by statistics over the batch and every pixel of
/// the channel (`N·H·W` values), then by a learnable gain and shift,
///
/// ```
/// y = (x − μ) / √(σ² + ε) · γ + β
/// ```
///
/// - In training mode μ and σ² are the channel's mean and biased variance over those `m = N·H·W`
///   values, and the gradient runs through them. Each forward also moves the running estimates:
///   `runningMean ← (1 − momentum)·runningMean + momentum·μ` and
///   `runningVar ← (1 − momentum)·runningVar + momentum·σ²·m/(m − 1)` (the unbiased variance).
/// - After ``evaluate()`` μ and σ² are ``runningMean`` and ``runningVar``: the layer is a fixed
///   affine map per channel, and so is its gradient. It then also takes one image (`C x H x W`).
///
/// γ (``weight``) and β (``bias``) are the layer's parameters when `affine` (the default); they
/// start, as in Torch7, uniform in [0, 1) and at 0. The running statistics start at 0 and 1; they
/// are saved with the model but are not parameters (``parameters()`` is `[weight, bias]`, or
/// empty), and ``clearState()`` keeps them. Statistics are summed in `Double` for `Float` data.
///
/// Differences from Torch7: training on a single value per channel (one 1x1 image) stops with a
/// message (Torch7 would write NaN into the running variance), and the description is Torch7's,
/// `nn.SpatialBatchNormalization (4D) (C)`, whatever `eps`, `momentum` and `affine`.
public final class SpatialBatchNormalization<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// The number of channels (feature planes) `C`.
    public let featureCount: Int
    /// ε, added to the variance before its square root (Torch7's default 1e-5).
    public let eps: Double
    /// The weight of the new batch in the running statistics (Torch7's default 0.1).
    public let momentum: Double
    /// γ, one per channel, and its gradient; nil without `affine`.
    public let weightParameter: Parameter<Scalar>?
    /// β, one per channel, and its gradient; nil without `affine`.
    public let biasParameter: Parameter<Scalar>?
    private let parameterList: [Parameter<Scalar>]
    private let normalizer: BatchNormalizer<Scalar>

    /// Normalizes `featureCount` channels, with a learnable `weight` and `bias` when `affine`,
    /// the weight drawn from `generator`.
    public init(_ featureCount: Int, eps: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true,
                generator: inout RandomGenerator) {
        checkBatchNormalizationArguments("nn.SpatialBatchNormalization", featureCount, eps, momentum)
        self.featureCount = featureCount
        self.eps = eps
        self.momentum = momentum
        weightParameter = affine ? Parameter(name: "weight", shape: [featureCount]) : nil
        biasParameter = affine ? Parameter(name: "bias", shape: [featureCount]) : nil
        parameterList = [weightParameter, biasParameter].compactMap { $0 }
        normalizer = BatchNormalizer(channels: featureCount, eps: eps, momentum: momentum)
        reset(generator: &generator)
    }

    /// Normalizes `featureCount` channels; the weight is drawn from the global generator.
    public convenience init(_ featureCount: Int, eps: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true) {
        var generator = withGlobalGenerator { RandomGenerator(seed: $0.next()) }
        self.init(featureCount, eps: eps, momentum: momentum, affine: affine, generator: &generator)
    }

    /// Whether the layer has a learnable weight and bias.
    public var affine: Bool { weightParameter != nil }
    /// γ (`featureCount`), nil without `affine`.
    public var weight: Tensor<Scalar>? {
        get { weightParameter?.value }
        set { if let newValue { weightParameter?.value = newValue } }
    }
    /// β (`featureCount`), nil without `affine`.
    public var bias: Tensor<Scalar>? {
        get { biasParameter?.value }
        set { if let newValue { biasParameter?.value = newValue } }
    }
    /// The accumulated gradient of γ, nil without `affine`.
    public var gradWeight: Tensor<Scalar>? {
        get { weightParameter?.grad }
        set { if let newValue { weightParameter?.grad = newValue } }
    }
    /// The accumulated gradient of β, nil without `affine`.
    public var gradBias: Tensor<Scalar>? {
        get { biasParameter?.grad }
        set { if let newValue { biasParameter?.grad = newValue } }
    }
    /// The running mean of each channel (`featureCount`), what evaluation mode subtracts. A copy;
    /// setting copies in (the shape must match).
    public var runningMean: Tensor<Scalar> {
        get { normalizer.tensor(normalizer.runningMean) }
        set { normalizer.set(normalizer.runningMean, to: newValue, "runningMean", description) }
    }
    /// The running (unbiased) variance of each channel (`featureCount`), what evaluation mode
    /// divides by. A copy; setting copies in (the shape must match).
    public var runningVar: Tensor<Scalar> {
        get { normalizer.tensor(normalizer.runningVar) }
        set { normalizer.set(normalizer.runningVar, to: newValue, "runningVar", description) }
    }

    public func parameters() -> [Parameter<Scalar>] { parameterList }

    /// γ uniform in [0, 1) from `generator`, β = 0, running mean 0 and variance 1 (Torch7's reset).
    public func reset(generator: inout RandomGenerator) {
        if let weightParameter {
            for i in 0..<featureCount { weightParameter.valuePointer[i] = Scalar(generator.uniform()) }
        }
        biasParameter?.valuePointer.update(repeating: 0, count: featureCount)
        normalizer.resetRunningStatistics()
    }

    public func reset() {
        var generator = withGlobalGenerator { RandomGenerator(seed: $0.next()) }
        reset(generator: &generator)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let layout = checkInput(input)
        if isTraining { checkBatchStatistics(layout, input.shape) }
        output.resize(like: input)
        let (w, b) = (weightParameter?.valuePointer, biasParameter?.valuePointer)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                if isTraining {
                    normalizer.measureBatch(x.baseAddress!, layout)  // μ, σ² of the batch; running ones updated
                } else {
                    normalizer.recallRunningStatistics()             // μ, σ² = runningMean, runningVar
                }
                normalizer.normalize(x.baseAddress!, into: y.baseAddress!, layout, weight: w, bias: b)  // y = x̂γ + β
            }
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        backward(input, gradOutput, inputGradient: true, scale: 1, parameterGradients: false)
        return gradInput
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func accGradParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) {
        guard affine else { return }
        backward(input, gradOutput, inputGradient: false, scale: scale, parameterGradients: true)
    }

    /// Both gradients from one pass over the channel sums (Torch7's single THNN call).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) -> Tensor<Scalar> {
        backward(input, gradOutput, inputGradient: true, scale: scale, parameterGradients: affine)
        return gradInput
    }

    private func backward(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>,
                          inputGradient: Bool, scale: Scalar, parameterGradients: Bool) {
        let layout = checkInput(input)
        checkGradOutput(gradOutput)
        let w = weightParameter?.valuePointer
        let gw = parameterGradients ? weightParameter?.gradPointer : nil
        let gb = parameterGradients ? biasParameter?.gradPointer : nil
        if inputGradient { gradInput.resize(like: input) }
        input.withUnsafeBufferPointer { x in
            gradOutput.withUnsafeBufferPointer { g in
                if inputGradient {
                    gradInput.withUnsafeMutableBufferPointer { dx in
                        normalizer.backward(x.baseAddress!, g.baseAddress!, layout, weight: w, dx: dx.baseAddress!,
                                            gradWeight: gw, gradBias: gb, scale: scale)
                    }
                } else {
                    normalizer.backward(x.baseAddress!, g.baseAddress!, layout, weight: w, dx: nil,
                                        gradWeight: gw, gradBias: gb, scale: scale)
                }
            }
        }
    }

    /// The layout of a batch `N x C x H x W`, or of one image `C x H x W` in evaluation mode.
    private func checkInput(_ input: Tensor<Scalar>) -> ChannelLayout {
        let shape = input.shape
        if shape.count == 4 && shape[1] == featureCount {
            return ChannelLayout(batch: shape[0], channels: featureCount, plane: shape[2] * shape[3])
        }
        if shape.count == 3 && shape[0] == featureCount && !isTraining {
            return ChannelLayout(batch: 1, channels: featureCount, plane: shape[1] * shape[2])
        }
        wickFatalError("\(description): expected a batch Nx\(featureCount)xHxW (or, in evaluation mode, one image \(featureCount)xHxW), got \(formatShape(shape))")
    }

    public var description: String { "nn.SpatialBatchNormalization (4D) (\(featureCount))" }
}

// How a model file records this module (see ModuleRegistry).
extension SpatialBatchNormalization: SerializableModule {
    public static var kind: String { "SpatialBatchNormalization" }
    public func record() -> ModuleRecord<Scalar> {
        batchNormalizationRecord(kind: Self.kind, featureCount, eps, momentum, runningMean, runningVar, weight, bias)
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> SpatialBatchNormalization {
        let stored = try BatchNormalizationRecord(r)
        var generator = RandomGenerator(seed: 0)  // overwritten below
        let m = SpatialBatchNormalization(stored.featureCount, eps: stored.eps, momentum: stored.momentum,
                                          affine: stored.affine, generator: &generator)
        m.runningMean = stored.runningMean
        m.runningVar = stored.runningVar
        if let weight = stored.weight, let bias = stored.bias { m.weight = weight; m.bias = bias }
        return m
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        // Evaluation mode after two training batches, so that the running statistics are not 0 and 1.
        let inEvaluation = SpatialBatchNormalization(3, momentum: 0.3)
        var generator = RandomGenerator(seed: 8)
        for _ in 0..<2 { _ = inEvaluation.forward(Tensor.uniform(shape: [2, 3, 3, 5], low: -2, high: 3, generator: &generator)) }
        inEvaluation.evaluate()
        let imageInEvaluation = SpatialBatchNormalization(3, affine: false)
        _ = imageInEvaluation.forward(Tensor.uniform(shape: [2, 3, 1, 3], low: 0, high: 5, generator: &generator))
        imageInEvaluation.evaluate()
        return [ModuleExample(SpatialBatchNormalization(3), input: [2, 3, 5, 3], note: "training, affine"),
                ModuleExample(SpatialBatchNormalization(5, affine: false), input: [3, 5, 3, 1], note: "training, no affine"),
                ModuleExample(inEvaluation, input: [3, 3, 3, 5], note: "evaluation, affine"),
                ModuleExample(imageInEvaluation, input: [3, 5, 3], note: "evaluation, one image, no affine")]
    }
}
