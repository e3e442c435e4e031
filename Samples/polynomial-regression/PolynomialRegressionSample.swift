// Polynomial regression is linear regression on the powers of x. First the quadratic fit of the
// lecture; then polynomials of degree 1 to 15 on a train/test split, whose training error keeps
// falling while the test error falls (under-fitting) and then rises again (over-fitting).
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct PolynomialRegressionSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "polynomial-regression",
        abstract: "Fit a quadratic, then show under- and over-fitting with polynomials of degree 1 to 15.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Points for the quadratic fit, evenly spaced on [-3, 3].") var count = 50
    @Option(help: "Points for the degree sweep, drawn uniformly on [-3, 3], before the split.") var sweepCount = 40
    @Option(help: "Share of the sweep's points held out for testing.") var testFraction = 0.5
    @Option(help: "Highest degree of the sweep.") var maxDegree = 15
    @Option(help: "Standard deviation of the noise on y.") var noise = 0.5
    @Option(help: "Seed for the data and the split.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/polynomial-regression).") var output: String?

    /// The generating parabola y = c₀ + c₁x + c₂x² (SyntheticData.noisyQuadratic's default).
    static let truth = (1.0, -1.0, 0.5)
    /// Where the inputs lie.
    static let xRange = -3.0...3.0
    var truth: (Double, Double, Double) { Self.truth }
    var xRange: ClosedRange<Double> { Self.xRange }

    func validate() throws {
        guard count >= 3 else { throw ValidationError("--count must be at least 3 (a parabola needs three points)") }
        guard testFraction > 0, testFraction < 1 else { throw ValidationError("--test-fraction must be between 0 and 1") }
        guard maxDegree >= 2 else { throw ValidationError("--max-degree must be at least 2") }
        guard sweepCount >= 4 else { throw ValidationError("--sweep-count must be at least 4") }
        guard noise >= 0, noise.isFinite else { throw ValidationError("--noise must be a finite number >= 0") }
    }

    func run() throws {
        machine.report()
        var generator = RandomGenerator(seed: seed)
        let directory = try outputDirectory("polynomial-regression", override: output)
        try quadraticFit(&generator, directory)
        try degreeSweep(&generator, directory)
    }

    func trueValue(_ x: Double) -> Double { truth.0 + truth.1 * x + truth.2 * x * x }

    /// The generating parabola written out: `1 - x + 0.5 x²`.
    var formula: String {
        var text = String(format: "%g", truth.0)
        for (c, power) in [(truth.1, " x"), (truth.2, " x²")] where c != 0 {
            let size = abs(c) == 1 ? "" : String(format: "%g", abs(c))
            text += (c < 0 ? " - " : " + ") + size + (size.isEmpty ? String(power.dropFirst()) : power)
        }
        return text
    }

    /// The lecture's quadratic fit: the design matrix [1, x, x²] and the normal equations.
    func quadraticFit(_ generator: inout RandomGenerator, _ directory: URL) throws {
        let (x, y) = SyntheticData.noisyQuadratic(count: count, coefficients: truth, xRange: xRange, noise: noise, generator: &generator)
        print("\(count) points of y = \(formula) with noise of standard deviation \(noise)")
        let features = PolynomialFeatures(degree: 2)  // columns 1, x, x²
        var model = LinearRegression<Double>(fitIntercept: false, solver: .normalEquations)
        let design = features.transform(x)
        try model.fit(design, y)
        let w = model.coefficients
        print("quadratic fit, w = (XᵀX)⁻¹Xᵀy with X = [1, x, x²]:")
        for (k, name) in ["1", "x", "x²"].enumerated() {
            print("  coefficient of \(name): \(fixed(w[k])) (generating \([truth.0, truth.1, truth.2][k]))")
        }
        print("  training MSE: \(fixed(Double(meanSquaredError(y, try model.predict(design)))))")

        let grid = Tensor<Double>.linspace(xRange.lowerBound, xRange.upperBound, count: 200).reshaped(200, 1)
        var chart = Chart(title: "Quadratic least-squares fit", xLabel: "x", yLabel: "y")
        chart.addScatter(x: x.scalars, y: y.scalars, label: "data", color: Color(gray: 0.45))
        chart.addLine(x: grid.scalars, y: grid.scalars.map(trueValue), label: "generating curve", color: .black, dashed: true)
        chart.addLine(x: grid.scalars, y: try model.predict(features.transform(grid)).scalars, label: "degree-2 fit")
        try save(chart, "quadratic.svg", in: directory)
    }

    /// Degrees 1...maxDegree on one train/test split: the training and test errors of each.
    func degreeSweep(_ generator: inout RandomGenerator, _ directory: URL) throws {
        let (x, y) = SyntheticData.noisyQuadratic(count: sweepCount, coefficients: truth, xRange: xRange, sampling: .uniform,
                                                  noise: noise, generator: &generator)
        let split = try trainTestSplit(x, y, testFraction: testFraction, seed: seed)
        print("\ndegrees 1 to \(maxDegree) on \(split.yTrain.count) training and \(split.yTest.count) test points:")
        print("degree   train MSE    test MSE")
        // Powers of x/3 span the same polynomials as powers of x, but keep the columns of the
        // design matrix of similar size, so high degrees stay well conditioned.
        let scale = 1 / max(abs(xRange.lowerBound), abs(xRange.upperBound))
        func fitDegree(_ degree: Int) throws -> (model: LinearRegression<Double>, features: PolynomialFeatures) {
            let features = PolynomialFeatures(degree: degree, includeBias: false)
            var model = LinearRegression<Double>()  // SVD-based least squares: fine when underdetermined
            try model.fit(features.transform(split.xTrain * scale), split.yTrain)
            return (model, features)
        }
        var trainErrors: [Double] = [], testErrors: [Double] = []
        for degree in 1...maxDegree {
            let (model, features) = try fitDegree(degree)
            let train = Double(meanSquaredError(split.yTrain, try model.predict(features.transform(split.xTrain * scale))))
            let test = Double(meanSquaredError(split.yTest, try model.predict(features.transform(split.xTest * scale))))
            trainErrors.append(train)
            testErrors.append(test)
            print(String(format: "%6d %11.4g %11.4g", degree, train, test))
        }
        let best = testErrors.indices.min { testErrors[$0] < testErrors[$1] }! + 1
        print("lowest test error at degree \(best)")
        print("test MSE at degree 1: \(fixed(testErrors[0])), at degree 2: \(fixed(testErrors[1])), "
              + "at degree \(maxDegree): \(fixed(testErrors[maxDegree - 1]))")

        var errors = Chart(title: "Under- and over-fitting", xLabel: "polynomial degree", yLabel: "mean squared error")
        errors.yScale = .logarithmic
        errors.legendPosition = .topLeft
        let degrees = (1...maxDegree).map(Double.init)
        errors.addLine(x: degrees, y: trainErrors, label: "training error")
        errors.addLine(x: degrees, y: testErrors, label: "test error")
        errors.addLine(x: [1, Double(maxDegree)], y: [noise * noise, noise * noise], label: "noise variance", color: Color(gray: 0.5),
                       lineWidth: 1, dashed: true)
        try save(errors, "errors.svg", in: directory)

        // The fitted curves of an under-fitting, a right and an over-fitting degree.
        let grid = Tensor<Double>.linspace(xRange.lowerBound, xRange.upperBound, count: 300).reshaped(300, 1)
        let ys = y.scalars, margin = 0.5 * ((ys.max() ?? 1) - (ys.min() ?? 0))
        var fits = Chart(title: "Fits of degree 1, 2 and \(maxDegree)", xLabel: "x", yLabel: "y")
        fits.yRange = ((ys.min() ?? 0) - margin)...((ys.max() ?? 1) + margin)
        fits.addScatter(x: split.xTrain.scalars, y: split.yTrain.scalars, label: "training points", color: .black)
        fits.addScatter(x: split.xTest.scalars, y: split.yTest.scalars, label: "test points", color: Color(gray: 0.6))
        for degree in [1, 2, maxDegree] {
            let (model, features) = try fitDegree(degree)
            fits.addLine(x: grid.scalars, y: try model.predict(features.transform(grid * scale)).scalars, label: "degree \(degree)")
        }
        try save(fits, "fits.svg", in: directory)
    }
}
