import XCTest
@testable import ClassicalML

final class ROCTests: XCTestCase {
    func testHandCase() throws {
        // Sorted by score: 0.8 (+), 0.4 (−), 0.35 (+), 0.1 (−).
        let curve = try rocCurve([0, 0, 1, 1], Tensor<Double>([0.1, 0.4, 0.35, 0.8]))
        XCTAssertEqual(curve.thresholds, [.infinity, 0.8, 0.4, 0.35, 0.1])
        XCTAssertEqual(curve.truePositiveRates, [0, 0.5, 0.5, 1, 1])
        XCTAssertEqual(curve.falsePositiveRates, [0, 0, 0.5, 0.5, 1])
        // Three of the four (positive, negative) pairs are ordered correctly.
        XCTAssertEqual(curve.area, 0.75)
        XCTAssertEqual(try rocAUC([0, 0, 1, 1], Tensor<Double>([0.1, 0.4, 0.35, 0.8])), 0.75)
    }

    func testAUCIsThePairwiseOrderingProbabilityWithTiesAsHalf() throws {
        let labels = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1]
        let scores: [Double] = [0.9, 0.3, 0.3, 0.7, 0.7, 0.1, 0.5, 0.5, 0.2, 0.3]
        var credit = 0.0, pairs = 0.0
        for i in labels.indices where labels[i] == 1 {
            for j in labels.indices where labels[j] == 0 {
                pairs += 1
                credit += scores[i] > scores[j] ? 1 : (scores[i] == scores[j] ? 0.5 : 0)
            }
        }
        XCTAssertEqual(try rocAUC(labels, Tensor(scores)), credit / pairs, accuracy: 1e-15)
    }

    func testPositiveClassAndPerfectSeparation() throws {
        XCTAssertEqual(try rocAUC([2, 2, 5, 5], Tensor<Double>([1, 2, 3, 4]), positiveClass: 5), 1)
        XCTAssertEqual(try rocAUC([2, 2, 5, 5], Tensor<Double>([1, 2, 3, 4]), positiveClass: 2), 0)
    }

    func testSingleClassAndNaNThrow() {
        let error = thrownError { _ = try rocCurve([1, 1], Tensor<Double>([0.2, 0.4])) }
        XCTAssertEqual(error?.description,
                       "rocCurve: undefined because the labels hold 2 positive and 0 negative samples; both kinds are needed.")
        XCTAssertEqual(thrownError { _ = try rocCurve([0, 1], Tensor<Double>([0.2, .nan])) },
                       .nonFiniteValue(operation: "rocCurve", argument: "scores", row: 1, column: 0))
    }

    func testTrapezoidRule() {
        XCTAssertEqual(auc(x: [0, 1, 2], y: [0, 1, 0]), 1)
        XCTAssertEqual(auc(x: [2, 1, 0], y: [0, 1, 1]), 1.5)
        XCTAssertEqual(trappedMessage { _ = auc(x: [0, 2, 1], y: [0, 0, 0]) }, "auc: x must be increasing or decreasing")
    }
}
