import Foundation
import WickCore
import XCTest
@testable import Datasets

/// The MNIST-format loaders on small files the tests write (gzip-compressed and not).
final class MNISTTests: XCTestCase {
    /// An IDX file of unsigned bytes with `shape`.
    private func idx(_ shape: [UInt32], _ values: [UInt8]) -> Data {
        var data = Data([0, 0, 0x08, UInt8(shape.count)])
        for size in shape { withUnsafeBytes(of: size.bigEndian) { data.append(contentsOf: $0) } }
        return data + Data(values)
    }

    /// Pixel `k` of image `i` in the test files.
    private func pixel(_ i: Int, _ k: Int) -> UInt8 { UInt8((i * 37 + k * 11) % 256) }

    /// A directory with `count` test images labelled `labels`: the training files gzip-compressed
    /// (as published), the test files plain (as after `gunzip`).
    private func writeFiles(labels: [UInt8], side: UInt32 = 28, testLabels: [UInt8]? = nil) throws -> URL {
        let directory = try temporaryDirectory(self)
        let n = labels.count, pixels = Int(side * side)
        let images = idx([UInt32(n), side, side], (0..<n).flatMap { i in (0..<pixels).map { pixel(i, $0) } })
        try Gzip.compress(images).write(to: directory.appendingPathComponent("train-images-idx3-ubyte.gz"))
        try Gzip.compress(idx([UInt32(n)], labels)).write(to: directory.appendingPathComponent("train-labels-idx1-ubyte.gz"))
        try images.write(to: directory.appendingPathComponent("t10k-images-idx3-ubyte"))
        let test = testLabels ?? labels
        try idx([UInt32(test.count)], test).write(to: directory.appendingPathComponent("t10k-labels-idx1-ubyte"))
        return directory
    }

