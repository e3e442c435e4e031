// Neural-network benchmarks:
// - whole training steps (forward, criterion, backward, SGD) must not allocate after the first
//   (malloc count 0; measured with one BLAS thread, because OpenBLAS's threaded path mallocs
//   once per call on its own, and for the 64-128-10 model also on two threads, where Wick's
//   helper thread takes half of each product and loop);
// - Linear(784, 512) forward + backward on a batch of 128 against the three GEMMs it needs,
//   called directly, interleaved: "speed % of GEMMs" (target >= 91, i.e. within 1.1x);
// - optimizer steps over the 784-512-512-10 MLP's flat parameters, as memory bandwidth: "GB/s".
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

func registerNNBenchmarks() {
    registerTrainingSteps()
    registerLinearAgainstGEMMs()
    registerOptimizerBandwidth()
}
