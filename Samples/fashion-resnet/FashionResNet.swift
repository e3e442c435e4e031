// A small residual network on Fashion-MNIST: three stages of basic residual blocks with batch
// normalization (Torch7's ConcatTable → CAddTable → ReLU), global average pooling and a linear
// classifier, trained with Wick's Trainer.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct FashionResNet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fashion-resnet",
        abstract: "Classify Fashion-MNIST with a small residual network (32/64/128 channels by default, one block per stage).")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Training epochs.") var epochs = 8
    @Option(help: "Minibatch size.") var batchSize = 64
    @Option(help: "The optimizer: sgd (with Nesterov momentum), or adam.") var optimizer = "sgd"
    @Option(help: "The learning rate at the start (0.05 for SGD, 0.002 for Adam by default).") var learningRate: Float?
    @Option(help: "SGD's momentum (with --optimizer sgd).") var momentum: Float = 0.9
    @Option(help: "The factor the learning rate is multiplied by after each epoch.") var learningRateDecay: Float = 0.6
    @Option(help: "The L2 penalty on the weights (weight decay; 5e-4 for SGD, 0 for Adam by default).") var weightDecay: Float?
    @Option(help: "Dropout probability before the last Linear layer (0: none).") var dropout: Float = 0.3
    @Option(help: "Channels of the first stage (doubled at each of the next two).") var width = 32
    @Option(help: "Training images used (the first ones of the 60,000).") var trainLimit = 60_000
    @Option(help: "Test images used (the first ones of the 10,000).") var testLimit = 10_000
    @Option(help: "Seed for initialisation and shuffling.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/fashion-resnet).") var output: String?
    @Flag(help: "No progress bar and no per-epoch lines from the Trainer (the results are still printed).") var quiet = false

    /// A basic residual block: two 3x3 convolutions with batch normalization on one branch and
    /// the input (or, when the block changes the size, a strided 1x1 convolution) on the other,
    /// added and passed through a ReLU.
    static func block(_ input: Int, _ output: Int, stride: Int) -> Sequential<Float> {
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

    /// The network: a 3x3 stem on the 28x28 image and 2x2 max pooling (as ResNet's stem ends in a
    /// pooling), three stages (14x14, 7x7, 4x4), average pooling over the whole 4x4 map and a
    /// linear layer to the ten classes.
    static func network(width w: Int, dropout: Float) -> Sequential<Float> {
        Sequential<Float> {
            SpatialConvolution(1, w, 3, 3, 1, 1, 1, 1); SpatialBatchNormalization(w); ReLU()
            SpatialMaxPooling(2, 2, 2, 2)
            block(w, w, stride: 1)
            block(w, 2 * w, stride: 2)
            block(2 * w, 4 * w, stride: 2)
            SpatialAveragePooling(4, 4)
            View(-1).setNumInputDims(3)
            if dropout > 0 { Dropout(dropout) }
            Linear(4 * w, 10)
        }
    }

    /// The predicted classes of `inputs`, a few hundred images at a time.
    static func predictions(_ model: Sequential<Float>, _ inputs: Tensor<Float>) -> (classes: [Int], scores: Tensor<Float>) {
        var classes: [Int] = [], chunks: [Tensor<Float>] = []
        for start in stride(from: 0, to: inputs.shape[0], by: 500) {
            let scores = model.forward(inputs[rows: start..<min(start + 500, inputs.shape[0])])
            classes += scores.argmax(alongDimension: 1)
            chunks.append(scores)
        }
        return (classes, Tensor.concatenated(chunks, alongDimension: 0))
    }

    func run() throws {
        machine.report()
        let trainSet = try FashionMNIST.load(.train, as: Float.self, limit: trainLimit)
        let testSet = try FashionMNIST.load(.test, as: Float.self, limit: testLimit)
        let train = TensorDataset(inputs: trainSet.images / 255, targets: trainSet.labels)
        let test = TensorDataset(inputs: testSet.images / 255, targets: testSet.labels)
        print("fashion-mnist: \(train.count) training and \(test.count) test images of 1x28x28, 10 classes")

        manualSeed(seed)
        let model = Self.network(width: width, dropout: dropout)
        print(model)
        print("\(model.parameterCount) parameters")
        let schedule = LearningRateSchedule<Float>.step(every: (train.count + batchSize - 1) / batchSize, factor: learningRateDecay)
        let optimizer: any Optimizer<Float>
        switch self.optimizer {
        case "adam":
            let adam = Adam(model.getParameters(), learningRate: learningRate ?? 0.002, weightDecay: weightDecay ?? 0)
            adam.schedule = schedule
            optimizer = adam
        case "sgd":  // PyTorch's form of Nesterov momentum (no dampening)
            let sgd = SGD(model.getParameters(), learningRate: learningRate ?? 0.05, weightDecay: weightDecay ?? 5e-4,
                          momentum: momentum, dampening: 0, nesterov: true)
            sgd.schedule = schedule
            optimizer = sgd
        default:
            throw ValidationError("--optimizer: adam or sgd, got \(self.optimizer)")
        }
        let trainer = Trainer(model: model, criterion: CrossEntropyCriterion<Float>(), optimizer: optimizer)
        trainer.batchSize = batchSize
        trainer.epochs = epochs
        trainer.generator = RandomGenerator(seed: seed)
        trainer.progress = quiet ? .quiet : .automatic
        let start = Date()
        let history = try trainer.fit(train, validation: test)
        let seconds = Date().timeIntervalSince(start)
        for record in history.epochs where quiet {  // the Trainer's own lines show the same otherwise
            print("epoch \(record.epoch): train loss \(fixed(record.trainLoss)), test accuracy \(fixed(record.validationAccuracy ?? .nan)), \(fixed(record.seconds, 1)) s")
        }
        print("trained in \(fixed(seconds, 1)) s (\(fixed(seconds / Double(max(epochs, 1)), 1)) s per epoch, validation included)")

        model.evaluate()
        let (predicted, scores) = Self.predictions(model, test.inputs)
        let correct = zip(predicted, testSet.labels).filter { $0 == $1 }.count
        print("test accuracy: \(fixed(Double(correct) / Double(testSet.labels.count)))")
        let confusion = confusionMatrix(testSet.labels, predicted, classCount: 10)
        print("confusion matrix (rows: true class, columns: predicted):")
        for (i, row) in confusion.enumerated() {
            print("  \(testSet.classNames[i].padding(toLength: 11, withPad: " ", startingAt: 0)) " + row.map { String(format: "%4d", $0) }.joined(separator: " "))
        }

        // Save, reload, and check that the reloaded network computes the same scores.
        let directory = try outputDirectory("fashion-resnet", override: output)
        let file = directory.appendingPathComponent("fashion-resnet.wick")
        try model.save(to: file)
        let reloaded = try Sequential<Float>.load(from: file)
        let same = Self.predictions(reloaded, test.inputs).scores == scores
        print("saved \(file.path) and reloaded it: \(same ? "identical" : "DIFFERENT") outputs")

        var loss = Chart(title: "Training loss", xLabel: "epoch", yLabel: "cross-entropy")
        loss.addLine(y: history.trainLosses, label: "train")
        var accuracy = Chart(title: "Test accuracy", xLabel: "epoch", yLabel: "accuracy")
        accuracy.addLine(y: history.validationAccuracies, label: "test")
        accuracy.legendPosition = .bottomRight
        try save(loss, "loss.svg", in: directory)
        try save(accuracy, "accuracy.svg", in: directory)
        try save(ConfusionMatrixPlot(matrix: confusion, classNames: testSet.classNames, title: "Fashion-MNIST, test set"),
                 "confusion.svg", in: directory)
    }
}
