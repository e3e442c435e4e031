// Choosing the ridge penalty λ by K-fold cross-validation: a flexible polynomial model is fitted
// with each λ of a grid on K-1 folds of the training data and scored on the fold left out; the λ
// with the lowest mean validation error wins and is refitted on all the training data. Too small
// a λ over-fits, too large a λ under-fits, and the cross-validation error is U-shaped between.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct RidgeCrossValidation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ridge-cross-validation",
        abstract: "Pick the ridge penalty λ of a degree-12 polynomial model by K-fold cross-validation.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Points, drawn uniformly on [-3, 3] around y = 1 - x + 0.5 x².") var count = 30
    @Option(help: "Share of the points held out as a final test set.") var testFraction = 0.25
    @Option(help: "Degree of the polynomial features.") var degree = 12
    @Option(help: "Number of cross-validation folds (K).") var folds = 5
    @Option(help: "Smallest λ of the grid.") var lambdaMin = 1e-6
    @Option(help: "Largest λ of the grid.") var lambdaMax = 1e3
    @Option(help: "Number of λ values, evenly spaced on a log scale.") var lambdaCount = 19
    @Option(help: "Standard deviation of the noise on y.") var noise = 0.5
    @Option(help: "Seed for the data, the split and the folds.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/ridge-cross-validation).") var output: String?

    func validate() throws {
        guard lambdaMin > 0, lambdaMax > lambdaMin, lambdaMax.isFinite else {
            throw ValidationError("the grid needs 0 < --lambda-min < --lambda-max")
        }
        guard lambdaCount >= 3 else { throw ValidationError("--lambda-count must be at least 3") }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard degree >= 1 else { throw ValidationError("--degree must be at least 1") }
        guard testFraction > 0, testFraction < 1 else { throw ValidationError("--test-fraction must be between 0 and 1") }
        guard noise >= 0, noise.isFinite else { throw ValidationError("--noise must be a finite number >= 0") }
    }

    func run() throws {
        machine.report()
        var generator = RandomGenerator(seed: seed)
        let range = -3.0...3.0
        let (x, y) = SyntheticData.noisyQuadratic(count: count, xRange: range, sampling: .uniform, noise: noise, generator: &generator)
        let split = try trainTestSplit(x, y, testFraction: testFraction, seed: seed)
        let step = log10(lambdaMax / lambdaMin) / Double(lambdaCount - 1)
        let lambdas = (0..<lambdaCount).map { lambdaMin * pow(10, Double($0) * step) }
        print("\(count) noisy points of y = 1 - x + 0.5 x²: \(split.yTrain.count) for cross-validation, \(split.yTest.count) held out")
        print("model: standardised powers x … x^\(degree), ridge penalty λ; \(folds)-fold cross-validation over "
              + "\(lambdaCount) values of λ from \(short(lambdaMin)) to \(short(lambdaMax))")

        let make = { (lambda: Double) in PolynomialRidge(degree: degree, lambda: lambda, inputScale: 3) }
        var search = GridSearch(candidates: lambdas, folds: KFold(k: folds, shuffle: true, seed: seed), makeEstimator: make)
        try search.fit(split.xTrain, split.yTrain)

        print("\n         λ     CV MSE  training MSE   fold MSEs from … to")
        var cvErrors: [Double] = [], trainErrors: [Double] = []
        for (index, lambda) in lambdas.enumerated() {
            let errors = search.foldScores[index].map { -$0 }
            var model = make(lambda)
            try model.fit(split.xTrain, split.yTrain)
            let train = -(try model.score(split.xTrain, split.yTrain))
            cvErrors.append(-search.meanScores[index])
            trainErrors.append(train)
            let marker = index == search.bestIndex ? "  <- lowest" : ""
            print(String(format: "%10.3g  %9.4g  %12.4g   %.3g … %.3g", lambda, cvErrors[index], train, errors.min()!, errors.max()!) + marker)
        }
        let best = search.bestIndex!  // set by a fit that did not throw
        let bestLambda = lambdas[best]
        print("\nchosen λ: \(short(bestLambda)), index \(best) of 0…\(lambdaCount - 1) "
              + "(\(best > 0 && best < lambdaCount - 1 ? "inside the grid" : "at the edge of the grid: widen it"))")

        // The held-out test error of the chosen model next to the two ends of the grid.
        let chosen = search.bestEstimator!
        var smallest = make(lambdas[0]), largest = make(lambdas[lambdaCount - 1])
        try smallest.fit(split.xTrain, split.yTrain)
        try largest.fit(split.xTrain, split.yTrain)
        for (name, model) in [("smallest λ", smallest), ("chosen λ", chosen), ("largest λ", largest)] {
            print("test MSE with the \(name): \(fixed(-(try model.score(split.xTest, split.yTest))))")
        }

        let directory = try outputDirectory("ridge-cross-validation", override: output)
        var chart = Chart(title: "\(folds)-fold cross-validation of the ridge penalty", xLabel: "λ", yLabel: "mean squared error")
        chart.xScale = .logarithmic
        chart.yScale = .logarithmic
        chart.legendPosition = .topLeft
        chart.addLine(x: lambdas, y: cvErrors, label: "cross-validation error")
        chart.addLine(x: lambdas, y: trainErrors, label: "training error")
        let low = min(cvErrors.min()!, trainErrors.min()!), high = max(cvErrors.max()!, trainErrors.max()!)
        chart.addLine(x: [bestLambda, bestLambda], y: [low, high], label: "chosen λ = \(short(bestLambda))", color: Color(gray: 0.4),
                      lineWidth: 1, dashed: true)
        try save(chart, "cv-error.svg", in: directory)

        let grid = Tensor<Double>.linspace(range.lowerBound, range.upperBound, count: 300).reshaped(300, 1)
        var fits = Chart(title: "Degree-\(degree) ridge fits", xLabel: "x", yLabel: "y")
        let ys = y.scalars, margin = 0.3 * (ys.max()! - ys.min()!)
        fits.yRange = (ys.min()! - margin)...(ys.max()! + margin)
        fits.addScatter(x: split.xTrain.scalars, y: split.yTrain.scalars, label: "training points", color: .black)
        fits.addScatter(x: split.xTest.scalars, y: split.yTest.scalars, label: "test points", color: Color(gray: 0.6))
        for (name, model) in [("λ = \(short(lambdas[0]))", smallest), ("λ = \(short(bestLambda)) (chosen)", chosen),
                              ("λ = \(short(lambdas[lambdaCount - 1]))", largest)] {
            fits.addLine(x: grid.scalars, y: try model.predict(grid).scalars, label: name)
        }
        try save(fits, "fits.svg", in: directory)
    }

    func short(_ value: Double) -> String { String(format: "%.3g", value) }
}
