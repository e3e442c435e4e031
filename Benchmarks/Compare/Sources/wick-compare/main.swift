// Wick's side of `make bench-compare`: runs one case and prints `<case> <seconds per operation>`
// (the median of several timed rounds), or `<case> <GFLOP/s>` for the GEMM peaks.
//
//   wick-compare <case> [--rounds R] [--no-sharing]
//
// `--no-sharing` turns off Wick's two-thread split of mid-sized products
// (`BLAS.usesHelperThread`), to measure what it brings.
//
// The reference scripts in Reference/ run the same cases in PyTorch and scikit-learn/NumPy, and
// compare.py interleaves the three and prints the table.
import Foundation
import Synchronization
import Wick

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// The median over `rounds` of the mean time of one `body()`, each round lasting about 0.2 s.
func measure(rounds: Int, _ body: () -> Void) -> Double {
    for _ in 0..<3 { body() }  // warm up: buffers, caches, OpenBLAS threads
    let start = now()
    var calibration = 0
    while now() - start < 0.05 { body(); calibration += 1 }
    let perRound = max(1, Int(0.2 / ((now() - start) / Double(calibration))))
    var times: [Double] = []
    for _ in 0..<rounds {
        let t0 = now()
        for _ in 0..<perRound { body() }
        times.append((now() - t0) / Double(perRound))
    }
    return times.sorted()[times.count / 2]
}

/// For operations of seconds: the median of `rounds` single calls, without warm-up calls.
func measureOnce(rounds: Int, _ body: () -> Void) -> Double {
    let times = (0..<rounds).map { _ in
        let t0 = now()
        body()
        return now() - t0
    }
    return times.sorted()[times.count / 2]
}

/// Fashion-MNIST's images scaled to [0, 1] as `N x 784` rows, and labels.
func fashionRows<S: TensorScalar>(_ split: MNISTSplit, _: S.Type) -> (Tensor<S>, [Int]) {
    let set = try! FashionMNIST.load(split, as: S.self)
    return (set.images.reshaped(set.count, 784) / 255, set.labels)
}

func mlp<S: TensorScalar>(_ sizes: [Int], relu: Bool, _: S.Type) -> Sequential<S> {
    let model = Sequential<S>()
    for i in 0..<(sizes.count - 1) {
        model.add(Linear(sizes[i], sizes[i + 1]))
        if i < sizes.count - 2 { if relu { model.add(ReLU()) } else { model.add(Tanh()) } }
    }
    return model
}

/// One training step: forward, criterion, backward (no input gradient, as PyTorch), SGD.
func trainingStep<S: TensorScalar>(_ sizes: [Int], batch: Int, relu: Bool, classes: Bool, _: S.Type, rounds: Int) -> Double {
    manualSeed(1)
    let model = mlp(sizes, relu: relu, S.self)
    let optimizer = SGD(model.getParameters(), learningRate: 0.01)
    var g = RandomGenerator(seed: 1)
    let x = Tensor<S>.uniform(shape: [batch, sizes[0]], low: -1, high: 1, generator: &g)
    if classes {
        let labels = (0..<batch).map { $0 % sizes.last! }
        let criterion = CrossEntropyCriterion<S>()
        return measure(rounds: rounds) {
            let output = model.forward(x)
            _ = criterion.forward(output, labels)
            optimizer.zeroGrad()
            model.backwardParameters(x, criterion.backward(output, labels), scale: 1)
            optimizer.step()
        }
    }
    let y = Tensor<S>.uniform(shape: [batch, sizes.last!], low: -1, high: 1, generator: &g)
    let criterion = MSECriterion<S>()
    return measure(rounds: rounds) {
        let output = model.forward(x)
        _ = criterion.forward(output, y)
        optimizer.zeroGrad()
        model.backwardParameters(x, criterion.backward(output, y), scale: 1)
        optimizer.step()
    }
}

