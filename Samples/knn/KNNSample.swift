// Nearest-neighbour classification of handwritten digits, the lecture's CIFAR-10 notebook on the
// 8x8 digits: the nearest neighbour with L1 and L2 distances, then k-NN with k (and the distance)
// chosen by K-fold cross-validation on the training set, and the chosen model's test accuracy
// and confusion matrix.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

/// A distance as named on the command line.
enum Distance: String, ExpressibleByArgument, CaseIterable {
    case l1, l2, cosine

    /// ClassicalML's metric.
    var metric: DistanceMetric {
        switch self {
        case .l1: .l1
        case .l2: .l2
        case .cosine: .cosine
        }
    }

    /// The name printed.
    var name: String { self == .cosine ? "cosine" : rawValue.uppercased() }
}

@main
struct KNNSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knn", abstract: "k-nearest-neighbour digits: L1 versus L2, k chosen by cross-validation.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Images for training, from the start of the file; the rest test (scikit-learn's examples use 1500).")
    var trainCount = 1500
    @Option(parsing: .upToNextOption, help: "Values of k to cross-validate (space separated).") var ks: [Int] = [1, 2, 3, 4, 5, 7, 9, 12, 15]
    @Option(parsing: .upToNextOption, help: "Distances to cross-validate: l1, l2, cosine.") var metrics: [Distance] = [.l1, .l2]
    @Option(help: "Cross-validation folds.") var folds = 5
    @Option(help: "Seed for shuffling the rows into folds.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/knn).") var output: String?
    @Option(help: "The images: the bundled digits, or Fashion-MNIST (`make deps-data`): 1-NN and 5-NN on its test set.")
    var dataset: ImageSource = .digits
    @Option(help: "With --dataset fashion: training images used (at most 60000).") var fashionTrain = 60_000
    @Option(help: "With --dataset fashion: test images classified (at most 10000).") var fashionTest = 10_000

    enum ImageSource: String, ExpressibleByArgument, CaseIterable { case digits, fashion }

    func validate() throws {
        guard (folds...(Digits.count - 1)).contains(trainCount) else {
            throw ValidationError("--train-count must leave test images and be at least --folds")
        }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard !ks.isEmpty, ks.allSatisfy({ $0 >= 1 && $0 < trainCount - trainCount / folds }) else {
            throw ValidationError("--ks must be at least 1 and below the size of a training fold")
        }
        guard !metrics.isEmpty else { throw ValidationError("--metrics needs at least one distance") }
    }

    func run() throws {
        machine.report()
        if dataset == .fashion { return try fashion() }
        let (images, labels) = try Digits.load(as: Double.self)
        let trainX = images[rows: 0..<trainCount], testX = images[rows: trainCount..<labels.count]
        let trainY = Array(labels[..<trainCount]), testY = Array(labels[trainCount...])
        print("digits: \(trainY.count) training and \(testY.count) test images of 8x8 pixels, 10 classes")

        // The nearest neighbour: each test image takes the label of the closest training image.
        print("\nnearest neighbour (k = 1):")
        for metric in [Distance.l1, .l2] {
            var model = KNearestNeighborsClassifier<Double>(k: 1, metric: metric.metric)
            try model.fit(trainX, trainY)
            print("  \(metric.name) distance: test accuracy \(fixed(try model.score(testX, testY)))")
        }
        var three = KNearestNeighborsClassifier<Double>(k: 3, metric: .l2)
        try three.fit(trainX, trainY)
        print("k = 3, L2: test accuracy \(fixed(try three.score(testX, testY))) "
              + "(scikit-learn's KNeighborsClassifier(n_neighbors=3) scores 0.9596 on this split)")

        // k and the distance chosen by cross-validation on the training images only.
        let kfold = KFold(k: folds, shuffle: true, seed: seed)
        let results = try metrics.map { metric in
            (metric: metric, foldScores: try crossValidatedAccuracies(trainX, trainY, ks: ks, metric: metric.metric, folds: kfold,
                                                                      classCount: Digits.classCount))
        }
        let means = results.map { $0.foldScores.map { $0.reduce(0, +) / Double($0.count) } }
        print("\n\(folds)-fold cross-validation accuracy on the training images:")
        print("    k" + metrics.map { String(repeating: " ", count: max(0, 9 - $0.name.count)) + $0.name }.joined())
        for (index, k) in ks.enumerated() {
            print(String(format: "%5d", k) + means.map { String(format: "%9.4f", $0[index]) }.joined())
        }
        // The best mean accuracy over all (distance, k) pairs; the first listed wins a tie.
        var best = (entry: 0, index: 0)
        for entry in means.indices {
            for index in ks.indices where means[entry][index] > means[best.entry][best.index] { best = (entry, index) }
        }
        let chosenMetric = metrics[best.entry], chosenK = ks[best.index]
        print("chosen by cross-validation: k = \(chosenK), \(chosenMetric.name) distance "
              + "(mean accuracy \(fixed(means[best.entry][best.index])))")

        var model = KNearestNeighborsClassifier<Double>(k: chosenK, metric: chosenMetric.metric)
        try model.fit(trainX, trainY)
        let predictions = try model.predict(testX)
        let testAccuracy = accuracy(testY, predictions)
        print("test accuracy of the chosen model: \(fixed(testAccuracy))")
        let confusion = confusionMatrix(testY, predictions, classCount: 10)
        print("confusion matrix (rows: true digit, columns: predicted):")
        for (digit, row) in confusion.enumerated() {
            print("  \(digit): " + row.map { String(format: "%3d", $0) }.joined(separator: " "))
        }

        let directory = try outputDirectory("knn", override: output)
        var chart = Chart(title: "Cross-validation on the training images", xLabel: "k (neighbours)", yLabel: "accuracy")
        chart.legendPosition = .topRight
        for (entry, result) in results.enumerated() {
            let color = Color.category(entry)
            let kValues = ks.map(Double.init)
            chart.addScatter(x: kValues.flatMap { k in Array(repeating: k, count: folds) },
                             y: result.foldScores.flatMap { $0 }, color: color.mixed(with: .white, fraction: 0.4), radius: 2.5)
            chart.addLine(x: kValues, y: means[entry], label: "\(result.metric.name), mean of \(folds) folds", color: color)
        }
        try save(chart, "cross-validation.svg", in: directory)
        try save(ConfusionMatrixPlot(matrix: confusion, classNames: (0...9).map(String.init),
                                     title: "k = \(chosenK), \(chosenMetric.name): test set"), "confusion.svg", in: directory)
        let wrong = testY.indices.filter { predictions[$0] != testY[$0] }
        if !wrong.isEmpty {
            let shown = Array(wrong.prefix(20))
            try save(ImageGrid(images: shown.map { testX.row($0).scalars }, imageWidth: Digits.side, imageHeight: Digits.side,
                               captions: shown.map { "\(predictions[$0]) (\(testY[$0]))" },
                               title: "Misclassified test digits: predicted (true)", scaling: .fixed(0...Digits.maximumPixelValue)),
                     "mistakes.svg", in: directory)
        }
    }

    /// The nearest neighbours of Fashion-MNIST's test images among its training images, in Float
    /// (pixels scaled to [0, 1]): L1 and L2 with k = 1, and k = 5 with L2; the confusion matrix
    /// with the class names.
    func fashion() throws {
        guard (1...60_000).contains(fashionTrain), (1...10_000).contains(fashionTest) else {
            throw ValidationError("--fashion-train must be in 1...60000 and --fashion-test in 1...10000")
        }
        let train = try FashionMNIST.load(.train, as: Float.self, limit: fashionTrain)
        let test = try FashionMNIST.load(.test, as: Float.self, limit: fashionTest)
        let trainX = train.images.reshaped(train.count, 784) / 255, testX = test.images.reshaped(test.count, 784) / 255
        print("fashion: \(train.count) training and \(test.count) test images of 28x28 pixels, 10 classes")
        var predictions: [Int] = []
        for (k, metric) in [(1, Distance.l1), (1, .l2), (5, .l2)] {
            var model = KNearestNeighborsClassifier<Float>(k: k, metric: metric.metric)
            try model.fit(trainX, train.labels)
            predictions = try model.predict(testX)
            print("k = \(k), \(metric.name) distance: test accuracy \(fixed(accuracy(test.labels, predictions)))")
        }
        let confusion = confusionMatrix(test.labels, predictions, classCount: 10)
        print("confusion matrix of k = 5, L2 (rows: true class, columns: predicted):")
        for (c, row) in confusion.enumerated() {
            print("  " + test.classNames[c].padding(toLength: 12, withPad: " ", startingAt: 0) + row.map { String(format: "%5d", $0) }.joined())
        }
        let directory = try outputDirectory("knn", override: output)
        try save(ConfusionMatrixPlot(matrix: confusion, classNames: test.classNames, title: "Fashion-MNIST, k = 5, L2: test set"),
                 "fashion-confusion.svg", in: directory)
    }
}
