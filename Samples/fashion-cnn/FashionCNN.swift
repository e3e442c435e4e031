// A convolutional network on Fashion-MNIST: the lectures' LeNet ("convolutional NNs apply
// convolutions with trainable weights: weight sharing"), with batch normalization, trained by
// Wick's Trainer on the 60,000 training images and tested on the 10,000 test images.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct FashionCNN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fashion-cnn",
        abstract: "Train a LeNet-style CNN with batch normalization on Fashion-MNIST (`make deps-data` installs it).")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Training epochs.") var epochs = 5
    @Option(help: "Minibatch size.") var batchSize = 64
    @Option(help: "Adam's learning rate at the start.") var learningRate: Float = 2e-3
    @Option(help: "The factor the learning rate is multiplied by after each epoch.") var learningRateDecay: Float = 0.7
    @Option(help: "Seed for initialisation and shuffling.") var seed: UInt64 = 1
    @Option(help: "Use only the first N training images (default: all 60,000).") var trainLimit: Int?
    @Option(help: "Use only the first N test images (default: all 10,000).") var testLimit: Int?
    @Option(help: "The directory holding the Fashion-MNIST files.")
    var dataDirectory = FashionMNIST.defaultDirectory.path
    @Option(help: "Output folder (default output/fashion-cnn).") var output: String?
    @Flag(help: "No progress bar and no per-epoch lines from the Trainer (the results are still printed).") var quiet = false

    func run() throws {
        machine.report()
        let directory = URL(fileURLWithPath: dataDirectory, isDirectory: true)
        let trainSet = try FashionMNIST.load(.train, as: Float.self, directory: directory, limit: trainLimit)
        let testSet = try FashionMNIST.load(.test, as: Float.self, directory: directory, limit: testLimit)
        // Pixels scaled from 0...255 to [0, 1]; batch normalization takes care of the rest.
        let train = TensorDataset(inputs: trainSet.images / 255, targets: trainSet.labels)
        let test = TensorDataset(inputs: testSet.images / 255, targets: testSet.labels)
        let classNames = FashionMNIST.classNames
        print("Fashion-MNIST: \(train.count) training and \(test.count) test images of 28x28 pixels, 10 classes")

        #if DEBUG
        print("note: this is a debug build, which trains about 50 times slower: use `swift run -c release fashion-cnn` (or `make demo`)")
        #endif
        manualSeed(seed)
        let model = fashionCNN()
        print(model)
        print("\(model.getParameters().count) parameters")

        let optimizer = Adam(model.getParameters(), learningRate: learningRate)
        let batchesPerEpoch = (train.count + batchSize - 1) / batchSize
        optimizer.schedule = .step(every: batchesPerEpoch, factor: learningRateDecay)
        let trainer = Trainer(model: model, criterion: CrossEntropyCriterion<Float>(), optimizer: optimizer)
        trainer.batchSize = batchSize
        trainer.epochs = epochs
        trainer.generator = RandomGenerator(seed: seed)
        trainer.progress = quiet ? .quiet : .automatic
        let history = try trainer.fit(train, validation: test)
        let seconds = history.epochs.map(\.seconds).reduce(0, +)
        print("trained \(epochs) epoch\(epochs == 1 ? "" : "s") in \(fixed(seconds, 1)) s "
              + "(\(Int(Double(train.count * epochs) / max(seconds, 1e-9))) images/s)")

        model.evaluate()
        let predictions = predictedClasses(of: model, test.inputs)
        let correct = zip(predictions, test.targets).filter { $0 == $1 }.count
        let accuracy = Double(correct) / Double(max(test.count, 1))
        print("test accuracy: \(fixed(accuracy)) (\(correct) of \(test.count))")
        // Torch7's optim.ConfusionMatrix: rows are the true classes, columns the predicted ones.
        var confusion = ConfusionMatrix(classNames: classNames)
        confusion.batchAdd(predictions: predictions, targets: test.targets)
        print(confusion)

        // Save, reload, and check the reloaded model gives the same scores.
        let outputFolder = try outputDirectory("fashion-cnn", override: output)
        let file = outputFolder.appendingPathComponent("fashion-cnn.wick")
        try model.save(to: file)
        let reloaded = try Sequential<Float>.load(from: file)
        reloaded.evaluate()
        let probe = test.inputs[rows: 0..<min(test.count, 500)]
        let same = reloaded.forward(probe) == model.forward(probe)
        print("saved \(file.path) and reloaded it: \(same ? "identical" : "DIFFERENT") outputs")

        try drawPlots(history: history, model: model, test: test, predictions: predictions, confusion: confusion.matrix,
                      in: outputFolder)
    }

    func drawPlots(
        history: TrainingHistory, model: Sequential<Float>, test: TensorDataset<Float, [Int]>, predictions: [Int],
        confusion: [[Int]], in directory: URL
    ) throws {
        let classNames = FashionMNIST.classNames
        var loss = Chart(title: "Loss", xLabel: "epoch", yLabel: "cross-entropy")
        loss.addLine(x: history.epochs.map { Double($0.epoch) }, y: history.trainLosses, label: "training")
        loss.addLine(x: history.epochs.map { Double($0.epoch) }, y: history.validationLosses, label: "test")
        var accuracy = Chart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy")
        accuracy.addLine(x: history.epochs.map { Double($0.epoch) }, y: history.trainAccuracies, label: "training")
        accuracy.addLine(x: history.epochs.map { Double($0.epoch) }, y: history.validationAccuracies, label: "test")
        accuracy.legendPosition = .bottomRight
        try save(loss, "loss.svg", in: directory)
        try save(accuracy, "accuracy.svg", in: directory)
        try save(ConfusionMatrixPlot(matrix: confusion, classNames: classNames, title: "Fashion-MNIST, test set"),
                 "confusion.svg", in: directory)

        // The first layer's 16 learned 5x5 filters, each on its own scale (blue negative, red positive).
        let convolution = model[0] as! SpatialConvolution<Float>
        let filters = (0..<convolution.nOutputPlane).map { k in convolution.weight.row(k).scalars.map(Double.init) }
        try save(ImageGrid(images: filters, imageWidth: 5, imageHeight: 5, columns: 8,
                           captions: filters.indices.map { "filter \($0)" },
                           title: "First layer's learned filters", colorMap: .diverging, scaling: .perImage,
                           pixelSize: 12), "filters.svg", in: directory)

        // Up to 24 misclassified test images, captioned "true → predicted".
        let wrong = predictions.indices.filter { predictions[$0] != test.targets[$0] }.prefix(24)
        if !wrong.isEmpty {
            try save(ImageGrid(images: wrong.map { test.inputs.row($0).scalars.map(Double.init) },
                               imageWidth: 28, imageHeight: 28, columns: 6,
                               captions: wrong.map { "\(classNames[test.targets[$0]]) → \(classNames[predictions[$0]])" },
                               title: "Misclassified test images (true → predicted)", scaling: .fixed(0...1),
                               pixelSize: 5), "misclassified.svg", in: directory)
        }
    }
}
