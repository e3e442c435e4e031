// A Torch7 homework script ported line by line: an MLP on MNIST-format images with `nn.View`,
// `nn.Linear`, `nn.ReLU`, `nn.Dropout`, `nn.LogSoftMax`, `nn.ClassNLLCriterion`,
// `getParameters`, `optim.sgd` with a `feval` closure, `optim.ConfusionMatrix`,
// `model:apply(reset)`, `torch.Timer`, `lapp` options, mean/std normalisation, `randperm`
// shuffling and `torch.save`. Docs/Porting.md walks through it next to the Lua it replaces.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct Torch7Port: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "torch7-port",
        abstract: "A Torch7 MNIST-MLP homework script ported to Wick (Docs/Porting.md), on Fashion-MNIST or MNIST.")

    @OptionGroup var machine: MachineOptions

    // lapp's options: `-r,--learningRate (default 0.01)` becomes an @Option with the same default.
    @Option(help: "Passes over the training set.") var epochs = 10
    @Option(help: "Minibatch size.") var batchSize = 32
    @Option(help: "SGD's learning rate.") var learningRate: Float = 0.01
    @Option(help: "SGD's momentum.") var momentum: Float = 0.9
    @Option(help: "SGD's L2 weight decay (Torch7's weightDecay).") var weightDecay: Float = 0
    @Option(help: "Hidden units in each of the two hidden layers.") var hidden = 256
    @Option(help: "Dropout probability after the first hidden layer.") var dropout: Float = 0.2
    @Option(help: "Seed for the weights, dropout masks and shuffles (torch.manualSeed).") var seed: UInt64 = 1
    @Option(help: "Use only the first N training images (default: all).") var trainLimit: Int?
    @Option(help: "Use only the first N test images (default: all).") var testLimit: Int?
    @Option(help: "fashion (Fashion-MNIST, from Debian's dataset-fashion-mnist) or mnist (the digits' files in --data-directory).")
    var dataset = "fashion"
    @Option(help: "The directory holding the four MNIST-format files (default: Fashion-MNIST's).") var dataDirectory: String?
    @Option(help: "Output folder for the model and the plot (default output/torch7-port).") var output: String?

    func run() throws {
        machine.report()
        // torch.manualSeed(opt.seed)
        manualSeed(seed)

        // ---- Data: trainset = mnist.traindataset(); the images are N x 1 x 28 x 28, pixels 0...255.
        let (trainSet, testSet) = try loadData()
        let classes = trainSet.classNames
        print("\(dataset): \(trainSet.count) training and \(testSet.count) test images, \(classes.count) classes")

        // mean = trainset.data:mean(); std = trainset.data:std(); data:add(-mean):div(std)
        // The test set is normalised with the training set's statistics.
        let mean = trainSet.images.mean(), std = trainSet.images.std()
        let trainImages = (trainSet.images - mean) / std
        let testImages = (testSet.images - mean) / std
        print("normalised with the training mean \(fixed(Double(mean), 2)) and standard deviation \(fixed(Double(std), 2))")

        // ---- Model
        let model = Sequential<Float> {
            View(28 * 28)
            Linear(28 * 28, hidden)
            ReLU(true)
            Dropout(dropout)
            Linear(hidden, hidden)
            ReLU(true)
            Linear(hidden, classes.count)
            LogSoftMax()
        }
        let criterion = ClassNLLCriterion<Float>()

        // model:apply(function(m) if m.weight then m.weight:normal(0, math.sqrt(2 / fanIn)) ... end)
        // He initialisation of every Linear, the homework's `reset` function.
        model.apply { module in
            guard let linear = module as? Linear<Float> else { return }
            let deviation = (2 / Float(linear.inputSize)).squareRoot()
            linear.weight = Tensor.normal(shape: [linear.outputSize, linear.inputSize], standardDeviation: deviation)
            linear.bias = Tensor.zeros(shape: [linear.outputSize])
        }
        print(model)

        // parameters, gradParameters = model:getParameters()
        let parameters = model.getParameters()
        print("\(parameters.count) parameters")
        // optimState = {learningRate = ..., momentum = ..., weightDecay = ...}
        let sgd = SGD(parameters, learningRate: learningRate, weightDecay: weightDecay, momentum: momentum, dampening: 0)

        // confusion = optim.ConfusionMatrix(classes)
        var confusion = ConfusionMatrix(classNames: classes)
        var trainAccuracies: [Double] = [], testAccuracies: [Double] = []
        var inputs = Tensor<Float>(), targets: [Int] = []

        for epoch in 1...epochs {
            // local timer = torch.Timer(); local shuffle = torch.randperm(trainset.size)
            let timer = Stopwatch()
            let shuffle = randperm(trainSet.count)
            model.training()
            var lossSum = 0.0
            for start in stride(from: 0, to: trainSet.count, by: batchSize) {
                let indices = Array(shuffle[start..<min(start + batchSize, trainSet.count)])
                inputs.gatherRows(indices[...], from: trainImages)
                targets = indices.map { trainSet.labels[$0] }

                // local feval = function(x) ... return f, gradParameters end; optim.sgd(feval, parameters, optimState)
                let loss = sgd.step {
                    model.zeroGradParameters()
                    let outputs = model.forward(inputs)
                    let f = criterion.forward(outputs, targets)
                    model.backward(inputs, criterion.backward(outputs, targets))
                    confusion.batchAdd(scores: outputs, targets: targets)
                    return f
                }
                lossSum += Double(loss) * Double(indices.count)
            }
            // print(confusion); confusion:zero()
            let seconds = timer.time().real
            trainAccuracies.append(confusion.totalValid)
            let testConfusion = evaluate(model, testImages, testSet.labels, classes)
            testAccuracies.append(testConfusion.totalValid)
            print("epoch \(epoch)/\(epochs): loss \(fixed(lossSum / Double(trainSet.count))), "
                  + "train accuracy \(fixed(confusion.totalValid)), test accuracy \(fixed(testConfusion.totalValid)), "
                  + "\(fixed(seconds * 1000 / Double(trainSet.count), 3)) ms per sample")
            confusion.zero()
        }

        // The test set's confusion matrix, as Torch7 prints it.
        let testConfusion = evaluate(model, testImages, testSet.labels, classes)
        print(testConfusion)
        print("test accuracy: \(fixed(testConfusion.totalValid)) (average per class \(fixed(testConfusion.averageValid)))")

        // torch.save(opt.save .. '/model.net', model): Wick's own file, and the same model as a .t7.
        let folder = try outputDirectory("torch7-port", override: output)
        model.clearState()
        let file = folder.appendingPathComponent("mlp.wick"), t7 = folder.appendingPathComponent("mlp.t7")
        try model.save(to: file)
        try model.saveTorch7(to: t7)
        print("saved \(file.path) and \(t7.path)")

        var chart = Chart(title: "Accuracy", xLabel: "epoch", yLabel: "accuracy")
        chart.addLine(x: (1...epochs).map(Double.init), y: trainAccuracies, label: "training (dropout on)")
        chart.addLine(x: (1...epochs).map(Double.init), y: testAccuracies, label: "test")
        try save(chart, "accuracy.svg", in: folder)
    }

    /// The training and test images of `--dataset`, limited as asked.
    func loadData() throws -> (LabeledImages<Float>, LabeledImages<Float>) {
        switch dataset {
        case "fashion":
            let directory = dataDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? FashionMNIST.defaultDirectory
            return (try FashionMNIST.load(.train, directory: directory, limit: trainLimit),
                    try FashionMNIST.load(.test, directory: directory, limit: testLimit))
        case "mnist":
            guard let dataDirectory else { throw ValidationError("--dataset mnist needs --data-directory (MNIST is not packaged for Debian)") }
            let directory = URL(fileURLWithPath: dataDirectory, isDirectory: true)
            return (try MNIST.load(.train, directory: directory, limit: trainLimit),
                    try MNIST.load(.test, directory: directory, limit: testLimit))
        default:
            throw ValidationError("--dataset is fashion or mnist, not \(dataset)")
        }
    }

    /// The confusion matrix of `model` on `images` in evaluation mode (no dropout), in batches of 1000.
    func evaluate(_ model: Sequential<Float>, _ images: Tensor<Float>, _ labels: [Int], _ classes: [String]) -> ConfusionMatrix {
        model.evaluate()
        var confusion = ConfusionMatrix(classNames: classes)
        for start in stride(from: 0, to: labels.count, by: 1000) {
            let end = min(start + 1000, labels.count)
            confusion.batchAdd(scores: model.forward(images[rows: start..<end]), targets: Array(labels[start..<end]))
        }
        model.training()
        return confusion
    }
}
