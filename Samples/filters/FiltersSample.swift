// The lecture's "Convolution, filters" slide: three 3x3 edge-detection kernels (the ones of the
// "Kernel (image processing)" table) set by hand as the weights of one SpatialConvolution, and
// applied to an image of Fashion-MNIST (or of the bundled digits). A convolutional layer is this
// with weights it learns; here they are fixed, so what each filter responds to can be seen.
import ArgumentParser
import Foundation
import SampleSupport
import Wick

@main
struct FiltersSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filters",
        abstract: "Edge-detection kernels as the weights of a SpatialConvolution, applied to one image.")

    @OptionGroup var machine: MachineOptions

    enum Source: String, ExpressibleByArgument, CaseIterable { case fashion, digits }

    @Option(help: "Where the image comes from: fashion (Fashion-MNIST test set, `make deps-data`) or digits (bundled).")
    var dataset: Source = .fashion
    @Option(help: "The index of the image (0-based).") var image = 0
    @Option(help: "Output folder (default output/filters).") var output: String?

    /// The three kernels, each 3x3, row by row.
    static let kernels: [(name: String, values: [Double])] = [
        ("diagonal edges", [1, 0, -1, 0, 0, 0, -1, 0, 1]),
        ("edges (4-neighbour Laplacian)", [0, -1, 0, -1, 4, -1, 0, -1, 0]),
        ("edges (8-neighbour Laplacian)", [-1, -1, -1, -1, 8, -1, -1, -1, -1]),
    ]

    func run() throws {
        machine.report()
        let directory = try outputDirectory("filters", override: output)
        let (picture, side, label) = try loadImage()
        print("image \(image) of \(dataset.rawValue): \(label), \(side)x\(side) pixels scaled to [0, 1]")

        // One input plane, three output planes, 3x3 kernels, stride 1, padding 1 (same size out).
        let convolution = SpatialConvolution<Double>(1, 3, 3, 3, 1, 1, 1, 1, bias: false)
        convolution.weight = Tensor(shape: [3, 1, 3, 3], scalars: Self.kernels.flatMap(\.values))
        print(convolution)
        let responses = convolution.forward(picture)  // 3 x side x side
        print("output: \(formatShape(responses.shape))")

        for (k, kernel) in Self.kernels.enumerated() {
            let response = responses.row(k)
            let direct = directConvolution(picture.row(0), kernel.values, side: side)
            print("\(kernel.name): kernel \(kernel.values.map { String(Int($0)) }.joined(separator: " ")), "
                  + "response from \(fixed(response.min(), 3)) to \(fixed(response.max(), 3)), "
                  + "largest difference from a direct convolution \(String(format: "%.1e", (response - direct).abs().max()))")
        }

        let images = [picture.row(0).scalars] + (0..<3).map { responses.row($0).scalars }
        let grid = ImageGrid(images: images, imageWidth: side, imageHeight: side, columns: 4,
                             captions: ["\(label)"] + Self.kernels.map(\.name),
                             title: "Edge-detection kernels on one image", colorMap: .inverseGrayscale,
                             scaling: .perImage, pixelSize: 6)
        try save(grid, "filters.svg", in: directory)
    }

    /// The image as a `1 x side x side` tensor in [0, 1], its side and its class name.
    func loadImage() throws -> (Tensor<Double>, Int, String) {
        switch dataset {
        case .fashion:
            let test = try FashionMNIST.load(.test, as: Double.self, limit: image + 1)
            guard image < test.count else { throw ValidationError("--image must be below \(test.count)") }
            return (test.images.row(image) / 255, 28, test.classNames[test.labels[image]])
        case .digits:
            let (images, labels) = try Digits.load()
            guard (0..<Digits.count).contains(image) else { throw ValidationError("--image must be in 0..<\(Digits.count)") }
            let x = images.row(image).reshaped(1, Digits.side, Digits.side) / Digits.maximumPixelValue
            return (x, Digits.side, "digit \(labels[image])")
        }
    }

    /// The convolution (Torch7's: a cross-correlation) of `picture` (`side x side`) with `kernel`,
    /// zero-padded by 1, by plain loops: what the layer's im2col and GEMM compute.
    func directConvolution(_ picture: Tensor<Double>, _ kernel: [Double], side: Int) -> Tensor<Double> {
        var out = Tensor<Double>.zeros(side, side)
        for r in 0..<side {
            for c in 0..<side {
                var sum = 0.0
                for i in 0..<3 {
                    for j in 0..<3 where (0..<side).contains(r + i - 1) && (0..<side).contains(c + j - 1) {
                        sum += kernel[i * 3 + j] * picture[r + i - 1, c + j - 1]
                    }
                }
                out[r, c] = sum
            }
        }
        return out
    }
}
