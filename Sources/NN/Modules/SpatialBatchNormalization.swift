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
/// - After `evaluate()` μ and σ² are `runningMean` and `runningVar`: the layer is a fixed
///   affine map per channel, and so is its gradient. It then also takes one image (`C x H x W`).
///
/// γ (`weight`) and β (`bias`) are the layer's parameters when `affine` (the default); they
/// start, as in Torch7, uniform in [0, 1) and at 0. The running statistics start at 0 and 1; they
/// are saved with the model but are not parameters (`parameters()` is `[weight, bias]`, or
/// empty), and `clearState()` keeps them. Statistics are summed in `Double` for `Float` data.
///
/// Differences from Torch7: training on a single value per channel (one 1x1 image) stops with a
/// message (Torch7 would write NaN into the running variance), and the description is Torch7's,
/// `nn.SpatialBatchNormalization (4D) (C)`, whatever `eps`, `momentum` and `affine`.
public final class SpatialBatchNormalization<Scalar: TensorScalar>: BatchNormalization<Scalar> {
    override class var sampleRank: Int { 3 }
    override class var torchName: String { "nn.SpatialBatchNormalization" }
    override class func expectedInput(_ c: Int) -> String { "a batch Nx\(c)xHxW (or, in evaluation mode, one image \(c)xHxW)" }
    override public class var kind: String { "SpatialBatchNormalization" }

    override public class func examples() -> [ModuleExample<Scalar>] {
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
