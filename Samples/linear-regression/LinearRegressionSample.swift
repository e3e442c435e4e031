// Least squares the lecture's way: put a column of ones next to x, solve the normal equations
// XᵀX w = Xᵀy for w = (intercept, slope), and compare with the line that made the data. Then the
// ridge variant, (XᵀX + λI) w = Xᵀy, whose slope shrinks towards zero as λ grows.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct LinearRegressionSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linear-regression",
        abstract: "Fit a line by the normal equations with a column of ones, then by ridge regression.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Number of points, evenly spaced on [0, 10].") var count = 50
    @Option(help: "Intercept of the generating line.") var intercept = 2.0
    @Option(help: "Slope of the generating line.") var slope = 0.5
    @Option(help: "Standard deviation of the noise on y.") var noise = 0.5
    @Option(parsing: .upToNextOption, help: "Ridge penalties λ to compare (space separated).") var lambdas: [Double] = [10, 100, 1000]
    @Option(help: "Seed for the noise.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/linear-regression).") var output: String?

    func validate() throws {
        guard count >= 2 else { throw ValidationError("--count must be at least 2 (a line needs two points)") }
        guard noise >= 0, noise.isFinite else { throw ValidationError("--noise must be a finite number >= 0") }
        guard lambdas.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw ValidationError("--lambdas must be finite and >= 0") }
    }

    func run() throws {
        machine.report()
        var generator = RandomGenerator(seed: seed)
        let (x, y) = SyntheticData.noisyLine(count: count, intercept: intercept, slope: slope, noise: noise, generator: &generator)
        print("\(count) points of y = \(intercept) + \(slope) x with noise of standard deviation \(noise)")

        // The design matrix [1, x]: the column of ones carries the intercept.
        let design = Tensor.concatenated([Tensor<Double>.ones(count, 1), x], alongDimension: 1)
        print("\nnormal equations XᵀX w = Xᵀy with X = [1, x]:")
        print("XᵀX =\n\(matmul(design, design, transposeA: true))")
        print("Xᵀy =\n\(matmul(design, y.reshaped(count, 1), transposeA: true))")
        var normal = LinearRegression<Double>(fitIntercept: false, solver: .normalEquations)
        try normal.fit(design, y)
        let w = normal.coefficients
        print("w = (XᵀX)⁻¹Xᵀy =\n\(w)")
        print("fitted intercept: \(fixed(w[0])) (generating \(intercept))")
        print("fitted slope: \(fixed(w[1])) (generating \(slope))")
        print("training MSE: \(fixed(Double(meanSquaredError(y, try normal.predict(design))))), R²: \(fixed(try normal.score(design, y)))")

        // The same line from the SVD-based solver on centred data: the two routes agree.
        var svdFit = LinearRegression<Double>()
        try svdFit.fit(x, y)
        let gap = max(abs(svdFit.intercept[0] - w[0]), abs(svdFit.coefficients[0] - w[1]))
        print("SVD least squares (gelsd) on centred x: intercept \(fixed(svdFit.intercept[0])), slope \(fixed(svdFit.coefficients[0])), "
              + "largest difference \(String(format: "%.1e", gap))")

        // Ridge: the penalty λ‖w‖² pulls the slope towards 0; the intercept is not penalised.
        print("\nridge regression, minimising ‖Xw + b − y‖² + λ‖w‖²:")
        var ridgeLines: [(lambda: Double, intercept: Double, slope: Double)] = []
        for lambda in lambdas {
            var ridge = Ridge<Double>(lambda: lambda)
            try ridge.fit(x, y)
            ridgeLines.append((lambda, ridge.intercept[0], ridge.coefficients[0]))
            print("λ = \(formatLambda(lambda)): intercept \(fixed(ridge.intercept[0])), slope \(fixed(ridge.coefficients[0])), "
                  + "training MSE \(fixed(Double(meanSquaredError(y, try ridge.predict(x)))))")
        }

        let directory = try outputDirectory("linear-regression", override: output)
        let xs = x.scalars, ends = [xs.min() ?? 0, xs.max() ?? 1]
        var chart = Chart(title: "Least squares and ridge fits", xLabel: "x", yLabel: "y")
        chart.legendPosition = .topLeft
        chart.addScatter(x: xs, y: y.scalars, label: "data", color: Color(gray: 0.45))
        chart.addLine(x: ends, y: ends.map { intercept + slope * $0 }, label: "generating line", color: .black, dashed: true)
        chart.addLine(x: ends, y: ends.map { w[0] + w[1] * $0 }, label: "least squares")
        for line in ridgeLines {
            chart.addLine(x: ends, y: ends.map { line.intercept + line.slope * $0 }, label: "ridge, λ = \(formatLambda(line.lambda))",
                          lineWidth: 1.5)
        }
        try save(chart, "fit.svg", in: directory)
    }

    func formatLambda(_ lambda: Double) -> String { String(format: "%g", lambda) }
}
