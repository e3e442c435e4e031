// Principal component analysis, first by hand as in the lecture: the covariance matrix of a
// correlated 2-D Gaussian cloud, its eigenvalues (the variances along the principal axes) and its
// eigenvectors (the axes, orthonormal). Then ClassicalML's PCA on the 64-pixel digits: the
// images projected on their first two components, coloured by digit, and the components as images.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct PCASample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pca",
        abstract: "Principal axes of a correlated 2-D Gaussian; digits projected on their first two components.")

    @OptionGroup var machine: MachineOptions

    @Option(help: "Points of the 2-D Gaussian (mean (2, 1), covariance [[3, 2], [2, 2]]).") var count = 500
    @Option(help: "The images: the bundled digits, or Fashion-MNIST's training set (`make deps-data`).")
    var dataset: ImageSource = .digits
    @Option(help: "How many Fashion-MNIST training images (at most 60000).") var images = 60_000
    @Option(help: "Components to draw as images.") var components = 10
    @Option(help: "Seed for the Gaussian points.") var seed: UInt64 = 1
    @Option(help: "Output folder (default output/pca).") var output: String?

    func validate() throws {
        guard count >= 3 else { throw ValidationError("--count must be at least 3") }
        let pixels = dataset == .digits ? Digits.pixelCount : 784
        guard (1...pixels).contains(components) else { throw ValidationError("--components must be in 1...\(pixels)") }
        guard (2...60_000).contains(images) else { throw ValidationError("--images must be in 2...60000") }
    }

    func run() throws {
        machine.report()
        let directory = try outputDirectory("pca", override: output)
        try gaussianAxes(directory)
        switch dataset {
        case .digits:
            let (images, labels) = try Digits.load(as: Double.self)
            try imageProjection(images, labels, side: Digits.side, classNames: (0...9).map(String.init), name: "digits", directory)
        case .fashion:
            let train = try FashionMNIST.load(.train, as: Double.self, limit: images)
            try imageProjection(train.images.reshaped(train.count, 784) / 255, train.labels, side: 28, classNames: train.classNames,
                                name: "fashion", directory)
        }
    }

    enum ImageSource: String, ExpressibleByArgument, CaseIterable { case digits, fashion }

    /// The covariance of the 2-D cloud and its eigen decomposition, printed and drawn.
    func gaussianAxes(_ directory: URL) throws {
        var generator = RandomGenerator(seed: seed)
        let truth: [[Double]] = [[3, 2], [2, 2]]
        let x = SyntheticData.correlatedGaussian(count: count, mean: [2, 1], covariance: truth, generator: &generator)
        let mean = x.mean(alongDimension: 0)
        let centred = x - mean  // the row vector is subtracted from every row
        let covariance = matmul(centred, centred, transposeA: true) / Double(count - 1)
        print("\(count) points of a 2-D Gaussian with mean (2, 1) and covariance [[3, 2], [2, 2]]")
        print("sample mean: (\(fixed(mean[0])), \(fixed(mean[1])))")
        print("sample covariance (XcᵀXc / (n − 1)):\n\(covariance)")

        // symmetricEigen gives ascending eigenvalues with the eigenvectors as columns; the
        // principal axes are the columns taken from the largest eigenvalue down.
        let eigen = try symmetricEigen(covariance)
        let truthEigen = try symmetricEigen(Tensor(truth))
        let values = [eigen.values[1], eigen.values[0]]
        // An eigenvector's sign is arbitrary: show each with its largest entry positive.
        let axes = [eigen.vectors.column(1), eigen.vectors.column(0)].map { v in
            abs(v.max()) >= abs(v.min()) ? v : v * -1
        }
        print("eigenvalues (variance along each axis): \(fixed(values[0])), \(fixed(values[1])) "
              + "(generating \(fixed(truthEigen.values[1])), \(fixed(truthEigen.values[0])))")
        print("eigenvectors (principal axes, as columns):\n\(Tensor.concatenated([axes[0].reshaped(2, 1), axes[1].reshaped(2, 1)], alongDimension: 1))")
        print("axis 1 · axis 2 = \(String(format: "%.3e", dot(axes[0], axes[1])))")
        print("‖axis 1‖ = \(fixed(axes[0].norm(), 12)), ‖axis 2‖ = \(fixed(axes[1].norm(), 12))")
        let angle = atan2(axes[0][1], axes[0][0]) * 180 / .pi
        let truthAngle = atan2(truthEigen.vectors[1, 1], truthEigen.vectors[0, 1]) * 180 / .pi
        print("angle of axis 1 to the x axis: \(fixed(normalisedAngle(angle), 2))° (generating \(fixed(normalisedAngle(truthAngle), 2))°)")

        // ClassicalML's PCA finds the same axes (up to sign) and variances.
        var pca = PCA<Double>(components: 2)
        try pca.fit(x)
        var gap = 0.0
        for i in 0..<2 {
            gap = max(gap, abs(pca.explainedVariance[i] - values[i]), abs(abs(dot(pca.components.row(i), axes[i])) - 1))
        }
        print("PCA estimator: explained variance ratio \(fixed(pca.explainedVarianceRatio[0])), \(fixed(pca.explainedVarianceRatio[1])); "
              + "largest difference from the eigen decomposition \(String(format: "%.1e", gap))")

        var chart = Chart(title: "Principal axes (±2 standard deviations)", xLabel: "x₁", yLabel: "x₂")
        chart.equalAspect = true
        chart.legendPosition = .bottomRight
        let (px, py) = columns(x)
        chart.addScatter(x: px, y: py, label: "data", color: Color(gray: 0.6), radius: 2.5)
        for i in 0..<2 {
            let half = 2 * values[i].squareRoot()
            let ends = [-half, half]
            chart.addLine(x: ends.map { mean[0] + $0 * axes[i][0] }, y: ends.map { mean[1] + $0 * axes[i][1] },
                          label: "axis \(i + 1), variance \(fixed(values[i], 2))", lineWidth: 3)
        }
        try save(chart, "axes.svg", in: directory)
    }

    /// An angle in degrees folded into (-90°, 90°]: an axis has no direction.
    func normalisedAngle(_ degrees: Double) -> Double {
        var a = degrees
        while a > 90 { a -= 180 }
        while a <= -90 { a += 180 }
        return a
    }

    /// PCA of images (`N x side²`, one per row): the 2-D projection, the variance explained, and
    /// the first components drawn as images; the plots are named after `name`.
    func imageProjection(_ images: Tensor<Double>, _ labels: [Int], side: Int, classNames: [String], name: String,
                         _ directory: URL) throws {
        let pixels = side * side
        var pca = PCA<Double>(components: pixels)
        let projected = try pca.fitTransform(images)
        let ratios = pca.explainedVarianceRatio.scalars
        print("\n\(name): \(labels.count) images of \(pixels) pixels")
        print("explained variance ratio of the first two components: \(fixed(ratios[0])), \(fixed(ratios[1]))")
        var cumulative: [Double] = []
        for r in ratios { cumulative.append((cumulative.last ?? 0) + r) }
        for threshold in [0.5, 0.8, 0.9, 0.95] {
            let needed = (cumulative.firstIndex { $0 >= threshold } ?? ratios.count - 1) + 1
            print("components for \(Int(threshold * 100))% of the variance: \(needed)")
        }
        let gram = matmul(pca.components, pca.components, transposeB: true)
        print("largest |CCᵀ − I| over the \(pixels) components: "
              + String(format: "%.1e", (gram - Tensor.eye(pixels)).abs().max()))

        // At most 2000 points in the scatter plot: more only hide each other.
        let shown = Array(0..<Swift.min(labels.count, 2000))
        let title = name == "digits" ? "Digits" : "Fashion-MNIST"
        var scatter = Chart(title: "\(title) on their first two principal components", xLabel: "component 1", yLabel: "component 2")
        scatter.classNames = classNames
        scatter.addScatter(x: shown.map { projected[$0, 0] }, y: shown.map { projected[$0, 1] }, classes: shown.map { labels[$0] }, radius: 2.5)
        try save(scatter, "\(name)-2d.svg", in: directory)

        var variance = Chart(title: "\(title): variance explained", xLabel: "number of components", yLabel: "share of the variance")
        variance.legendPosition = .bottomRight
        variance.yRange = 0...1
        variance.addLine(y: cumulative, label: "cumulative")
        variance.addLine(y: ratios, label: "each component")
        try save(variance, "\(name)-variance.svg", in: directory)

        let grid = ImageGrid(
            images: (0..<components).map { pca.components.row($0).scalars }, imageWidth: side, imageHeight: side,
            columns: min(components, 5), captions: (0..<components).map { "PC\($0 + 1) \(fixed(100 * ratios[$0], 1))%" },
            title: "First principal components", colorMap: .diverging, pixelSize: side > 8 ? 4 : 10)
        try save(grid, name == "digits" ? "components.svg" : "\(name)-components.svg", in: directory)
    }
}