    func testLoadsImagesAsABatchOfOneChannelImagesWithTheirLabels() throws {
        let directory = try writeFiles(labels: [3, 0, 9, 1, 5])
        for split in MNISTSplit.allCases {
            let set = try FashionMNIST.load(split, directory: directory)
            XCTAssertEqual(set.images.shape, [5, 1, 28, 28], "\(split)")
            XCTAssertEqual(set.labels, [3, 0, 9, 1, 5])
            XCTAssertEqual(set.count, 5)
            XCTAssertEqual(set.classNames, FashionMNIST.classNames)
            // Pixel values as stored (0...255), row by row.
            XCTAssertEqual(set.images[indices: [2, 0, 0, 0]], Float(pixel(2, 0)))
            XCTAssertEqual(set.images[indices: [4, 0, 27, 27]], Float(pixel(4, 783)))
            XCTAssertEqual(set.images[indices: [1, 0, 3, 5]], Float(pixel(1, 3 * 28 + 5)))
            XCTAssertEqual(set.images.scalars.prefix(784).map { UInt8($0) }, (0..<784).map { pixel(0, $0) })
        }
        let digits = try MNIST.load(.train, as: Double.self, directory: directory)
        XCTAssertEqual(digits.classNames, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        XCTAssertEqual(Tensor<Float>(digits.images), try FashionMNIST.load(.train, directory: directory).images)
    }

    func testLimitLoadsTheFirstImages() throws {
        let directory = try writeFiles(labels: [3, 0, 9, 1, 5])
        let full = try MNIST.load(.train, directory: directory)
        let first = try MNIST.load(.train, directory: directory, limit: 2)
        XCTAssertEqual(first.images.shape, [2, 1, 28, 28])
        XCTAssertEqual(first.labels, [3, 0])
        XCTAssertEqual(first.images, full.images[rows: 0..<2])
        XCTAssertEqual(try MNIST.load(.test, directory: directory, limit: 10).labels, [3, 0, 9, 1, 5])
        XCTAssertEqual(try MNIST.load(.test, directory: directory, limit: 0).images.shape, [0, 1, 28, 28])
        XCTAssertEqual(trappedMessage { _ = try? MNIST.load(.test, directory: directory, limit: -1) },
                       "MNIST.load: limit must not be negative, got -1")
    }

    func testAMissingDataSetSaysWhatToInstall() throws {
        let nowhere = URL(fileURLWithPath: "/nonexistent/fashion-mnist")
        let error = datasetError { try FashionMNIST.load(.train, directory: nowhere) }
        XCTAssertEqual(error, .missingDataset(
            name: "Fashion-MNIST", path: "/nonexistent/fashion-mnist/train-images-idx3-ubyte.gz",
            remedy: "install the Debian package dataset-fashion-mnist (`sudo apt-get install dataset-fashion-mnist`, "
                + "or `make deps-data` in Wick's checkout), or pass the directory that holds train-images-idx3-ubyte.gz, "
                + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"))
        XCTAssertEqual(error.map { "\($0)" }, "Fashion-MNIST is not installed: /nonexistent/fashion-mnist/train-images-idx3-ubyte.gz "
            + "does not exist; install the Debian package dataset-fashion-mnist (`sudo apt-get install dataset-fashion-mnist`, "
            + "or `make deps-data` in Wick's checkout), or pass the directory that holds train-images-idx3-ubyte.gz, "
            + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz")
        XCTAssertEqual(FashionMNIST.defaultDirectory.path, "/usr/share/datasets/fashion-mnist")

        // MNIST has no package: the message says where to put the files. A missing labels file is
        // named as such.
        let directory = try temporaryDirectory(self)
        try idx([1, 28, 28], [UInt8](repeating: 0, count: 784)).write(to: directory.appendingPathComponent("t10k-images-idx3-ubyte"))
        guard case let .missingDataset(name, path, remedy)? = datasetError({ try MNIST.load(.test, directory: directory) }) else {
            return XCTFail("expected missingDataset")
        }
        XCTAssertEqual(name, "MNIST")
        XCTAssertEqual(path, directory.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path)
        XCTAssertTrue(remedy.hasPrefix("MNIST is not packaged for Debian: copy its four files (train-images-idx3-ubyte.gz, "), remedy)
        XCTAssertTrue(remedy.hasSuffix(" into \(directory.path)"), remedy)
    }

    func testInconsistentFilesAreMalformed() throws {
        let mismatched = try writeFiles(labels: [1, 2, 3], testLabels: [1, 2])
        XCTAssertEqual(datasetError { try MNIST.load(.test, directory: mismatched) },
                       .malformed(format: "MNIST", reason: "t10k-labels-idx1-ubyte has 2 labels for the 3 images of t10k-images-idx3-ubyte"))
        let wrongSide = try writeFiles(labels: [1, 2], side: 27)
        XCTAssertEqual(datasetError { try FashionMNIST.load(.train, directory: wrongSide) },
                       .malformed(format: "Fashion-MNIST", reason: "train-images-idx3-ubyte.gz holds 2x27x27 values, expected Nx28x28 images"))
        let badLabel = try writeFiles(labels: [1, 10, 3])
        XCTAssertEqual(datasetError { try FashionMNIST.load(.train, directory: badLabel) }, .invalidLabel(row: 1, value: "10"))
    }
}

/// The Fashion-MNIST files that the Debian package `dataset-fashion-mnist` installs (`make test`
/// installs it). The expected values were read from the files with Python's gzip module.
final class FashionMNISTInstalledTests: XCTestCase {
    /// The sum of the pixels of the images in `range`, in Double (exact: they are integers).
    private func pixelSum(_ images: Tensor<Float>, _ range: Range<Int>) -> Double {
        pixelStatistics(images, range).sum
    }

    /// The sum, smallest and largest pixel of the images in `range`, in one pass (a debug build
    /// makes every pass over 47 million pixels count).
    private func pixelStatistics(_ images: Tensor<Float>, _ range: Range<Int>) -> (sum: Double, min: Float, max: Float) {
        images.withUnsafeBufferPointer { p in
            var (sum, low, high) = (0.0, Float.infinity, -Float.infinity)
            for k in (range.lowerBound * 784)..<(range.upperBound * 784) {
                sum += Double(p[k])
                low = min(low, p[k])
                high = max(high, p[k])
            }
            return (sum, low, high)
        }
    }

    func testTrainingSet() throws {
        let train = try FashionMNIST.load(.train)
        XCTAssertEqual(train.images.shape, [60_000, 1, 28, 28])
        XCTAssertEqual(train.count, MNISTSplit.train.publishedCount)
        XCTAssertEqual((0..<10).map { c in train.labels.filter { $0 == c }.count }, [Int](repeating: 6000, count: 10))
        XCTAssertEqual(train.labels.prefix(10), [9, 0, 0, 3, 0, 2, 7, 2, 5, 5])
        XCTAssertEqual(train.labels.suffix(3), [3, 0, 5])
        XCTAssertEqual(train.classNames[train.labels[0]], "Ankle boot")
        XCTAssertEqual(pixelSum(train.images, 0..<1), 76_247)
        XCTAssertEqual(pixelSum(train.images, 59_999..<60_000), 16_684)
        let all = pixelStatistics(train.images, 0..<60_000)
        XCTAssertEqual(all.sum, 3_431_114_169)
        XCTAssertEqual(all.min, 0)
        XCTAssertEqual(all.max, 255)
        XCTAssertEqual(train.images.row(0).row(0).row(14).scalars,
                       [0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216, 223, 229, 215, 218, 255, 77, 0])
    }

    func testTestSetAndLimit() throws {
        let test = try FashionMNIST.load(.test)
        XCTAssertEqual(test.images.shape, [10_000, 1, 28, 28])
        XCTAssertEqual((0..<10).map { c in test.labels.filter { $0 == c }.count }, [Int](repeating: 1000, count: 10))
        XCTAssertEqual(test.labels.prefix(10), [9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
        XCTAssertEqual(pixelSum(test.images, 0..<1), 33_456)
        XCTAssertEqual(pixelSum(test.images, 9_999..<10_000), 24_390)
        let all = pixelStatistics(test.images, 0..<10_000)
        XCTAssertEqual(all.sum, 573_469_082)
        XCTAssertEqual(all.min, 0)
        XCTAssertEqual(all.max, 255)
        XCTAssertEqual(test.classNames, ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"])
        // The first 100, in Double.
        let first = try FashionMNIST.load(.test, as: Double.self, limit: 100)
        XCTAssertEqual(first.images.shape, [100, 1, 28, 28])
        XCTAssertEqual(first.labels, Array(test.labels.prefix(100)))
        XCTAssertEqual(first.images.sum(), 5_854_180)
        XCTAssertEqual(Tensor<Float>(first.images), test.images[rows: 0..<100])
    }
}
