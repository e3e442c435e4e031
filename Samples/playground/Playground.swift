// The TensorFlow-playground experience from the command line: pick a 2-D dataset, noise, the
// hidden layers, activation, learning rate, regularization and batch size; watch train and test
// loss per epoch; get the decision regions and loss curves as SVG.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

enum PlaygroundData: String, ExpressibleByArgument, CaseIterable {
    case circle, xor, gaussian, spiral
}

enum Activation: String, ExpressibleByArgument, CaseIterable {
    case tanh, relu, sigmoid, linear
}

enum Penalty: String, ExpressibleByArgument, CaseIterable {
    case none, l1, l2
}

@main
struct Playground: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playground", abstract: "Train a small classifier on a 2-D dataset, TensorFlow-playground style.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Dataset: \(PlaygroundData.allCases.map(\.rawValue).joined(separator: ", ")).") var dataset = PlaygroundData.circle
    @Option(help: "Noise (0 to 0.5, in the units of the data).") var noise = 0.1
    @Option(help: "Points in all.") var points = 500
    @Option(help: "Share of the points used for training.") var trainRatio = 0.5
    @Option(help: "Hidden layer sizes, comma separated (e.g. 4,2); empty for a linear model.") var hidden = "4,2"
    @Option(help: "Activation: \(Activation.allCases.map(\.rawValue).joined(separator: ", ")).") var activation = Activation.tanh
    @Option(help: "Learning rate.") var learningRate = 0.03
    @Option(help: "Regularization: none, l1, l2.") var regularization = Penalty.none
    @Option(help: "Regularization rate.") var regularizationRate = 0.001
    @Option(help: "Batch size.") var batchSize = 10
    @Option(help: "Epochs.") var epochs = 100
    @Option(help: "Print a line every this many epochs.") var every = 10
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/playground).") var output: String?

    func makeData(_ g: inout RandomGenerator) -> (x: Tensor<Double>, labels: [Int]) {
        switch dataset {
        case .circle: return SyntheticData.circles(count: points, factor: 0.5, noise: noise, generator: &g)
        case .xor: return SyntheticData.xor(count: points, noise: noise, generator: &g)
        case .gaussian:
            return SyntheticData.blobs(count: points, centers: [[-1, -1], [1, 1]], standardDeviation: 0.3 + noise, generator: &g)
        case .spiral: return SyntheticData.spirals(count: points, noise: noise, generator: &g)
        }
    }

    func run() throws {
        machine.report()
        let sizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard sizes.allSatisfy({ ($0 ?? 0) > 0 }) else { throw ValidationError("--hidden must list positive sizes, got '\(hidden)'") }
        guard trainRatio > 0, trainRatio < 1 else { throw ValidationError("--train-ratio must be between 0 and 1") }
        var generator = RandomGenerator(seed: seed)
        let (x, labels) = makeData(&generator)
        let order = generator.permutation(labels.count)
        let trainCount = Int(Double(labels.count) * trainRatio)
        let train = TensorDataset(inputs: x.selecting(rows: Array(order[..<trainCount])), targets: order[..<trainCount].map { labels[$0] })
        let test = TensorDataset(inputs: x.selecting(rows: Array(order[trainCount...])), targets: order[trainCount...].map { labels[$0] })

        manualSeed(seed)
        let model = Sequential<Double>()
        var width = 2
        for size in sizes.compactMap({ $0 }) {
            model.add(Linear(width, size))
            appendActivation(to: model)
            width = size
        }
        model.add(Linear(width, 2))
        print(model)

        let optimizer = SGD(model.getParameters(), learningRate: learningRate,
                            weightDecay: regularization == .l2 ? regularizationRate : 0,
                            l1: regularization == .l1 ? regularizationRate : 0)
        let trainer = Trainer(model: model, criterion: CrossEntropyCriterion(), optimizer: optimizer)
        trainer.batchSize = batchSize
        trainer.epochs = epochs
        trainer.generator = RandomGenerator(seed: seed)
        trainer.progress = .quiet
        trainer.onEpoch = { record in
            if record.epoch % max(every, 1) == 0 || record.epoch == 1 {
                print("epoch \(record.epoch): train loss \(fixed(record.trainLoss)), test loss \(fixed(record.validationLoss ?? .nan))")
            }
        }
        let history = try trainer.fit(train, validation: test)
        print("test accuracy: \(fixed(history.validationAccuracies.last ?? 0))")

        let directory = try outputDirectory("playground", override: output)
        let (px, py) = columns(x)
        let pad = 0.2
        let xRange = (px.min()! - pad)...(px.max()! + pad), yRange = (py.min()! - pad)...(py.max()! + pad)
        var regions = Chart(title: "\(dataset.rawValue), hidden \(hidden), \(activation.rawValue)", xLabel: "x₁", yLabel: "x₂")
        regions.equalAspect = true
        regions.addDecisionRegions(xRange: xRange, yRange: yRange, resolution: 80) { a, b in
            predictedClasses(model.forward(Tensor([a, b])))[0]
        }
        regions.addScatter(x: px, y: py, classes: labels)
        try save(regions, "regions.svg", in: directory)
        var losses = Chart(title: "Loss", xLabel: "epoch", yLabel: "cross-entropy")
        losses.addLine(y: history.trainLosses, label: "train")
        losses.addLine(y: history.validationLosses, label: "test")
        try save(losses, "loss.svg", in: directory)
    }

    func appendActivation(to model: Sequential<Double>) {
        switch activation {
        case .tanh: model.add(Tanh<Double>())
        case .relu: model.add(ReLU<Double>())
        case .sigmoid: model.add(Sigmoid<Double>())
        case .linear: break
        }
    }
}