/// A LeNet-style network on 28x28 images: two 5x5 convolutions (6 and 16 planes) with ReLU and
/// 2x2 max pooling, then 256-120-84-10.
func leNet() -> Sequential<Float> {
    Sequential<Float> {
        SpatialConvolution(1, 6, 5, 5); ReLU(); SpatialMaxPooling(2, 2)
        SpatialConvolution(6, 16, 5, 5); ReLU(); SpatialMaxPooling(2, 2)
        View(-1).setNumInputDims(3)
        Linear(256, 120); ReLU(); Linear(120, 84); ReLU(); Linear(84, 10)
    }
}

/// One training step of an image classifier on a batch of 64 28x28 images (as ``trainingStep``):
/// the LeNet case with SGD, the fashion-cnn case with Adam, as the sample trains it.
func imageClassifierStep(_ model: Sequential<Float>, _ optimizer: any Optimizer<Float>, rounds: Int) -> Double {
    var g = RandomGenerator(seed: 1)
    let x = Tensor<Float>.uniform(shape: [64, 1, 28, 28], generator: &g)
    let labels = (0..<64).map { $0 % 10 }
    let criterion = CrossEntropyCriterion<Float>()
    return measure(rounds: rounds) {
        let output = model.forward(x)
        _ = criterion.forward(output, labels)
        optimizer.zeroGrad()
        model.backwardParameters(x, criterion.backward(output, labels), scale: 1)
        optimizer.step()
    }
}

