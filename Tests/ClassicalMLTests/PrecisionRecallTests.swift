import XCTest
@testable import ClassicalML

final class PrecisionRecallTests: XCTestCase {
    func testPerClassAndAveragesOnHandCase() {
        // Confusion matrix [[1, 1, 0], [0, 2, 0], [1, 1, 1]] (rows true, columns predicted):
        // precision = [1/2, 2/4, 1/1], recall = [1/2, 2/2, 1/3], support = [2, 2, 3].
        let scores = precisionRecallF1([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 1])
        XCTAssertEqual(scores.precision, [0.5, 0.5, 1])
        XCTAssertEqual(scores.recall[0], 0.5)
        XCTAssertEqual(scores.recall[1], 1)
        XCTAssertEqual(scores.recall[2], 1.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(scores.support, [2, 2, 3])
        // F1 = 2pr / (p + r): 1/2, 2/3, 1/2.
        XCTAssertEqual(scores.f1[0], 0.5, accuracy: 1e-15)
        XCTAssertEqual(scores.f1[1], 2.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(scores.f1[2], 0.5, accuracy: 1e-15)
        let macro = scores.macroAverage
        XCTAssertEqual(macro.precision, 2.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(macro.recall, (0.5 + 1 + 1.0 / 3) / 3, accuracy: 1e-15)
        XCTAssertEqual(macro.f1, (0.5 + 2.0 / 3 + 0.5) / 3, accuracy: 1e-15)
        let weighted = scores.weightedAverage
        let weightedPrecision: Double = (2 * 0.5 + 2 * 0.5 + 3 * 1) / 7
        XCTAssertEqual(weighted.precision, weightedPrecision, accuracy: 1e-15)
        XCTAssertEqual(weighted.recall, 4.0 / 7, accuracy: 1e-15, "weighted recall is the accuracy")
    }

    func testZeroDivisionGivesZeroAndAbsentClassesAreNotAveraged() {
        // Class 1 is never predicted (precision 0/0 → 0); class 2 occurs nowhere.
        let scores = precisionRecallF1([0, 1, 1], [0, 0, 0], classCount: 3)
        XCTAssertEqual(scores.precision, [1.0 / 3, 0, 0])
        XCTAssertEqual(scores.recall, [1, 0, 0])
        XCTAssertEqual(scores.presentClasses, [0, 1])
        XCTAssertEqual(scores.macroAverage.recall, 0.5)
        XCTAssertEqual(scores.f1[0], 0.5, accuracy: 1e-15)
    }

    func testMicroAveragePoolsTheCounts() {
        // The hand case above: TP = [1, 2, 1], predicted = [2, 4, 1], support = [2, 2, 3].
        // Pooled: precision = 4/7, recall = 4/7, F1 = 4/7, the accuracy (scikit-learn's
        // precision_recall_fscore_support(average='micro') gives 0.5714285714285714 for all three).
        let scores = precisionRecallF1([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 1])
        XCTAssertEqual(scores.truePositives, [1, 2, 1])
        XCTAssertEqual(scores.predictedCounts, [2, 4, 1])
        let micro = scores.microAverage
        XCTAssertEqual(micro.precision, 4.0 / 7, accuracy: 1e-15)
        XCTAssertEqual(micro.recall, 4.0 / 7, accuracy: 1e-15)
        XCTAssertEqual(micro.f1, 4.0 / 7, accuracy: 1e-15)
        XCTAssertEqual(micro.precision, accuracy([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 1]), accuracy: 1e-15)
        // A class absent from both label lists is not pooled; no labels at all gives zeros.
        let absent = precisionRecallF1([0, 1, 1], [0, 0, 0], classCount: 3).microAverage
        XCTAssertEqual(absent.precision, 1.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(absent.recall, 1.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(precisionRecallF1([], [], classCount: 2).microAverage, .init(precision: 0, recall: 0, f1: 0))
    }
}
