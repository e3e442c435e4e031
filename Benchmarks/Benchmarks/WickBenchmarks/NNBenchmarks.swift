// Neural-network benchmarks:
// - whole training steps (forward, criterion, backward, SGD) must not allocate after the first
//   (malloc count 0; measured with one BLAS thread, because OpenBLAS's threaded path mallocs
//   once per call on its own, and for the 64-128-10 model also on two threads, where Wick's
//   helper thread takes half of each product and loop);
// - Linear(784, 512) forward + backward on a batch of 128 against the three GEMMs it needs,
//   called directly, interleaved: "speed % of GEMMs" (target >= 91, i.e. within 1.1x);
// - optimizer steps over the 784-512-512-10 MLP's flat parameters, as memory bandwidth: "GB/s";
// - a LeNet-style training step and the `fashion-cnn` sample's (batch normalization, dropout,
//   Adam) on 28x28 images (malloc count 0 on one BLAS thread, and for fashion-cnn and
//   fashion-resnet also on two), and a
//   SpatialConvolution(64, 64, 3x3, padding 1) forward+backward on 32 32x32 images against the
//   GEMMs it runs, interleaved: "speed % of GEMMs" (how much of the layer's time is GEMM).
import Benchmark
import Foundation
import NN
import WickCore

/// One training step's state, owned by a box so buffers have one owner.
final class TrainingStep<Scalar: TensorScalar>: @unchecked Sendable {
    let model: Sequential<Scalar>
    let optimizer: SGD<Scalar>
    let criterion = CrossEntropyCriterion<Scalar>()
    let x: Tensor<Scalar>
    let labels: [Int]

    init(_ sizes: [Int], batch: Int) {
        manualSeed(1)
        model = Sequential<Scalar>()
        for i in 0..<(sizes.count - 1) {
            model.add(Linear(sizes[i], sizes[i + 1]))
            if i < sizes.count - 2 { model.add(ReLU()) }
        }
        optimizer = SGD(model.getParameters(), learningRate: 0.01, momentum: 0.9, dampening: 0)
        var g = RandomGenerator(seed: 2)
        x = Tensor.uniform(shape: [batch, sizes[0]], low: -1, high: 1, generator: &g)
        labels = (0..<batch).map { $0 % sizes.last! }
    }

    func run() {
        let output = model.forward(x)
        _ = criterion.forward(output, labels)
        optimizer.zeroGrad()
        model.backward(x, criterion.backward(output, labels))
        optimizer.step()
    }
}

private func registerTrainingSteps() {
    let defaultThreads = BLAS.numThreads
    let oneThread = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 3, maxDuration: .seconds(2),
        setup: { BLAS.numThreads = 1 }, teardown: { BLAS.numThreads = defaultThreads })
    for (sizes, batch) in [([2, 16, 1], 1), ([64, 128, 10], 64), ([784, 512, 512, 10], 128)] {
        let name = sizes.map(String.init).joined(separator: "-")
        let float = TrainingStep<Float>(sizes, batch: batch)
        Benchmark("training step \(name), batch \(batch), Float, 1 BLAS thread", configuration: oneThread) { benchmark in
            for _ in benchmark.scaledIterations { float.run() }
        }
    }
    let float64 = TrainingStep<Float>([64, 128, 10], batch: 64)
    let double = TrainingStep<Double>([64, 128, 10], batch: 64)
    Benchmark("training step 64-128-10, batch 64, Double, 1 BLAS thread", configuration: oneThread) { benchmark in
        for _ in benchmark.scaledIterations { double.run() }
    }
    // On two threads this model's products and loops are shared with Wick's helper thread,
    // and OpenBLAS computes each half on one thread: still no allocation.
    let twoThreads = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 3, maxDuration: .seconds(2),
        setup: { BLAS.numThreads = 2 }, teardown: { BLAS.numThreads = defaultThreads })
    for scalar in ["Float", "Double"] {
        Benchmark("training step 64-128-10, batch 64, \(scalar), 2 threads (helper thread)", configuration: twoThreads) { benchmark in
            for _ in benchmark.scaledIterations { if scalar == "Float" { float64.run() } else { double.run() } }
        }
    }
}

