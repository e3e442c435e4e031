import Foundation
import WickCore

/// The two parts of an MNIST-format data set: 60,000 training and 10,000 test images, in the
/// files `train-…` and `t10k-…`.
public enum MNISTSplit: String, CaseIterable, Sendable {
    /// The training images (`train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`).
    case train
    /// The test images (`t10k-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte.gz`).
    case test

    /// The start of the split's file names: `"train"` or `"t10k"`.
    public var filePrefix: String { self == .train ? "train" : "t10k" }
    /// The images file, `<prefix>-images-idx3-ubyte.gz` (the loaders also take it uncompressed).
    public var imagesFileName: String { "\(filePrefix)-images-idx3-ubyte.gz" }
    /// The labels file, `<prefix>-labels-idx1-ubyte.gz` (the loaders also take it uncompressed).
    public var labelsFileName: String { "\(filePrefix)-labels-idx1-ubyte.gz" }
    /// The number of images in the published files: 60,000 for training, 10,000 for test, in both
    /// MNIST and Fashion-MNIST.
    public var publishedCount: Int { self == .train ? 60_000 : 10_000 }
}

/// Labelled images as an MNIST-format loader gives them: a batch of one-channel images, one class
/// label per image, and the names of the classes.
///
/// ```swift
/// var train = try FashionMNIST.load(.train)        // 60000 x 1 x 28 x 28 Floats, 0...255
/// train.images /= 255                               // in place: pixels in [0, 1]
/// print(train.classNames[train.labels[0]])          // "Ankle boot"
/// ```
public struct LabeledImages<Scalar: TensorScalar>: Sendable {
    /// The images, `N x 1 x 28 x 28` (batch, channel, row, column): the pixel values as stored,
    /// integers from 0 (background) to 255, not scaled (divide by 255 for [0, 1], as PyTorch's
    /// `ToTensor` does, or standardise).
    public var images: Tensor<Scalar>
    /// The class of each image, 0-based: an index into ``classNames``.
    public var labels: [Int]
    /// The name of each class, indexed by label.
    public let classNames: [String]

    /// Images, labels and class names, as given.
    public init(images: Tensor<Scalar>, labels: [Int], classNames: [String]) {
        self.images = images
        self.labels = labels
        self.classNames = classNames
    }

    /// The number of images.
    public var count: Int { labels.count }
}

/// The original MNIST handwritten digits (LeCun, Cortes and Burges): 60,000 training and 10,000
/// test images of 28x28 pixels, labelled 0...9.
///
/// MNIST is not packaged for Debian and Wick does not download it: give the directory that holds
/// its four IDX files, gzip-compressed (as published) or not. Fashion-MNIST, in the same format,
/// is installed by a Debian package: see ``FashionMNIST``.
///
/// ```swift
/// let test = try MNIST.load(.test, directory: URL(fileURLWithPath: "data/mnist"))
/// ```
public enum MNIST {
    /// The digits, indexed by label: `"0"` … `"9"`.
    public static let classNames = (0...9).map(String.init)
    /// Images are `imageSide` x `imageSide` pixels.
    public static let imageSide = 28
    /// The largest pixel value.
    public static let maximumPixelValue = 255.0

    /// Loads one split of the MNIST files in `directory`.
    ///
    /// - Parameters:
    ///   - split: ``MNISTSplit/train`` or ``MNISTSplit/test``.
    ///   - type: the scalar type of the images (`Float` by default: 188 MB for the training set,
    ///     twice that in `Double`).
    ///   - directory: the folder holding `train-images-idx3-ubyte.gz` and the other three files
    ///     (each may also be uncompressed, without `.gz`).
    ///   - limit: load only the first `limit` images and labels (all when `nil`), for quick tests.
    /// - Returns: the images, `N x 1 x 28 x 28` with the stored pixel values 0...255, the labels
    ///   0...9 and ``classNames``.
    /// - Throws: ``DatasetError/missingDataset(name:path:remedy:)`` when a file is not there,
    ///   ``DatasetError/malformed(format:reason:)`` when the images are not 28x28 or the counts of
    ///   images and labels differ, ``DatasetError/invalidLabel(row:value:)`` for a label outside
    ///   0...9, and what ``IDX`` throws for a damaged file.
    public static func load<Scalar: TensorScalar>(
        _ split: MNISTSplit, as type: Scalar.Type = Float.self, directory: URL, limit: Int? = nil
    ) throws -> LabeledImages<Scalar> {
        try loadMNISTFormat(name: "MNIST", split, as: type, directory: directory, limit: limit, classNames: classNames,
                            remedy: "MNIST is not packaged for Debian: copy its four files (\(allFileNames)) into \(directory.path)")
    }

    /// The four file names, for messages.
    static var allFileNames: String {
        MNISTSplit.allCases.flatMap { [$0.imagesFileName, $0.labelsFileName] }.joined(separator: ", ")
    }
}

/// Reads one split of an MNIST-format data set: checks that the files exist, that the images are
/// 28x28 and as many as the labels, and that every label names a class.
func loadMNISTFormat<Scalar: TensorScalar>(
    name: String, _ split: MNISTSplit, as type: Scalar.Type, directory: URL, limit: Int?, classNames: [String], remedy: String
) throws -> LabeledImages<Scalar> {
    wickPrecondition((limit ?? 0) >= 0, "\(name).load: limit must not be negative, got \(limit ?? 0)")
    let imagesURL = try locate(split.imagesFileName, in: directory, name: name, remedy: remedy)
    let labelsURL = try locate(split.labelsFileName, in: directory, name: name, remedy: remedy)
    let images: Tensor<Scalar> = try IDX.decode(FileIO.read(imagesURL), as: type, firstItems: limit)
    let labels = try IDX.decodeLabels(FileIO.read(labelsURL), firstItems: limit)
    let side = MNIST.imageSide
    guard images.rank == 3, images.shape[1] == side, images.shape[2] == side else {
        throw DatasetError.malformed(format: name,
            reason: "\(imagesURL.lastPathComponent) holds \(formatShape(images.shape)) values, expected Nx\(side)x\(side) images")
    }
    guard labels.count == images.shape[0] else {
        throw DatasetError.malformed(format: name,
            reason: "\(labelsURL.lastPathComponent) has \(labels.count) labels for the \(images.shape[0]) images of \(imagesURL.lastPathComponent)")
    }
    if let row = labels.firstIndex(where: { $0 >= classNames.count }) {
        throw DatasetError.invalidLabel(row: row, value: "\(labels[row])")
    }
    return LabeledImages(images: images.reshaped(labels.count, 1, side, side), labels: labels, classNames: classNames)
}

/// The file `fileName` in `directory`, or the same name without `.gz`.
private func locate(_ fileName: String, in directory: URL, name: String, remedy: String) throws -> URL {
    let compressed = directory.appendingPathComponent(fileName)
    let plain = directory.appendingPathComponent(String(fileName.dropLast(3)))  // without ".gz"
    for url in [compressed, plain] where FileManager.default.fileExists(atPath: url.path) { return url }
    throw DatasetError.missingDataset(name: name, path: compressed.path, remedy: remedy)
}
