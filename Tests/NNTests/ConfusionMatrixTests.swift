import XCTest
import NN

final class ConfusionMatrixTests: XCTestCase {
    /// 50 cats (48 right, 2 called dogs) and 50 dogs (45 right, 5 called cats).
    func catsAndDogs() -> ConfusionMatrix {
        var confusion = ConfusionMatrix(classNames: ["cat", "dog"])
        for i in 0..<50 { confusion.add(prediction: i < 48 ? 0 : 1, target: 0) }
        for i in 0..<50 { confusion.add(prediction: i < 45 ? 1 : 0, target: 1) }
        return confusion
    }

    func testCountsAndAccuracies() {
        let confusion = catsAndDogs()
        XCTAssertEqual(confusion.matrix, [[48, 2], [5, 45]])
        XCTAssertEqual(confusion.total, 100)
        XCTAssertEqual(confusion.correct, 93)
        XCTAssertEqual(confusion.totalValid, 0.93, accuracy: 1e-12)
        XCTAssertEqual(confusion.valids[0], 0.96, accuracy: 1e-12)
        XCTAssertEqual(confusion.valids[1], 0.90, accuracy: 1e-12)
        XCTAssertEqual(confusion.averageValid, 0.93, accuracy: 1e-12)
        // Intersection over union: cat 48 / (50 + 53 − 48), dog 45 / (50 + 47 − 45).
        XCTAssertEqual(confusion.unionValids[0], 48.0 / 55, accuracy: 1e-12)
        XCTAssertEqual(confusion.unionValids[1], 45.0 / 52, accuracy: 1e-12)
        XCTAssertEqual(confusion.averageUnionValid, (48.0 / 55 + 45.0 / 52) / 2, accuracy: 1e-12)
    }

    func testPrintsTorch7Layout() {
        let text = catsAndDogs().description
        XCTAssertEqual(text, """
            ConfusionMatrix:
            [[      48       2]   96.000% \t[class: cat]
             [       5      45]]  90.000% \t[class: dog]
             + average row correct: 93.000%
             + average rowUcol correct (VOC measure): 86.906%
             + global correct: 93.000%
            """)
        var unnamed = ConfusionMatrix(classCount: 2)
        unnamed.add(prediction: 1, target: 1)
        XCTAssertTrue(unnamed.description.contains("[[       0       0]   nan%\n"), unnamed.description)
        XCTAssertTrue(unnamed.description.contains(" [       0       1]]  100.000%\n"), unnamed.description)
        // An empty row is left out of the average, as in Torch7.
        XCTAssertTrue(unnamed.description.contains("average row correct: 100.000%"), unnamed.description)
    }

    func testBatchAddFromScoresAndLabelsAgree() {
        // Rows of scores: the highest is the prediction (first on ties).
        let scores = Tensor<Float>([[0.1, 0.7, 0.2], [0.5, 0.5, 0.0], [-3, -2, -1], [0, 0, 9]])
        let targets = [1, 1, 2, 0]
        var fromScores = ConfusionMatrix(classCount: 3)
        fromScores.batchAdd(scores: scores, targets: targets)
        var fromLabels = ConfusionMatrix(classCount: 3)
        fromLabels.batchAdd(predictions: [1, 0, 2, 2], targets: targets)
        XCTAssertEqual(fromScores, fromLabels)
        var oneByOne = ConfusionMatrix(classCount: 3)
        for i in 0..<4 { oneByOne.add(scores: scores.row(i), target: targets[i]) }
        XCTAssertEqual(oneByOne, fromLabels)
        XCTAssertEqual(fromLabels.matrix, [[0, 0, 1], [1, 1, 0], [0, 0, 1]])
        XCTAssertEqual(fromLabels.totalValid, 0.5)
    }

    func testNegativeTargetsAreSkippedAndZeroClears() {
        var confusion = catsAndDogs()
        confusion.add(prediction: 0, target: -1)  // a missing label (Torch7's 0)
        XCTAssertEqual(confusion.total, 100)
        confusion.zero()
        XCTAssertEqual(confusion.matrix, [[0, 0], [0, 0]])
        XCTAssertEqual(confusion.classNames, ["cat", "dog"])
        XCTAssertTrue(confusion.totalValid.isNaN)
    }

    func testMatrixFromCountsRoundTrips() {
        let confusion = ConfusionMatrix(matrix: [[48, 2], [5, 45]], classNames: ["cat", "dog"])
        XCTAssertEqual(confusion, catsAndDogs())
    }

    func testTrainerFillsAConfusionMatrixThatAgreesWithEvaluate() throws {
        manualSeed(3)
        var g = RandomGenerator(seed: 4)
        var rows: [[Double]] = [], labels: [Int] = []
        for i in 0..<90 {
            let label = i % 3
            rows.append([Double(label) * 3 + g.normal(mean: 0, standardDeviation: 0.6), g.normal(mean: 0, standardDeviation: 0.6)])
            labels.append(label)
        }
        let data = TensorDataset(inputs: Tensor(rows), targets: labels)
        let model = Sequential<Double> { Linear(2, 8); Tanh(); Linear(8, 3) }
        let trainer = Trainer(model: model, criterion: CrossEntropyCriterion(), optimizer: Adam(model.getParameters(), learningRate: 0.05))
        trainer.progress = .quiet
        trainer.batchSize = 16
        trainer.epochs = 15
        try trainer.fit(data)
        let confusion = trainer.confusionMatrix(on: data, classNames: ["a", "b", "c"])
        XCTAssertEqual(confusion.total, 90)
        XCTAssertEqual(confusion.classCount, 3)
        XCTAssertEqual(confusion.totalValid, try XCTUnwrap(trainer.evaluate(data).accuracy), accuracy: 1e-12)
        XCTAssertGreaterThan(confusion.totalValid, 0.9)
        XCTAssertTrue(confusion.description.contains("[class: c]"))
        // Without names, the number of classes is the output's width.
        XCTAssertEqual(trainer.confusionMatrix(on: data).matrix, confusion.matrix)
    }
}
