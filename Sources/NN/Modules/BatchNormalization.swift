/// Batch normalization of `N x D` batches (Torch7's `nn.BatchNormalization`): each of the `D`
/// features is centred and scaled by statistics of the batch, then by a learnable gain and shift,
///
/// ```
/// y = (x − μ) / √(σ² + ε) · γ + β
/// ```
///
/// - In training mode μ and σ² are the feature's mean and biased variance over the `N` rows, and
///   the gradient runs through them. Each forward also moves the running estimates:
///   `runningMean ← (1 − momentum)·runningMean + momentum·μ` and
///   `runningVar ← (1 − momentum)·runningVar + momentum·σ²·N/(N − 1)` (the unbiased variance).
/// - After ``evaluate()`` μ and σ² are ``runningMean`` and ``runningVar``: the layer is a fixed
///   affine map per feature, and so is its gradient. It then also takes one sample (`D`).
///
/// γ (``weight``) and β (``bias``) are the layer's parameters when `affine` (the default); they
/// start, as in Torch7, uniform in [0, 1) and at 0. The running statistics start at 0 and 1; they
/// are saved with the model but are not parameters (``parameters()`` is `[weight, bias]`, or
/// empty), and ``clearState()`` keeps them. Statistics are summed in `Double` for `Float` data.
///
/// Differences from Torch7: training on a batch of one row stops with a message (Torch7 would
/// write NaN into the running variance), and the description is Torch7's,
/// `nn.BatchNormalization (2D) (D)`, whatever `eps`, `momentum` and `affine`.
///
/// ``SpatialBatchNormalization`` is this layer over the channels of images, as in Torch7, where
/// it is a subclass too.
public class BatchNormalization<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// The number of features `D`.
    public let featureCount: Int
    /// ε, added to the variance before its square root (Torch7's default 1e-5).
    public let eps: Double
    /// The weight of the new batch in the running statistics (Torch7's default 0.1).
    public let momentum: Double
    /// γ, one per feature, and its gradient; nil without `affine`.
    public let weightParameter: Parameter<Scalar>?
    /// β, one per feature, and its gradient; nil without `affine`.
    public let biasParameter: Parameter<Scalar>?
    private let parameterList: [Parameter<Scalar>]
    private let normalizer: BatchNormalizer<Scalar>

    /// Normalizes `featureCount` features, with a learnable `weight` and `bias` when `affine`,
    /// the weight drawn from `generator`.
    public required init(_ featureCount: Int, eps: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true,
                         generator: inout RandomGenerator) {
        checkBatchNormalizationArguments(Self.torchName, featureCount, eps, momentum)
        self.featureCount = featureCount
        self.eps = eps
        self.momentum = momentum
        weightParameter = affine ? Parameter(name: "weight", shape: [featureCount]) : nil
        biasParameter = affine ? Parameter(name: "bias", shape: [featureCount]) : nil
        parameterList = [weightParameter, biasParameter].compactMap { $0 }
        normalizer = BatchNormalizer(channels: featureCount, eps: eps, momentum: momentum)
        reset(generator: &generator)
    }

    /// Normalizes `featureCount` features; the weight is drawn from the global generator.
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
    /// The running mean of each feature (`featureCount`), what evaluation mode subtracts. A copy;
    /// setting copies in (the shape must match).
    public var runningMean: Tensor<Scalar> {
        get { normalizer.tensor(normalizer.runningMean) }
        set { normalizer.set(normalizer.runningMean, to: newValue, "runningMean", description) }
    }
    /// The running (unbiased) variance of each feature (`featureCount`), what evaluation mode
    /// divides by. A copy; setting copies in (the shape must match).
    public var runningVar: Tensor<Scalar> {
        get { normalizer.tensor(normalizer.runningVar) }
        set { normalizer.set(normalizer.runningVar, to: newValue, "runningVar", description) }
    }

    public func parameters() -> [Parameter<Scalar>] { parameterList }

    /// γ uniform in [0, 1) from `generator`, β = 0, running mean 0 and variance 1 (Torch7's reset).
    /// ``runningMean`` and ``runningVar`` in place, ``featureCount`` scalars each: what a
    /// data-parallel ``Trainer`` averages across its processes at the end of an epoch.
    var runningStatisticBuffers: [UnsafeMutablePointer<Scalar>] { [normalizer.runningMean, normalizer.runningVar] }

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
                // y = x̂γ + β, with μ and σ² of the batch in training (the running ones updated), the
                // running ones in evaluation
                normalizer.normalize(x.baseAddress!, into: y.baseAddress!, layout, weight: w, bias: b,
                                     withBatchStatistics: isTraining)
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

    /// The layout of a batch (`N x D`; `N x C x H x W` for the spatial layer), or of one sample
    /// (`D`; `C x H x W`) in evaluation mode.
    private func checkInput(_ input: Tensor<Scalar>) -> ChannelLayout {
        let shape = input.shape, rank = Self.sampleRank
        if shape.count == rank + 1 && shape[1] == featureCount {
            return ChannelLayout(batch: shape[0], channels: featureCount, plane: shape.dropFirst(2).reduce(1, *))
        }
        if shape.count == rank && shape[0] == featureCount && !isTraining {
            return ChannelLayout(batch: 1, channels: featureCount, plane: shape.dropFirst().reduce(1, *))
        }
        wickFatalError("\(description): expected \(Self.expectedInput(featureCount)), got \(formatShape(shape))")
    }

    /// The rank of one sample (1: a vector of `D` features).
    class var sampleRank: Int { 1 }
    /// Torch7's class name, for messages.
    class var torchName: String { "nn.BatchNormalization" }
    /// What the layer takes, for messages.
    class func expectedInput(_ d: Int) -> String { "a batch Nx\(d) (or, in evaluation mode, one sample of \(d))" }

    public var description: String { "\(Self.torchName) (\(Self.sampleRank + 1)D) (\(featureCount))" }

    /// The kind recorded in model files.
    public class var kind: String { "BatchNormalization" }

    /// Small examples for the registry's tests (see ``SerializableModule/examples()``).
    public class func examples() -> [ModuleExample<Scalar>] {
        // Evaluation mode after two training batches, so that the running statistics are not 0 and 1.
        let inEvaluation = BatchNormalization(5, momentum: 0.3)
        var generator = RandomGenerator(seed: 7)
        for _ in 0..<2 { _ = inEvaluation.forward(Tensor.uniform(shape: [3, 5], low: -2, high: 3, generator: &generator)) }
        inEvaluation.evaluate()
        let sampleInEvaluation = BatchNormalization(3, affine: false)
        _ = sampleInEvaluation.forward(Tensor.uniform(shape: [4, 3], low: 0, high: 5, generator: &generator))
        sampleInEvaluation.evaluate()
        return [ModuleExample(BatchNormalization(5), input: [3, 5], note: "training, affine"),
                ModuleExample(BatchNormalization(3, eps: 1e-3, affine: false), input: [2, 3], note: "training, batch of 2, no affine"),
                ModuleExample(inEvaluation, input: [3, 5], note: "evaluation, affine"),
                ModuleExample(sampleInEvaluation, input: [3], note: "evaluation, one sample, no affine")]
    }
}

// How a model file records this module (see ModuleRegistry); SpatialBatchNormalization inherits it.
extension BatchNormalization: SerializableModule {
    public func record() -> ModuleRecord<Scalar> {
        batchNormalizationRecord(kind: Self.kind, featureCount, eps, momentum, runningMean, runningVar, weight, bias)
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Self {
        let stored = try BatchNormalizationRecord(r)
        var generator = RandomGenerator(seed: 0)  // overwritten below
        let m = Self(stored.featureCount, eps: stored.eps, momentum: stored.momentum, affine: stored.affine, generator: &generator)
        m.runningMean = stored.runningMean
        m.runningVar = stored.runningVar
        if let weight = stored.weight, let bias = stored.bias { m.weight = weight; m.bias = bias }
        return m
    }
}
