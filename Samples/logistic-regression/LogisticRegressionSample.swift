// Linear regression versus logistic regression as classifiers, as in the lecture's comparison.
// Least squares on one-hot targets gives a linear classifier in closed form, but it punishes
// points that are "too correct": a far-away cluster of class 1 drags its boundary into class 1's
// main cluster, and with three classes in a row it can mask the middle one. Logistic regression
// fits probabilities instead and is not fooled. Then both on iris.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct LogisticRegressionSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logistic-regression",
        abstract: "Least squares versus logistic regression as classifiers: outliers, three classes, iris.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Points in the two main clusters of the binary set, and in the three-class set.") var count = 100
    @Option(help: "Points of the far-away cluster of class 1 added to the binary set.") var outliers = 20
    @Option(help: "L2 penalty λ of logistic regression.") var lambda = 1e-4
    @Option(help: "Seed for the synthetic sets.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/logistic-regression).") var output: String?

    func validate() throws {
        guard count >= 6 else { throw ValidationError("--count must be at least 6") }
        guard outliers >= 0 else { throw ValidationError("--outliers must not be negative") }
        guard lambda >= 0, lambda.isFinite else { throw ValidationError("--lambda must be finite and >= 0") }
    }

    func run() throws {
        machine.report()
        let directory = try outputDirectory("logistic-regression", override: output)
        var generator = RandomGenerator(seed: seed)
        try binary(&generator, directory)
        try threeClasses(&generator, directory)
        try iris(directory)
    }

    /// Both classifiers fitted to `x` and `labels`, with their accuracies on that data printed.
    func fitBoth(_ x: Tensor<Double>, _ labels: [Int], _ title: String) throws -> (LeastSquaresClassifier, LogisticRegression<Double>) {
        var leastSquares = LeastSquaresClassifier()
        try leastSquares.fit(x, labels)
        var logistic = LogisticRegression<Double>(lambda: lambda)
        try logistic.fit(x, labels)
        print("\(title), least squares: accuracy \(fixed(try leastSquares.score(x, labels)))")
        print("\(title), logistic regression: accuracy \(fixed(try logistic.score(x, labels))) "
              + "(\(logistic.converged ? "converged" : "NOT converged") in \(logistic.iterations) L-BFGS iterations)")
        return (leastSquares, logistic)
    }

    /// Two Gaussian clusters, then the same with a far cluster of class 1 added.
    func binary(_ generator: inout RandomGenerator, _ directory: URL) throws {
        let (main, mainLabels) = SyntheticData.blobs(count: count, centers: [[-1, 1], [1, -1]], standardDeviation: 0.6,
                                                     generator: &generator)
        print("binary: \(count) points in two Gaussian clusters, then \(outliers) more points of class 1 far away")
        let clean = try fitBoth(main, mainLabels, "two clusters")
        try save(boundaryChart(main, mainLabels, clean, title: "Two classes"), "binary.svg", in: directory)

        guard outliers > 0 else { return }
        let (far, _) = SyntheticData.blobs(count: outliers, centers: [[7, -7]], standardDeviation: 0.6, generator: &generator)
        let x = Tensor.concatenated([main, far], alongDimension: 0)
        let labels = mainLabels + [Int](repeating: 1, count: outliers)
        let skewed = try fitBoth(x, labels, "with outliers")
        try save(boundaryChart(x, labels, skewed, title: "Two classes and a far cluster of class 1"), "binary-outliers.svg", in: directory)
    }

    /// The data with the boundary of each classifier drawn as a line.
    func boundaryChart(_ x: Tensor<Double>, _ labels: [Int], _ models: (LeastSquaresClassifier, LogisticRegression<Double>),
                       title: String) -> Chart {
        let (px, py) = columns(x)
        let xRange = (px.min()! - 0.5)...(px.max()! + 0.5), yRange = (py.min()! - 0.5)...(py.max()! + 0.5)
        var chart = Chart(title: title, xLabel: "x₁", yLabel: "x₂")
        chart.equalAspect = true
        chart.xRange = xRange
        chart.yRange = yRange
        chart.classNames = ["class 0", "class 1"]
        chart.legendPosition = .bottomLeft
        chart.addScatter(x: px, y: py, classes: labels)
        // Least squares picks class 1 where output 1 exceeds output 0: (w₁ − w₀)·x + (b₁ − b₀) > 0.
        let (leastSquares, logistic) = models
        let w = leastSquares.coefficients, b = leastSquares.intercept
        let line = boundary(w[0, 1] - w[0, 0], w[1, 1] - w[1, 0], b[1] - b[0], xRange, yRange)
        chart.addLine(x: line.x, y: line.y, label: "least squares", color: Color(hex: 0xC51B7D), lineWidth: 2.5)
        let logisticLine = boundary(logistic.coefficients[0], logistic.coefficients[1], logistic.intercept[0], xRange, yRange)
        chart.addLine(x: logisticLine.x, y: logisticLine.y, label: "logistic regression", color: Color(hex: 0x1B7837), lineWidth: 2.5)
        return chart
    }

    /// Two points of the line `a x + b y + c = 0` spanning the box (the chart clips the rest).
    func boundary(_ a: Double, _ b: Double, _ c: Double, _ xRange: ClosedRange<Double>, _ yRange: ClosedRange<Double>)
        -> (x: [Double], y: [Double])
    {
        if abs(b) >= abs(a) {
            let xs = [xRange.lowerBound, xRange.upperBound]
            return (xs, xs.map { -(a * $0 + c) / b })
        }
        let ys = [yRange.lowerBound, yRange.upperBound]
        return (ys.map { -(b * $0 + c) / a }, ys)
    }

    /// Three clusters in a row: least squares masks the middle class, logistic regression does not.
    func threeClasses(_ generator: inout RandomGenerator, _ directory: URL) throws {
        let (x, labels) = SyntheticData.blobs(count: count, centers: [[-3, -3], [0, 0], [3, 3]], standardDeviation: 0.7,
                                              generator: &generator)
        print("\nthree classes: \(count) points in three Gaussian clusters in a row")
        let models = try fitBoth(x, labels, "three classes")
        try saveRegions(x, labels, models, names: ["class 0", "class 1", "class 2"], title: "Three classes",
                        xLabel: "x₁", yLabel: "x₂", file: "three-classes", directory)
    }

    /// Iris: all four measurements, then the two petal measurements with their decision regions.
    func iris(_ directory: URL) throws {
        let (features, labels) = try Iris.load(as: Double.self)
        print("\niris: \(labels.count) flowers, 3 species")
        _ = try fitBoth(features, labels, "iris, 4 features")
        let petals = Tensor.concatenated([features.column(2).reshaped(labels.count, 1), features.column(3).reshaped(labels.count, 1)],
                                         alongDimension: 1)
        let models = try fitBoth(petals, labels, "iris, petal length and width")
        try saveRegions(petals, labels, models, names: Iris.classNames, title: "Iris", xLabel: Iris.featureNames[2],
                        yLabel: Iris.featureNames[3], file: "iris", directory)
    }

    /// One decision-region chart per classifier: `<file>-least-squares.svg`, `<file>-logistic.svg`.
    func saveRegions(
        _ x: Tensor<Double>, _ labels: [Int], _ models: (LeastSquaresClassifier, LogisticRegression<Double>), names: [String],
        title: String, xLabel: String, yLabel: String, file: String, _ directory: URL
    ) throws {
        let (px, py) = columns(x)
        let padX = 0.1 * (px.max()! - px.min()!), padY = 0.1 * (py.max()! - py.min()!)
        let xRange = (px.min()! - padX)...(px.max()! + padX), yRange = (py.min()! - padY)...(py.max()! + padY)
        // The classifiers predict a whole grid at once: one row per cell centre.
        let resolution = 120
        var cells: [Double] = []
        for i in 0..<resolution {
            for j in 0..<resolution {
                cells.append(xRange.lowerBound + (Double(j) + 0.5) * (xRange.upperBound - xRange.lowerBound) / Double(resolution))
                cells.append(yRange.lowerBound + (Double(i) + 0.5) * (yRange.upperBound - yRange.lowerBound) / Double(resolution))
            }
        }
        let grid = Tensor(shape: [resolution * resolution, 2], scalars: cells)
        let predictions: [(String, String, [Int])] = [
            ("least squares", "least-squares", try models.0.predict(grid)),
            ("logistic regression", "logistic", try models.1.predict(grid)),
        ]
        for (name, suffix, classes) in predictions {
            var chart = Chart(title: "\(title): \(name)", xLabel: xLabel, yLabel: yLabel)
            chart.classNames = names
            chart.legendPosition = .topLeft
            chart.xRange = xRange  // the regions fill the plotting area
            chart.yRange = yRange
            chart.addDecisionRegions(grid: (0..<resolution).map { Array(classes[($0 * resolution)..<(($0 + 1) * resolution)]) },
                                     xRange: xRange, yRange: yRange)
            chart.addScatter(x: px, y: py, classes: labels)
            try save(chart, "\(file)-\(suffix).svg", in: directory)
        }
    }
}