@inline(__always)
private func nanoseconds(_ body: () -> Void) -> Double {
    let elapsed = ContinuousClock().measure(body)
    return Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) * 1e-9
}

private func registerLinearAgainstGEMMs() {
    let (batch, inputs, outputs) = (128, 784, 512)
    manualSeed(3)
    let layer = Linear<Float>(inputs, outputs)
    var g = RandomGenerator(seed: 4)
    let x = Tensor<Float>.uniform(shape: [batch, inputs], low: -1, high: 1, generator: &g)
    let dy = Tensor<Float>.uniform(shape: [batch, outputs], low: -1, high: 1, generator: &g)
    let w = layer.weight
    let buffers = Box((y: Tensor<Float>(), dx: Tensor<Float>(), dw: Tensor<Float>.zeros(outputs, inputs)))
    let wick: () -> Void = {
        _ = layer.forward(x)
        _ = layer.backward(x, dy)
    }
    let gemms: () -> Void = {
        Tensor.matmul(x, w, into: &buffers.state.y, transposeB: true)                // Y = X Wᵀ
        Tensor.matmul(dy, w, into: &buffers.state.dx)                                // dX = dY W
        Tensor.matmul(dy, x, into: &buffers.state.dw, transposeA: true, beta: 1)     // dW += dYᵀ X
    }
    let metric = BenchmarkMetric.custom("speed % of GEMMs", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark("Linear(784, 512) forward+backward, batch 128, Float: Wick vs its 3 GEMMs, interleaved",
              configuration: .init(metrics: [metric], maxDuration: .seconds(4))) { benchmark in
        for iteration in benchmark.scaledIterations {
            var wickTime = 0.0, gemmTime = 0.0
            if (benchmark.currentIteration + iteration).isMultiple(of: 2) {
                wickTime = nanoseconds(wick); gemmTime = nanoseconds(gemms)
            } else {
                gemmTime = nanoseconds(gemms); wickTime = nanoseconds(wick)
            }
            benchmark.measurement(metric, Int((100 * gemmTime / wickTime).rounded()))
        }
    }
}

private func registerOptimizerBandwidth() {
    let step = TrainingStep<Float>([784, 512, 512, 10], batch: 128)
    step.run()
    let parameters = step.model.getParameters()
    let count = parameters.count
    let metric = BenchmarkMetric.custom("GB/s", polarity: .prefersLarger, useScalingFactor: false)
    let optimizers: [(String, any Optimizer<Float>, Int)] = [
        // (name, optimizer, vectors read + written per step)
        ("SGD with momentum", SGD(parameters, learningRate: 0.01, momentum: 0.9, dampening: 0), 5),
        ("Adam", Adam(parameters, learningRate: 1e-3), 7),
    ]
    for (name, optimizer, vectors) in optimizers {
        let box = Box(optimizer)
        let bytes = Double(count * vectors * MemoryLayout<Float>.size)
        Benchmark("\(name) step over 784-512-512-10 (\(count) Float parameters)",
                  configuration: .init(metrics: [.wallClock, .mallocCountTotal, metric], maxDuration: .seconds(2))) { benchmark in
            for _ in benchmark.scaledIterations {
                let seconds = nanoseconds { box.state.step() } / 1e9
                benchmark.measurement(metric, Int((bytes / seconds / 1e9).rounded()))
            }
        }
    }
}

/// One training step of an image classifier on 64 28x28 images: forward, cross-entropy,
/// backward, optimizer step.
final class ImageClassifierStep: @unchecked Sendable {
    let model: Sequential<Float>
    let optimizer: any Optimizer<Float>
    let criterion = CrossEntropyCriterion<Float>()
    let x: Tensor<Float>
    let labels = (0..<64).map { $0 % 10 }

    init(_ model: Sequential<Float>, optimizer: (FlatParameters<Float>) -> any Optimizer<Float>) {
        self.model = model
        self.optimizer = optimizer(model.getParameters())
        var g = RandomGenerator(seed: 2)
        x = Tensor.uniform(shape: [64, 1, 28, 28], generator: &g)
    }

    /// LeNet-style (as wick-compare's `lenet`), SGD with momentum.
    static func leNet() -> ImageClassifierStep {
        ImageClassifierStep(Sequential<Float> {
            SpatialConvolution(1, 6, 5, 5); ReLU(); SpatialMaxPooling(2, 2)
            SpatialConvolution(6, 16, 5, 5); ReLU(); SpatialMaxPooling(2, 2)
            View(-1).setNumInputDims(3)
            Linear(256, 120); ReLU(); Linear(120, 84); ReLU(); Linear(84, 10)
        }) { SGD($0, learningRate: 0.01, momentum: 0.9, dampening: 0) }
    }

    /// The `fashion-cnn` sample's network (Samples/fashion-cnn: batch normalization in training
    /// mode, dropout), Adam as the sample trains it.
    static func fashionCNN() -> ImageClassifierStep {
        ImageClassifierStep(Sequential<Float> {
            SpatialConvolution(1, 32, 5, 5, 1, 1, 2, 2); SpatialBatchNormalization(32); ReLU(); SpatialMaxPooling(2, 2, 2, 2)
            SpatialConvolution(32, 64, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(64); ReLU(); SpatialMaxPooling(2, 2, 2, 2)
            View(64 * 7 * 7)
            Linear(64 * 7 * 7, 256); BatchNormalization(256); ReLU(); Dropout(0.5)
            Linear(256, 10)
        }) { Adam($0, learningRate: 2e-3) }
    }

    /// The `fashion-resnet` sample's network at its default width 32 (Samples/fashion-resnet:
    /// residual blocks of `ConcatTable`, `CAddTable`), SGD with Nesterov momentum as the sample
    /// trains it.
    static func fashionResNet(width w: Int = 32) -> ImageClassifierStep {
        func block(_ input: Int, _ output: Int, stride: Int) -> Sequential<Float> {
            Sequential<Float> {
                ConcatTable {
                    Sequential {
                        SpatialConvolution(input, output, 3, 3, stride, stride, 1, 1); SpatialBatchNormalization(output); ReLU()
                        SpatialConvolution(output, output, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(output)
                    }
                    if stride == 1 && input == output {
                        Identity()
                    } else {
                        Sequential { SpatialConvolution(input, output, 1, 1, stride, stride); SpatialBatchNormalization(output) }
                    }
                }
                CAddTable()
                ReLU()
            }
        }
        return ImageClassifierStep(Sequential<Float> {
            SpatialConvolution(1, w, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(w); ReLU()
            SpatialMaxPooling(2, 2, 2, 2)
            block(w, w, stride: 1); block(w, 2 * w, stride: 2); block(2 * w, 4 * w, stride: 2)
            SpatialAveragePooling(4, 4)
            View(-1).setNumInputDims(3)
            Dropout(0.3)
            Linear(4 * w, 10)
        }) { SGD($0, learningRate: 0.05, weightDecay: 5e-4, momentum: 0.9, dampening: 0, nesterov: true) }
    }

    func run() {
        let output = model.forward(x)
        _ = criterion.forward(output, labels)
        optimizer.zeroGrad()
        model.backwardParameters(x, criterion.backward(output, labels), scale: 1)
        optimizer.step()
    }
}

private func registerConvolutionBenchmarks() {
    let defaultThreads = BLAS.numThreads
    manualSeed(1)
    let leNet = ImageClassifierStep.leNet()
    Benchmark("training step LeNet 28x28, batch 64, Float, 1 BLAS thread",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds, warmupIterations: 3,
                                   maxDuration: .seconds(2), setup: { BLAS.numThreads = 1 }, teardown: { BLAS.numThreads = defaultThreads })) { benchmark in
        for _ in benchmark.scaledIterations { leNet.run() }
    }
    let fashion = ImageClassifierStep.fashionCNN()
    Benchmark("training step fashion-cnn, batch 64, Adam, Float, 1 BLAS thread",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, warmupIterations: 3,
                                   maxDuration: .seconds(3), setup: { BLAS.numThreads = 1 }, teardown: { BLAS.numThreads = defaultThreads })) { benchmark in
        for _ in benchmark.scaledIterations { fashion.run() }
    }
    let resNet = ImageClassifierStep.fashionResNet()
    Benchmark("training step fashion-resnet, batch 64, SGD, Float, 1 BLAS thread",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, warmupIterations: 3,
                                   maxDuration: .seconds(3), setup: { BLAS.numThreads = 1 }, teardown: { BLAS.numThreads = defaultThreads })) { benchmark in
        for _ in benchmark.scaledIterations { resNet.run() }
    }
    // On 2 BLAS threads the large products and the convolutions' images are cut in two for the
    // caller and the helper thread with OpenBLAS held to one thread, whose pool (which mallocs on
    // its own) is then never used: these steps allocate nothing either.
    if defaultThreads == 2 {
        Benchmark("training step fashion-cnn, batch 64, Adam, Float, 2 BLAS threads",
                  configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, warmupIterations: 3,
                                       maxDuration: .seconds(3))) { benchmark in
            for _ in benchmark.scaledIterations { fashion.run() }
        }
        Benchmark("training step fashion-resnet, batch 64, SGD, Float, 2 BLAS threads",
                  configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, warmupIterations: 3,
                                       maxDuration: .seconds(3))) { benchmark in
            for _ in benchmark.scaledIterations { resNet.run() }
        }
    }

    // The layer against its GEMMs alone (per image: W·unfolded, Wᵀ·dY, dY·unfoldedᵀ), on an image
    // unfolded beforehand: what the unfolding, folding and bias cost on top.
    let (batch, planes, side, rows, positions) = (32, 64, 32, 64 * 9, 32 * 32)
    let layer = SpatialConvolution<Float>(planes, planes, 3, 3, 1, 1, 1)
    var g = RandomGenerator(seed: 5)
    let x = Tensor<Float>.uniform(shape: [batch, planes, side, side], low: -1, high: 1, generator: &g)
    let dy = Tensor<Float>.uniform(shape: [batch, planes, side, side], low: -1, high: 1, generator: &g)
    let w = layer.weight
    let unfolded = Tensor<Float>.uniform(shape: [rows, positions], low: -1, high: 1, generator: &g)
    let buffers = Box((y: Tensor<Float>.zeros(planes, positions), dcols: Tensor<Float>.zeros(rows, positions),
                       dw: Tensor<Float>.zeros(planes, rows)))
    let wick: () -> Void = {
        _ = layer.forward(x)
        _ = layer.backward(x, dy)
    }
    let gemms: () -> Void = {
        w.withUnsafeBufferPointer { w in
            unfolded.withUnsafeBufferPointer { u in
                dy.withUnsafeBufferPointer { dy in
                    for n in 0..<batch {
                        let g = dy.baseAddress! + n * planes * positions
                        buffers.state.y.withUnsafeMutableBufferPointer {
                            gemm(w.baseAddress!, rows: planes, columns: rows, transposed: false,
                                 u.baseAddress!, rows: rows, columns: positions, transposed: false, into: $0.baseAddress!)
                        }
                        buffers.state.dcols.withUnsafeMutableBufferPointer {
                            gemm(w.baseAddress!, rows: planes, columns: rows, transposed: true,
                                 g, rows: planes, columns: positions, transposed: false, into: $0.baseAddress!)
                        }
                        buffers.state.dw.withUnsafeMutableBufferPointer {
                            gemm(g, rows: planes, columns: positions, transposed: false,
                                 u.baseAddress!, rows: rows, columns: positions, transposed: true, into: $0.baseAddress!, beta: 1)
                        }
                    }
                }
            }
        }
    }
    let metric = BenchmarkMetric.custom("speed % of GEMMs", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark("SpatialConvolution(64, 64, 3x3, pad 1) forward+backward, 32x32, batch 32, Float: Wick vs its GEMMs, interleaved",
              configuration: .init(metrics: [metric], maxDuration: .seconds(6))) { benchmark in
        for iteration in benchmark.scaledIterations {
            var wickTime = 0.0, gemmTime = 0.0
            if (benchmark.currentIteration + iteration).isMultiple(of: 2) {
                wickTime = nanoseconds(wick); gemmTime = nanoseconds(gemms)
            } else {
                gemmTime = nanoseconds(gemms); wickTime = nanoseconds(wick)
            }
            benchmark.measurement(metric, Int((100 * gemmTime / wickTime).rounded()))
        }
    }
}

func registerNNBenchmarks() {
    registerConvolutionBenchmarks()
    registerTrainingSteps()
    registerLinearAgainstGEMMs()
    registerOptimizerBandwidth()
}
