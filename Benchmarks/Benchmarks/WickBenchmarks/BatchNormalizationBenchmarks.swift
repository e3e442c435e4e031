// Batch normalization: a forward and backward of each layer, and a whole training step of a model
// with one, must not allocate after the first (malloc count 0), and their times guard the
// per-channel loops (statistics summed in Double, one pass per sum).
import Benchmark
import NN
import WickCore

/// A layer with its input and output gradient, owned by a box so buffers have one owner.
private final class LayerStep<Scalar: TensorScalar>: @unchecked Sendable {
    let layer: any Module<Scalar>
    let x: Tensor<Scalar>, g: Tensor<Scalar>

    init(_ layer: any Module<Scalar>, shape: [Int]) {
        self.layer = layer
        var generator = RandomGenerator(seed: 4)
        x = Tensor.uniform(shape: shape, low: -1, high: 3, generator: &generator)
        g = Tensor.uniform(shape: shape, low: -1, high: 1, generator: &generator)
    }

    func run() {
        _ = layer.forward(x)
        _ = layer.backward(x, g)
    }
}

/// A training step of `Linear(64, 128) → BatchNormalization(128) → ReLU → Linear(128, 10)`.
private final class NormalizedStep: @unchecked Sendable {
    let model: Sequential<Float>
    let optimizer: SGD<Float>
    let criterion = CrossEntropyCriterion<Float>()
    let x: Tensor<Float>
    let labels: [Int]

    init() {
        manualSeed(1)
        model = Sequential<Float> { Linear(64, 128); BatchNormalization(128); ReLU(); Linear(128, 10) }
        optimizer = SGD(model.getParameters(), learningRate: 0.01, momentum: 0.9, dampening: 0)
        var g = RandomGenerator(seed: 2)
        x = Tensor.uniform(shape: [64, 64], low: -1, high: 1, generator: &g)
        labels = (0..<64).map { $0 % 10 }
    }

    func run() {
        let output = model.forward(x)
        _ = criterion.forward(output, labels)
        optimizer.zeroGrad()
        model.backward(x, criterion.backward(output, labels))
        optimizer.step()
    }
}

/// Registers the batch-normalization benchmarks.
func registerBatchNormalizationBenchmarks() {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds, warmupIterations: 3, maxDuration: .seconds(2))
    let flat = LayerStep<Float>(BatchNormalization(512), shape: [128, 512])
    Benchmark("BatchNormalization(512) forward+backward, batch 128, Float", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { flat.run() }
    }
    let spatial = LayerStep<Float>(SpatialBatchNormalization(16), shape: [64, 16, 28, 28])
    Benchmark("SpatialBatchNormalization(16) forward+backward, batch 64x16x28x28, Float", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { spatial.run() }
    }
    let spatialDouble = LayerStep<Double>(SpatialBatchNormalization(16), shape: [64, 16, 28, 28])
    Benchmark("SpatialBatchNormalization(16) forward+backward, batch 64x16x28x28, Double", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { spatialDouble.run() }
    }
    let step = NormalizedStep()
    let defaultThreads = BLAS.numThreads
    let oneThread = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 3, maxDuration: .seconds(2),
        setup: { BLAS.numThreads = 1 }, teardown: { BLAS.numThreads = defaultThreads })
    Benchmark("training step 64-128-BN-10, batch 64, Float, 1 BLAS thread", configuration: oneThread) { benchmark in
        for _ in benchmark.scaledIterations { step.run() }
    }
}