/// The network of the `fashion-cnn` sample (Samples/fashion-cnn/FashionCNN.swift), layer for
/// layer; Reference/torch_cases.py builds the same in PyTorch.
func fashionCNN() -> Sequential<Float> {
    Sequential<Float> {
        SpatialConvolution(1, 32, 5, 5, 1, 1, 2, 2); SpatialBatchNormalization(32); ReLU(); SpatialMaxPooling(2, 2, 2, 2)
        SpatialConvolution(32, 64, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(64); ReLU(); SpatialMaxPooling(2, 2, 2, 2)
        View(64 * 7 * 7)
        Linear(64 * 7 * 7, 256); BatchNormalization(256); ReLU(); Dropout(0.5)
        Linear(256, 10)
    }
}

/// The `fashion-resnet` sample's network (Samples/fashion-resnet/FashionResNet.swift) at its
/// default width 32: a 3x3 stem and 2x2 max pooling, three residual blocks (`ConcatTable`,
/// `CAddTable`), average pooling, dropout 0.3, `Linear`; Reference/torch_cases.py builds the same
/// in PyTorch.
func fashionResNet(width w: Int = 32) -> Sequential<Float> {
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
    return Sequential<Float> {
        SpatialConvolution(1, w, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(w); ReLU()
        SpatialMaxPooling(2, 2, 2, 2)
        block(w, w, stride: 1); block(w, 2 * w, stride: 2); block(2 * w, 4 * w, stride: 2)
        SpatialAveragePooling(4, 4)
        View(-1).setNumInputDims(3)
        Dropout(0.3)
        Linear(4 * w, 10)
    }
}

/// One epoch of the fashion-cnn sample's training (the Trainer, batch 64, shuffled, Adam 2e-3) on
/// the 60,000 training images, then the test accuracy (returned as a note).
func fashionEpoch(rounds: Int) -> (Double, String) {
    let train = try! FashionMNIST.load(.train, as: Float.self), test = try! FashionMNIST.load(.test, as: Float.self)
    let trainSet = TensorDataset(inputs: train.images / 255, targets: train.labels)
    let testSet = TensorDataset(inputs: test.images / 255, targets: test.labels)
    var accuracy = 0.0
    let seconds = measureOnce(rounds: rounds) {
        manualSeed(1)
        let model = fashionCNN()
        let trainer = Trainer(model: model, criterion: CrossEntropyCriterion<Float>(),
                              optimizer: Adam(model.getParameters(), learningRate: 2e-3))
        trainer.batchSize = 64
        trainer.epochs = 1
        trainer.progress = .quiet
        _ = try! trainer.fit(trainSet)
        accuracy = trainer.evaluate(testSet).accuracy ?? 0
    }
    return (seconds, "accuracy=" + String(format: "%.4f", accuracy))
}

/// Forward and backward of a convolutional block, 3 -> 64 -> 64 planes, 3x3 kernels with padding
/// 1 and ReLU, on a batch of 32 32x32 images, with a fixed output gradient (no input gradient).
func convolutionBlock(rounds: Int) -> Double {
    manualSeed(1)
    let block = Sequential<Float> { SpatialConvolution(3, 64, 3, 3, 1, 1, 1); ReLU(); SpatialConvolution(64, 64, 3, 3, 1, 1, 1); ReLU() }
    var g = RandomGenerator(seed: 1)
    let x = Tensor<Float>.uniform(shape: [32, 3, 32, 32], generator: &g)
    let dy = Tensor<Float>.uniform(shape: [32, 64, 32, 32], low: -1, high: 1, generator: &g)
    return measure(rounds: rounds) {
        _ = block.forward(x)
        block.zeroGradParameters()
        block.backwardParameters(x, dy, scale: 1)
    }
}

func gemmPeak<S: TensorScalar>(_: S.Type, n: Int, rounds: Int) -> Double {
    var g = RandomGenerator(seed: 3)
    let a = Tensor<S>.uniform(shape: [n, n], generator: &g), b = Tensor<S>.uniform(shape: [n, n], generator: &g)
    var c = Tensor<S>.zeros(n, n)
    let seconds = a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                measure(rounds: rounds) {
                    gemm(transposeA: false, transposeB: false, m: n, n: n, k: n, alpha: 1, a: pa.baseAddress!, lda: n,
                         b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
    }
    return 2 * Double(n * n * n) / seconds / 1e9
}

func normalMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Tensor<Double> {
    var g = RandomGenerator(seed: seed)
    return Tensor<Double>.normal(shape: [rows, columns], generator: &g)
}

// Wick's own programs start with the better OpenBLAS kernel when OpenBLAS would run a generic one.
BLAS.restartWithRecommendedKernel()
let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: wick-compare <case> [--rounds R] [--no-sharing] [--width W (fashion-resnet)]; cases: mlp-tiny mlp-small-float mlp-small-double mlp-large mlp-large-inference lenet conv-block fashion-cnn fashion-cnn-inference fashion-epoch fashion-resnet sgemm-peak dgemm-peak pca knn-l2 knn-l1 knn-fashion pca-fashion ridge lstsq round-trip config")
    exit(2)
}
let name = arguments[1]
let rounds = arguments.firstIndex(of: "--rounds").map { Int(arguments[$0 + 1])! } ?? 5
let large = [784, 512, 512, 10]
if arguments.contains("--no-sharing") { BLAS.usesHelperThread = false }

/// The time, in seconds, for one value to go from this thread to another and back: a cache line's
/// round trip between two cores, the floor of every hand-over to Wick's helper thread.
func roundTrip() -> Double {
    final class Lines: Sendable {
        let ping = Atomic<Int>(0), pong = Atomic<Int>(0)
    }
    let lines = Lines(), count = 200_000
    let other = Thread {
        for i in 1...count {
            while lines.ping.load(ordering: .acquiring) != i {}
            lines.pong.store(i, ordering: .releasing)
        }
    }
    other.start()
    let start = now()
    for i in 1...count {
        lines.ping.store(i, ordering: .releasing)
        while lines.pong.load(ordering: .acquiring) != i {}
    }
    return (now() - start) / Double(count)
}

let value: Double
var note = ""
switch name {
case "config":
    print("openblas \(BLAS.configuration); threads \(BLAS.numThreads)")
    exit(0)
case "kernel":
    // The machine line of the table, then the kernel Wick's own programs would start with.
    print(BLAS.kernelSummary)
    print("recommended \(BLAS.recommendedCoreType ?? "none")")
    exit(0)
case "round-trip": value = roundTrip()
case "mlp-tiny": value = trainingStep([2, 16, 1], batch: 1, relu: false, classes: false, Float.self, rounds: rounds)
case "mlp-small-float": value = trainingStep([64, 128, 10], batch: 64, relu: true, classes: true, Float.self, rounds: rounds)
case "mlp-small-double": value = trainingStep([64, 128, 10], batch: 64, relu: true, classes: true, Double.self, rounds: rounds)
case "mlp-large": value = trainingStep(large, batch: 128, relu: true, classes: true, Float.self, rounds: rounds)
case "lenet":
    manualSeed(1)
    let model = leNet()
    value = imageClassifierStep(model, SGD(model.getParameters(), learningRate: 0.01), rounds: rounds)
case "conv-block": value = convolutionBlock(rounds: rounds)
case "fashion-cnn":
    manualSeed(1)
    let model = fashionCNN()
    value = imageClassifierStep(model, Adam(model.getParameters(), learningRate: 2e-3), rounds: rounds)
case "fashion-resnet":
    manualSeed(1)
    let model = fashionResNet(width: arguments.firstIndex(of: "--width").map { Int(arguments[$0 + 1])! } ?? 32)
    value = imageClassifierStep(model, SGD(model.getParameters(), learningRate: 0.05, weightDecay: 5e-4, momentum: 0.9,
                                           dampening: 0, nesterov: true), rounds: rounds)
case "fashion-cnn-inference":
    manualSeed(1)
    let model = fashionCNN()
    model.evaluate()
    var g = RandomGenerator(seed: 2)
    let x = Tensor<Float>.uniform(shape: [1000, 1, 28, 28], generator: &g)
    value = measure(rounds: rounds) { _ = model.forward(x) }
case "fashion-epoch": (value, note) = fashionEpoch(rounds: rounds)
case "mlp-large-inference":
    manualSeed(1)
    let model = mlp(large, relu: true, Float.self)
    model.evaluate()
    var g = RandomGenerator(seed: 2)
    let x = Tensor<Float>.uniform(shape: [1024, 784], low: -1, high: 1, generator: &g)
    value = measure(rounds: rounds) { _ = model.forward(x) }
case "sgemm-peak": value = gemmPeak(Float.self, n: 1024, rounds: rounds)
case "dgemm-peak": value = gemmPeak(Double.self, n: 1024, rounds: rounds)
case "pca":
    let x = normalMatrix(20000, 256, seed: 4)
    value = measure(rounds: rounds) {
        var pca = PCA<Double>(components: 10)
        try! pca.fit(x)
    }
case "knn-l2", "knn-l1":
    let train = normalMatrix(20000, 64, seed: 5), queries = normalMatrix(2000, 64, seed: 6)
    var g = RandomGenerator(seed: 7)
    let labels = (0..<20000).map { _ in g.integer(in: 0..<10) }
    var knn = KNearestNeighborsClassifier<Double>(k: 5, metric: name == "knn-l2" ? .l2 : .l1)
    try! knn.fit(train, labels)
    value = measure(rounds: rounds) { _ = try! knn.predict(queries) }
case "knn-fashion":
    let (train, labels) = fashionRows(.train, Float.self), (test, testLabels) = fashionRows(.test, Float.self)
    var knn = KNearestNeighborsClassifier<Float>(k: 5, metric: .l2)
    try! knn.fit(train, labels)
    var predictions: [Int] = []
    value = measureOnce(rounds: rounds) { predictions = try! knn.predict(test) }
    note = "accuracy=" + String(format: "%.4f", Double(zip(predictions, testLabels).filter { $0 == $1 }.count) / Double(testLabels.count))
case "pca-fashion":
    let (train, _) = fashionRows(.train, Double.self)
    value = measureOnce(rounds: rounds) {
        var pca = PCA<Double>(components: 50)
        try! pca.fit(train)
    }
case "ridge":
    let x = normalMatrix(100_000, 50, seed: 8), y = normalMatrix(100_000, 1, seed: 9)
    value = measure(rounds: rounds) {
        var ridge = Ridge<Double>(lambda: 1)
        try! ridge.fit(x, y)
    }
case "lstsq":
    let x = normalMatrix(100_000, 50, seed: 8), y = normalMatrix(100_000, 1, seed: 9)
    value = measure(rounds: rounds) { _ = try! leastSquares(x, y) }
default:
    print("unknown case \(name)")
    exit(2)
}
print("\(name) \(value) \(note)")
