// Too small, about right, too large: the same network trained with three learning rates.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct LearningRate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learning-rate", abstract: "Loss curves for a too small, a good and a too large learning rate.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Epochs.") var epochs = 40
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/learning-rate).") var output: String?

    func run() throws {
        machine.report()
        var generator = RandomGenerator(seed: seed)
        let (x, labels) = SyntheticData.twoMoons(count: 400, noise: 0.15, generator: &generator, as: Double.self)
        let data = TensorDataset(inputs: x, targets: labels)
        var chart = Chart(title: "Learning rate", xLabel: "epoch", yLabel: "training loss")
        chart.yScale = .logarithmic
        for (name, rate) in [("too small", 0.001), ("about right", 0.5), ("too large", 8.0)] {
            manualSeed(seed)
            let model = Sequential<Double> { Linear(2, 16); Tanh(); Linear(16, 2) }
            let trainer = Trainer(model: model, criterion: CrossEntropyCriterion(), optimizer: SGD(model.getParameters(), learningRate: rate))
            trainer.epochs = epochs
            trainer.progress = .quiet
            let losses: [Double]
            do {
                losses = try trainer.fit(data).trainLosses
            } catch let error as TrainingError {
                print("learning rate \(rate) (\(name)): \(error)")
                continue
            }
            print("learning rate \(rate) (\(name)): loss \(fixed(losses.first!)) -> \(fixed(losses.last!)), \(Self.trend(losses))")
            chart.addLine(y: losses, label: "\(rate) (\(name))")
        }
        try save(chart, "loss.svg", in: try outputDirectory("learning-rate", override: output))
    }

    /// How the loss moved: it oscillates when it rose by more than a fifth in some epoch (minibatch
    /// noise moves a well-chosen rate's loss up by a few percent at most), else it fell, steadily
    /// when it ended below half its first value.
    static func trend(_ losses: [Double]) -> String {
        let steps = zip(losses, losses.dropFirst())
        let rises = steps.filter { $1 > $0 }.count
        let largestRise = steps.map { ($1 - $0) / $0 }.max() ?? 0
        if largestRise > 0.2 {
            return "oscillates (the loss rose in \(rises) of \(losses.count - 1) epochs, by up to \(Int((largestRise * 100).rounded()))% in one)"
        }
        return losses.last! < losses.first! / 2 ? "falls steadily" : "falls slowly"
    }
}
