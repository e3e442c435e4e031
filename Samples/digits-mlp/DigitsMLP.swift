// Softmax classification of handwritten digits with a multi-layer perceptron: the lectures'
// "softmax classifier" notebook, trained with Wick's Trainer, comparing three optimizers.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct DigitsMLP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digits-mlp",
        abstract: "Classify 8x8 digits with an MLP and CrossEntropyCriterion; compare SGD, momentum and Adam.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Training epochs for each optimizer.") var epochs = 30
    @Option(help: "Minibatch size.") var batchSize = 32
    @Option(help: "Hidden units.") var hidden = 64
    @Option(help: "Seed for initialisation and shuffling.") var seed: UInt64 = 1
    @Option(help: "How many images train, drawn at random with the seed; the rest test.") var trainCount = 1400
    @Option(help: "Output folder (default output/digits-mlp).") var output: String?
    @Flag(help: "No progress bar and no per-epoch lines from the Trainer (the results are still printed).") var quiet = false

    func run() throws {
        machine.report()
        // A seeded shuffle before the split, so both sets mix all the writers.
        let (train, test) = try shuffledDigits(seed: seed, trainCount: trainCount)
        print("digits: \(train.count) training and \(test.count) test images of 8x8 pixels, 10 classes")

        let optimizers: [(name: String, make: (FlatParameters<Float>) -> any Optimizer<Float>)] = [
            ("SGD", { SGD($0, learningRate: 0.1) }),
            ("SGD + momentum", { SGD($0, learningRate: 0.05, momentum: 0.9, dampening: 0) }),
            ("Adam", { Adam($0, learningRate: 0.003) }),
        ]
        var histories: [(String, TrainingHistory)] = []
        var best: (model: Sequential<Float>, accuracy: Double)?
        for (name, make) in optimizers {
            manualSeed(seed)  // the same initial weights for every optimizer
            let model = Sequential<Float> { Linear(64, hidden); ReLU(); Linear(hidden, 10) }
            let trainer = Trainer(model: model, criterion: CrossEntropyCriterion<Float>(), optimizer: make(model.getParameters()))
            trainer.batchSize = batchSize
            trainer.epochs = epochs
            trainer.generator = RandomGenerator(seed: seed)
            trainer.progress = quiet ? .quiet : .automatic
            print("\n\(name):")
            let history = try trainer.fit(train, validation: test)
            let accuracy = history.validationAccuracies.last ?? 0
            print("\(name): final train loss \(fixed(history.trainLosses.last ?? .nan)), test accuracy \(fixed(accuracy))")
            histories.append((name, history))
            if best == nil || accuracy > best!.accuracy { best = (model, accuracy) }
        }

        let (model, bestAccuracy) = best!
        model.evaluate()
        let predictions = model.forward(test.inputs).argmax(alongDimension: 1)
        let testLabels = test.targets
        print("\nbest test accuracy: \(fixed(bestAccuracy))")
        // Torch7's optim.ConfusionMatrix: rows are the true digits, columns the predicted ones.
        var confusion = ConfusionMatrix(classNames: (0...9).map(String.init))
        confusion.batchAdd(predictions: predictions, targets: testLabels)
        print(confusion)

        // Save, reload, and check the reloaded model predicts the same.
        let directory = try outputDirectory("digits-mlp", override: output)
        let file = directory.appendingPathComponent("digits-mlp.wick")
        try model.save(to: file)
        let reloaded = try Sequential<Float>.load(from: file)
        let same = reloaded.forward(test.inputs) == model.forward(test.inputs)
        print("saved \(file.path) and reloaded it: \(same ? "identical" : "DIFFERENT") predictions")

        var loss = Chart(title: "Training loss", xLabel: "epoch", yLabel: "cross-entropy")
        var accuracy = Chart(title: "Test accuracy", xLabel: "epoch", yLabel: "accuracy")
        loss.yScale = .logarithmic
        accuracy.legendPosition = .bottomRight
        for (name, history) in histories {
            loss.addLine(y: history.trainLosses, label: name)
            accuracy.addLine(y: history.validationAccuracies, label: name)
        }
        try save(loss, "loss.svg", in: directory)
        try save(accuracy, "accuracy.svg", in: directory)
        try save(ConfusionMatrixPlot(matrix: confusion.matrix, classNames: (0...9).map(String.init), title: "Digits, test set"),
                 "confusion.svg", in: directory)
        let firstTest = (0..<20).map { test.inputs.row($0).scalars.map(Double.init) }
        try save(ImageGrid(images: firstTest, imageWidth: 8, imageHeight: 8,
                           captions: (0..<20).map { "\(predictions[$0]) (\(testLabels[$0]))" },
                           title: "Predicted (true) digits"), "predictions.svg", in: directory)
    }
}
