import WickCore
import XCTest
@testable import Datasets

final class BundledDataTests: XCTestCase {
    func testDigits() throws {
        let (images, labels) = try Digits.load()
        XCTAssertEqual(images.shape, [1797, 64])
        XCTAssertEqual(labels.count, 1797)
        // The class sizes of UCI's optdigits.tes.
        let counts = (0..<10).map { c in labels.filter { $0 == c }.count }
        XCTAssertEqual(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        XCTAssertEqual(images.min(), 0)
        XCTAssertEqual(images.max(), 16)
        XCTAssertTrue(images.scalars.allSatisfy { $0 == $0.rounded() })
        // The first image is a 0: scikit-learn's `load_digits().images[0]`, row by row.
        XCTAssertEqual(labels.prefix(10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        XCTAssertEqual(images.row(0).scalars, [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0,
                                               0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
                                               0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0,
                                               0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0])
        let floats = try Digits.load(as: Float.self)
        XCTAssertEqual(floats.images, Tensor<Float>(images))
    }

    func testIris() throws {
        let (features, labels) = try Iris.load()
        XCTAssertEqual(features.shape, [150, 4])
        XCTAssertEqual((0..<3).map { c in labels.filter { $0 == c }.count }, [50, 50, 50])
        XCTAssertEqual(labels.first, 0)
        XCTAssertEqual(labels.last, 2)
        XCTAssertEqual(features.row(0).scalars, [5.1, 3.5, 1.4, 0.2])
        XCTAssertEqual(features.row(149).scalars, [5.9, 3.0, 5.1, 1.8])
        // Fisher's summary statistics (as in scikit-learn's description of the set).
        let means = features.mean(alongDimension: 0).scalars
        for (mean, expected) in zip(means, [5.843, 3.057, 3.758, 1.199]) { XCTAssertEqual(mean, expected, accuracy: 5e-4) }
        XCTAssertEqual(Iris.classNames.count, 3)
        XCTAssertEqual(Iris.featureNames.count, 4)
    }
}
