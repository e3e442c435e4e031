import Foundation
import WickCore

/// Zalando's Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 60,000 training and 10,000 test
/// grey-scale images of clothing, 28x28 pixels, in 10 classes of 6,000 and 1,000 images each, in
/// MNIST's IDX format. A drop-in replacement for MNIST that is harder: its README lists test
/// accuracies of 0.883 for an MLP (256-128-100), 0.876-0.916 for two convolutions with pooling,
/// and 0.934 for two convolutions with pooling and batch normalization.
///
/// The Debian package `dataset-fashion-mnist` installs the four files under
/// ``defaultDirectory``; `make test` and `make deps-data` in Wick's checkout install it
/// (`scripts/install-deps.sh dataset-fashion-mnist`). Wick downloads nothing.
///
/// ```swift
/// var train = try FashionMNIST.load(.train)              // 60000 x 1 x 28 x 28 Floats, 0...255
/// train.images /= 255                                     // in place: pixels in [0, 1]
/// let test = try FashionMNIST.load(.test, limit: 1000)    // the first 1000 test images
/// print(FashionMNIST.classNames[test.labels[0]])          // "Ankle boot"
/// ```
public enum FashionMNIST {
    /// The articles, indexed by label (from the data set's README).
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]
    /// Where the Debian package installs the files: `/usr/share/datasets/fashion-mnist`.
    public static let defaultDirectory = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist", isDirectory: true)
    /// The Debian package that installs the data set.
    public static let debianPackage = "dataset-fashion-mnist"

    /// Loads one split of Fashion-MNIST.
    ///
    /// - Parameters:
    ///   - split: ``MNISTSplit/train`` (60,000 images) or ``MNISTSplit/test`` (10,000).
    ///   - type: the scalar type of the images (`Float` by default: 188 MB for the training set,
    ///     twice that in `Double`).
    ///   - directory: the folder holding the four IDX files (gzip-compressed, as the package
    ///     installs them, or not); ``defaultDirectory`` by default.
    ///   - limit: load only the first `limit` images and labels (all when `nil`), for quick tests
    ///     and samples.
    /// - Returns: the images, `N x 1 x 28 x 28` with the stored pixel values 0...255 (as Torch7's
    ///   loaders give them; not scaled), the labels 0...9 and ``classNames``.
    /// - Throws: ``DatasetError/missingDataset(name:path:remedy:)``, saying to install
    ///   `dataset-fashion-mnist`, when a file is not there;
    ///   ``DatasetError/malformed(format:reason:)`` when the images are not 28x28 or the counts of
    ///   images and labels differ, ``DatasetError/invalidLabel(row:value:)`` for a label outside
    ///   0...9, and what ``IDX`` throws for a damaged file.
    public static func load<Scalar: TensorScalar>(
        _ split: MNISTSplit, as type: Scalar.Type = Float.self, directory: URL = defaultDirectory, limit: Int? = nil
    ) throws -> LabeledImages<Scalar> {
        try loadMNISTFormat(name: "Fashion-MNIST", split, as: type, directory: directory, limit: limit, classNames: classNames,
                            remedy: "install the Debian package \(debianPackage) (`sudo apt-get install \(debianPackage)`, "
                                + "or `make deps-data` in Wick's checkout), or pass the directory that holds \(MNIST.allFileNames)")
    }
}
