// The XOR problem: no straight line separates its classes, so a linear model fails and a small
// network with one hidden layer succeeds.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct XOR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xor", abstract: "Learn XOR with a 2-16-1 Tanh network; show that a linear model cannot.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Hidden units.") var hidden = 16
    @Option(help: "Gradient steps.") var steps = 2000
    @Option(help: "Learning rate.") var learningRate = 0.1
    @Option(help: "Seed for initialisation.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/xor).") var output: String?

    func run() throws {
        machine.report()
        let (x, labels) = SyntheticData.xorTruthTable(as: Double.self)
        let y = Tensor<Double>(shape: [4, 1], scalars: labels.map(Double.init))

        func train(_ model: Sequential<Double>) -> Double {
            let criterion = MSECriterion<Double>()
            var loss = 0.0
            for _ in 0..<steps {
                let output = model.forward(x)
                loss = criterion.forward(output, y)
                model.zeroGradParameters()
                model.backward(x, criterion.backward(output, y))
                model.updateParameters(learningRate: learningRate)
            }
            return loss
        }

        manualSeed(seed)
        let linear = Sequential<Double> { Linear(2, 1) }
        let linearLoss = train(linear)
        print("linear model:   loss \(fixed(linearLoss)), outputs \(linear.forward(x).scalars.map { fixed($0, 3) })")
        manualSeed(seed)
        let network = Sequential<Double> { Linear(2, hidden); Tanh(); Linear(hidden, 1) }
        let networkLoss = train(network)
        let predictions = predictedClasses(network.forward(x))
        print("2-\(hidden)-1 network: loss \(fixed(networkLoss)), outputs \(network.forward(x).scalars.map { fixed($0, 3) })")
        print("network predictions \(predictions) for targets \(labels): \(predictions == labels ? "XOR solved" : "not solved")")

        let directory = try outputDirectory("xor", override: output)
        for (name, model) in [("linear", linear), ("network", network)] {
            var chart = Chart(title: "XOR, \(name) model", xLabel: "x₁", yLabel: "x₂")
            chart.classNames = ["0", "1"]
            chart.addDecisionRegions(xRange: -0.5...1.5, yRange: -0.5...1.5) { a, b in
                model.forward(Tensor([a, b]))[0] > 0.5 ? 1 : 0
            }
            let (px, py) = columns(x)
            chart.addScatter(x: px, y: py, classes: labels, radius: 8)
            try save(chart, "\(name)-regions.svg", in: directory)
        }
    }
}
