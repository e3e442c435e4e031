import XCTest
@testable import ClassicalML

final class ClassificationMetricsTests: XCTestCase {
    private let truth = [0, 0, 1, 1, 2, 2, 2]
    private let predicted = [0, 1, 1, 1, 2, 0, 1]

    func testAccuracy() {
        XCTAssertEqual(accuracy(truth, predicted), 4.0 / 7)
        XCTAssertEqual(accuracy([], []), 1)
    }

    func testConfusionMatrix() {
        XCTAssertEqual(confusionMatrix(truth, predicted), [[1, 1, 0], [0, 2, 0], [1, 1, 1]])
        XCTAssertEqual(confusionMatrix([1], [0], classCount: 3), [[0, 0, 0], [1, 0, 0], [0, 0, 0]])
    }

    func testMisuseIsReported() {
        XCTAssertEqual(trappedMessage { _ = accuracy([0, 1], [0]) }, "accuracy: yTrue has 2 labels but yPredicted has 1")
        XCTAssertEqual(trappedMessage { _ = confusionMatrix([0, -1], [0, 0]) },
                       "confusionMatrix: yTrue[1] = -1 is not a zero-based class index")
        XCTAssertEqual(trappedMessage { _ = confusionMatrix([0, 2], [0, 0], classCount: 2) },
                       "confusionMatrix: classCount is 2 but the labels go up to 2")
    }
}
