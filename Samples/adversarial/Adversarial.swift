// The lectures' "attack machine learning: adversarial examples" slide, on the network that
// `fashion-cnn` trains: the fast gradient sign method (Goodfellow, Shlens and Szegedy, "Explaining
// and harnessing adversarial examples", 2015). Each test image moves by ε in the direction that
// raises the loss fastest, ε·sign(∂loss/∂image), which is the gradient `backward` already computes
// with respect to the input. A change too small to notice turns most predictions wrong; random
// changes of the same size barely matter.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct AdversarialSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adversarial",
        abstract: "Fast gradient sign attacks on the fashion-cnn model: test accuracy as ε grows.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "The model `fashion-cnn` saved.") var model = "output/fashion-cnn/fashion-cnn.wick"
    @Option(parsing: .upToNextOption, help: "The sizes ε of the perturbations, in pixel units of [0, 1] (space separated).")
    var epsilons: [Double] = [0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2]
    @Option(help: "The ε of the example images.") var exampleEpsilon = 0.1
    @Option(help: "Attack only the first N test images (default: all 10,000).") var testLimit: Int?
    @Option(help: "Seed of the random-sign baseline.") var seed: UInt64 = 1
    @Option(help: "The directory holding the Fashion-MNIST files.")
    var dataDirectory = FashionMNIST.defaultDirectory.path
    @Option(help: "Output folder (default output/adversarial).") var output: String?

    func run() throws {
        machine.report()
        guard !epsilons.isEmpty, epsilons.allSatisfy({ (0...1).contains($0) }) else {
            throw ValidationError("--epsilons: give one or more sizes in [0, 1], e.g. --epsilons 0 0.05 0.1")
        }
        let sizes = epsilons
        let url = URL(fileURLWithPath: model)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ValidationError("no model at \(url.path): run `swift run -c release fashion-cnn` first, or pass --model")
        }
        let network = try Sequential<Float>.load(from: url)
        network.evaluate()
        print("loaded \(url.path):")
        print(network)

        let testSet = try FashionMNIST.load(.test, as: Float.self, directory: URL(fileURLWithPath: dataDirectory, isDirectory: true),
                                            limit: testLimit)
        let images = testSet.images / 255, labels = testSet.labels, classNames = testSet.classNames
        print("attacking \(labels.count) test images")

        let gradientSigns = Self.lossGradientSigns(network, images, labels)
        var generator = RandomGenerator(seed: seed)
        let randomSigns = Tensor<Float>(shape: images.shape, scalars: (0..<images.count).map { _ in generator.bernoulli(0.5) ? 1 : -1 })

        print("   ε     accuracy (gradient sign)   accuracy (random sign)")
        var attacked: [Double] = [], random: [Double] = []
        for epsilon in sizes {
            let a = Self.accuracy(network, Self.perturb(images, gradientSigns, epsilon), labels)
            let r = Self.accuracy(network, Self.perturb(images, randomSigns, epsilon), labels)
            attacked.append(a)
            random.append(r)
            print(String(format: "%6.3f  %14.4f  %24.4f", epsilon, a, r))
        }

        let directory = try outputDirectory("adversarial", override: output)
        var chart = Chart(title: "Test accuracy under attack", xLabel: "ε (pixel scale 0…1)", yLabel: "accuracy")
        chart.addLine(x: sizes, y: attacked, label: "fast gradient sign")
        chart.addLine(x: sizes, y: random, label: "random sign", dashed: true)
        chart.legendPosition = .bottomLeft
        try save(chart, "accuracy.svg", in: directory)

        // Eight images that the model gets right: original, perturbed, and the difference.
        let perturbed = Self.perturb(images, gradientSigns, exampleEpsilon)
        let before = predictedClasses(of: network, images), after = predictedClasses(of: network, perturbed)
        let shown = before.indices.filter { before[$0] == labels[$0] }.prefix(8)
        var pictures: [[Double]] = [], captions: [String] = []
        for i in shown {
            let original = images.row(i), changed = perturbed.row(i)
            pictures += [original.scalars, changed.scalars, (changed - original).scalars].map { $0.map(Double.init) }
            captions += ["\(classNames[before[i]])", "→ \(classNames[after[i]])", "difference (±\(exampleEpsilon))"]
        }
        if !pictures.isEmpty {
            try save(ImageGrid(images: pictures, imageWidth: 28, imageHeight: 28, columns: 3, captions: captions,
                               title: "Fast gradient sign, ε = \(exampleEpsilon)",
                               scaling: .perImage, pixelSize: 5), "examples.svg", in: directory)
        }
        let flipped = shown.filter { after[$0] != before[$0] }.count
        print("ε = \(exampleEpsilon): \(flipped) of the \(shown.count) example images change class")
    }

    /// `sign(∂loss/∂x)` for every image: forward, the criterion's gradient, and the network's
    /// `updateGradInput` (the model's weights are left alone), in batches of 500.
    static func lossGradientSigns(_ network: Sequential<Float>, _ images: Tensor<Float>, _ labels: [Int]) -> Tensor<Float> {
        let criterion = CrossEntropyCriterion<Float>()
        var signs: [Float] = []
        signs.reserveCapacity(images.count)
        for start in stride(from: 0, to: labels.count, by: 500) {
            let rows = start..<min(start + 500, labels.count)
            let x = images[rows: rows], y = Array(labels[rows])
            let scores = network.forward(x)
            _ = criterion.forward(scores, y)
            let gradient = network.updateGradInput(x, criterion.backward(scores, y))
            signs += gradient.scalars.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        }
        return Tensor(shape: images.shape, scalars: signs)
    }

    /// `clamp(x + ε·direction, 0, 1)`: the perturbed images stay valid images.
    static func perturb(_ images: Tensor<Float>, _ direction: Tensor<Float>, _ epsilon: Double) -> Tensor<Float> {
        (images + direction * Float(epsilon)).clamped(0, 1)
    }

    /// The share of `images` the network classifies as `labels`.
    static func accuracy(_ network: Sequential<Float>, _ images: Tensor<Float>, _ labels: [Int]) -> Double {
        let predictions = predictedClasses(of: network, images)
        return Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
    }
}
