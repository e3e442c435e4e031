import XCTest
@testable import ClassicalML

final class CrossValidationTests: XCTestCase {
    func testScoresEachFoldWithAFreshFit() throws {
        let x = randomMatrix(30, 3, seed: 60)
        let y = Tensor((0..<30).map { x[$0, 0] - x[$0, 2] + 0.2 * cos(Double($0)) })
        let folds = KFold(k: 5, shuffle: true, seed: 2)
        let scores = try crossValidate(Ridge<Double>(lambda: 0.5), x, y, folds: folds)
        XCTAssertEqual(scores.count, 5)
        for (fold, score) in zip(try folds.splits(sampleCount: 30), scores) {
            var model = Ridge<Double>(lambda: 0.5)
            try model.fit(x.selecting(rows: fold.train), y.selectingSamples(fold.train))
            let expected = r2Score(y.selectingSamples(fold.test), try model.predict(x.selecting(rows: fold.test)))
            XCTAssertEqual(score, expected, accuracy: 1e-15)
        }
    }

    func testCustomScoringAndClassifiers() throws {
        let x = Tensor<Double>(shape: [12, 1], scalars: (0..<12).map(Double.init))
        let labels = (0..<12).map { $0 < 6 ? 0 : 1 }
        let accuracies = try crossValidate(KNearestNeighborsClassifier<Double>(k: 1), x, labels, folds: KFold(k: 3, shuffle: true, seed: 1))
        XCTAssertEqual(accuracies.count, 3)
        XCTAssertTrue(accuracies.allSatisfy { $0 >= 0 && $0 <= 1 })
        // A scoring closure replaces the default: here, the negative number of errors.
        let errors = try crossValidate(KNearestNeighborsClassifier<Double>(k: 1), x, labels, folds: KFold(k: 3, shuffle: true, seed: 1)) {
            model, xTest, yTest in -Double(zip(try model.predict(xTest), yTest).filter { $0 != $1 }.count)
        }
        for (accuracy, error) in zip(accuracies, errors) { XCTAssertEqual(accuracy, 1 + error / 4, accuracy: 1e-15) }
    }

    func testSampleCountMismatchThrows() {
        XCTAssertEqual(thrownError { _ = try crossValidate(Ridge<Double>(), randomMatrix(10, 2, seed: 1), Tensor.zeros(shape: [9]), folds: KFold()) },
                       .sampleCountMismatch(operation: "crossValidate", x: 10, y: 9))
    }
}
