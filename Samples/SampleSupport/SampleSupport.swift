import ArgumentParser
import Foundation
import Wick

/// Where a sample writes its plots: `output/<sample>/` under the current directory (or `--output`).
public func outputDirectory(_ sample: String, override path: String? = nil) throws -> URL {
    let url = URL(fileURLWithPath: path ?? "output/\(sample)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes a plot into `directory` and says so.
public func save(_ plot: some SVGRenderable, _ name: String, in directory: URL) throws {
    let url = directory.appendingPathComponent(name)
    try plot.write(to: url)
    print("wrote \(url.path)")
}

/// `value` with `digits` decimals.
public func fixed(_ value: Double, _ digits: Int = 4) -> String {
    String(format: "%.\(digits)f", value)
}

/// The rows of an `N x 2` tensor as two coordinate lists, for scatter plots.
public func columns<Scalar: TensorScalar>(_ points: Tensor<Scalar>) -> (x: [Double], y: [Double]) {
    let s = points.scalars
    return (stride(from: 0, to: s.count, by: 2).map { Double(s[$0]) }, stride(from: 1, to: s.count, by: 2).map { Double(s[$0]) })
}

/// The predicted class of each row of a batch of scores (argmax; a single score column is read
/// as a probability of class 1).
public func predictedClasses<Scalar: TensorScalar>(_ scores: Tensor<Scalar>) -> [Int] {
    if scores.shape.last == 1 { return scores.scalars.map { $0 > 0.5 ? 1 : 0 } }
    return scores.argmax(alongDimension: -1)
}

/// The predicted class of each image of `images` (`N x ...`), the model run on `batchSize` images
/// at a time so that a whole test set never makes one huge batch (the model as it is: call
/// `evaluate()` first for batch normalization's running statistics and no dropout).
public func predictedClasses<Scalar: TensorScalar>(of model: any Module<Scalar>, _ images: Tensor<Scalar>,
                                                   batchSize: Int = 1000) -> [Int] {
    let count = images.shape[0]
    return stride(from: 0, to: count, by: batchSize).flatMap { start in
        model.forward(images[rows: start..<min(start + batchSize, count)]).argmax(alongDimension: 1)
    }
}

/// The bundled 8x8 digits, pixels scaled from 0...16 to 0...1, in a random order drawn with
/// `seed` (so that both sets mix all the writers), the first `trainCount` images for training and
/// the rest for testing: what `digits-mlp` and `distributed-training` train on.
public func shuffledDigits(seed: UInt64, trainCount: Int) throws -> (train: TensorDataset<Float, [Int]>, test: TensorDataset<Float, [Int]>) {
    let (images, allLabels) = try Digits.load(as: Float.self)
    var generator = RandomGenerator(seed: seed)
    let order = generator.permutation(allLabels.count)
    let pixels = images.selecting(rows: order) / 16
    let labels = order.map { allLabels[$0] }
    return (TensorDataset(inputs: pixels[rows: 0..<trainCount], targets: Array(labels[..<trainCount])),
            TensorDataset(inputs: pixels[rows: trainCount..<labels.count], targets: Array(labels[trainCount...])))
}

/// The network of `fashion-cnn` (and `distributed-training --dataset fashion`): LeNet's two
/// convolution blocks (`SpatialConvolution`, batch normalization, `ReLU`, 2x2 max pooling), then
/// two `Linear` layers with batch normalization and dropout between them. Shapes for one image:
/// `1x28x28 → 32x28x28 → 32x14x14 → 64x14x14 → 64x7x7 → 3136 → 256 → 10`.
/// (`Benchmarks/Reference/torch_cases.py` builds the same network in PyTorch.)
public func fashionCNN() -> Sequential<Float> {
    Sequential<Float> {
        SpatialConvolution(1, 32, 5, 5, 1, 1, 2, 2)
        SpatialBatchNormalization(32)
        ReLU()
        SpatialMaxPooling(2, 2, 2, 2)
        SpatialConvolution(32, 64, 3, 3, 1, 1, 1, 1)
        SpatialBatchNormalization(64)
        ReLU()
        SpatialMaxPooling(2, 2, 2, 2)
        View(64 * 7 * 7)
        Linear(64 * 7 * 7, 256)
        BatchNormalization(256)
        ReLU()
        Dropout(0.5)
        Linear(256, 10)
    }
}

/// The `--verbose` flag every sample has: prints the CPU, its vector features and the OpenBLAS
/// kernel in use (and where it came from: OpenBLAS's choice, or `OPENBLAS_CORETYPE`, which Wick's
/// programs set themselves when OpenBLAS would run a generic kernel; see Docs/GettingStarted.md).
public struct MachineOptions: ParsableArguments {
    @Flag(help: "Print the CPU, its vector features and the OpenBLAS kernel in use.") public var verbose = false

    public init() {}

    /// Prints the machine line when `--verbose` was given.
    public func report() {
        if verbose { print("machine: \(BLAS.kernelSummary)") }
    }
}
