// The Torch7 gradient-check notebook: Linear(1, 2) with CrossEntropyCriterion; each weight is
// nudged in turn to estimate the gradient numerically, next to gradWeight from backward.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct GradientCheckSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradient-check",
        abstract: "Compare backpropagated gradients with central finite differences (in Double).")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Finite-difference step.") var epsilon = 1e-6
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(name: .customLong("output"), help: "Output folder (default output/gradient-check).") var outputFolder: String?

    func run() throws {
        machine.report()
        manualSeed(seed)
        let model = Linear<Double>(1, 2)
        let criterion = CrossEntropyCriterion<Double>()
        let x = Tensor<Double>([[0.5], [-1.5], [2.0]])
        let targets = [0, 1, 1]  // 0-based classes (Torch7 would write 1, 2, 2)

        func loss() -> Double { criterion.forward(model.forward(x), targets) }
        model.zeroGradParameters()
        let output = model.forward(x)
        _ = criterion.forward(output, targets)
        model.backward(x, criterion.backward(output, targets))

        var worst = 0.0
        var backpropValues: [Double] = [], numericalValues: [Double] = []
        for parameter in model.parameters() {
            let numerical = GradientCheck.numericalGradient(of: loss, parameter: parameter, perturbation: epsilon)
            let backprop = parameter.grad
            print("\(parameter.name):")
            print("  backward   \(backprop.scalars.map { fixed($0, 8) })")
            print("  numerical  \(numerical.scalars.map { fixed($0, 8) })")
            worst = max(worst, (numerical - backprop).norm(p: .infinity))
            backpropValues += backprop.scalars
            numericalValues += numerical.scalars
        }
        print("largest difference: \(String(format: "%.3e", worst))")
        let jacobian = GradientCheck.inputError(model, input: x)
        print("input Jacobian difference: \(String(format: "%.3e", jacobian))")
        print(worst < 1e-6 ? "gradients agree" : "gradients DISAGREE")

        // Each parameter's two estimates against each other: agreement puts every point on y = x.
        var chart = Chart(title: "Gradient check: backward vs finite differences", xLabel: "gradient from backward",
                          yLabel: "numerical gradient")
        chart.equalAspect = true
        chart.legendPosition = .bottomRight
        let span = (backpropValues + numericalValues).map { abs($0) }.max() ?? 1
        chart.addLine(x: [-span, span], y: [-span, span], label: "y = x", dashed: true)
        chart.addScatter(x: backpropValues, y: numericalValues, label: "weights and biases", radius: 5)
        try save(chart, "gradients.svg", in: try outputDirectory("gradient-check", override: outputFolder))
    }
}
