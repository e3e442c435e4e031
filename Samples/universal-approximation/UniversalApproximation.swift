// Universal approximation, the way the lecture builds it: two shifted sigmoids make a step,
// their difference makes a bump, and a sum of bumps approximates sin(x). Then a network with
// one hidden layer learns the same curve by gradient descent.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct UniversalApproximation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "universal-approximation", abstract: "Steps and bumps from sigmoids; a 1-hidden-layer net fitting sin(x).")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Bumps in the hand-built approximation.") var bumps = 20
    @Option(help: "Hidden units of the trained network.") var hidden = 20
    @Option(help: "Training epochs.") var epochs = 3000
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/universal-approximation).") var output: String?

    func sigmoid(_ z: Double) -> Double { 1 / (1 + Foundation.exp(-z)) }

    func run() throws {
        machine.report()
        let xs = Tensor<Double>.linspace(0, 2 * Double.pi, count: 200)
        let target = xs.scalars.map { Foundation.sin($0) }

        // A bump of height h on [a, b): σ(k(x − a)) − σ(k(x − b)), with a steep k.
        let width = 2 * Double.pi / Double(bumps), k = 200.0
        let handBuilt = xs.scalars.map { x in
            (0..<bumps).reduce(0.0) { sum, i in
                let a = Double(i) * width, b = a + width
                return sum + Foundation.sin(a + width / 2) * (sigmoid(k * (x - a)) - sigmoid(k * (x - b)))
            }
        }
        let handError = zip(handBuilt, target).map { abs($0 - $1) }.max()!
        print("\(bumps) bumps from \(2 * bumps) sigmoids: largest error \(fixed(handError))")

        manualSeed(seed)
        let model = Sequential<Double> { Linear(1, hidden); Sigmoid(); Linear(hidden, 1) }
        let x = xs.reshaped(200, 1), y = Tensor<Double>(shape: [200, 1], scalars: target)
        let trainer = Trainer(model: model, criterion: MSECriterion(), optimizer: Adam(model.getParameters(), learningRate: 0.01))
        trainer.epochs = epochs
        trainer.batchSize = 200
        trainer.progress = .quiet
        let history = try trainer.fit(TensorDataset(inputs: x, targets: y))
        let fitted = model.forward(x).scalars
        let netError = zip(fitted, target).map { abs($0 - $1) }.max()!
        print("1-\(hidden)-1 sigmoid network after \(epochs) epochs: loss \(fixed(history.trainLosses.last!, 6)), largest error \(fixed(netError))")

        let directory = try outputDirectory("universal-approximation", override: output)
        var steps = Chart(title: "A step and a bump from two sigmoids", xLabel: "x", yLabel: "y")
        let grid = xs.scalars
        steps.addLine(x: grid, y: grid.map { sigmoid(10 * ($0 - 2)) }, label: "σ(10(x − 2))")
        steps.addLine(x: grid, y: grid.map { sigmoid(10 * ($0 - 4)) }, label: "σ(10(x − 4))")
        steps.addLine(x: grid, y: grid.map { sigmoid(10 * ($0 - 2)) - sigmoid(10 * ($0 - 4)) }, label: "difference: a bump")
        try save(steps, "steps-and-bumps.svg", in: directory)
        var fit = Chart(title: "Approximating sin(x)", xLabel: "x", yLabel: "y")
        fit.addLine(x: grid, y: target, label: "sin(x)", dashed: true)
        fit.addLine(x: grid, y: handBuilt, label: "\(bumps) bumps")
        fit.addLine(x: grid, y: fitted, label: "trained network")
        try save(fit, "sine.svg", in: directory)
    }
}
