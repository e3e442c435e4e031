import XCTest
@testable import ClassicalML

final class TrainTestSplitTests: XCTestCase {
    func testSizesAreTheCeilingOfTheFraction() throws {
        for (n, fraction, testCount) in [(10, 0.25, 3), (8, 0.25, 2), (7, 0.5, 4), (100, 0.01, 1)] {
            let (train, test) = try trainTestIndices(sampleCount: n, testFraction: fraction, seed: 1)
            XCTAssertEqual(test.count, testCount, "n = \(n), fraction = \(fraction)")
            XCTAssertEqual(train.count, n - testCount)
            XCTAssertEqual(Set(train + test), Set(0..<n))
            XCTAssertTrue(Set(train).isDisjoint(with: test))
        }
    }

    func testSeedFixesTheShuffle() throws {
        let a = try trainTestIndices(sampleCount: 50, seed: 7)
        let b = try trainTestIndices(sampleCount: 50, seed: 7)
        let c = try trainTestIndices(sampleCount: 50, seed: 8)
        XCTAssertEqual(a.train, b.train)
        XCTAssertEqual(a.test, b.test)
        XCTAssertNotEqual(a.test, c.test)
        XCTAssertNotEqual(a.train, Array(0..<a.train.count), "shuffled")
    }

    func testWithoutShuffleTheTestSetIsTheLastRows() throws {
        let (train, test) = try trainTestIndices(sampleCount: 6, testFraction: 0.3, shuffle: false)
        XCTAssertEqual(train, [0, 1, 2, 3])
        XCTAssertEqual(test, [4, 5])
    }

    func testRowsOfXAndYStayPaired() throws {
        let x = Tensor<Double>(shape: [12, 2], scalars: (0..<24).map(Double.init))
        let labels = Array(0..<12)
        let split = try trainTestSplit(x, labels, testFraction: 0.25, seed: 3)
        XCTAssertEqual(split.xTest.shape, [3, 2])
        for (row, label) in split.yTest.enumerated() { XCTAssertEqual(split.xTest[row, 0], Double(2 * label)) }
        for (row, label) in split.yTrain.enumerated() { XCTAssertEqual(split.xTrain[row, 1], Double(2 * label + 1)) }
        XCTAssertEqual(split.testIndices, split.yTest)
        // Tensor targets split the same way.
        let targets = Tensor<Double>((0..<12).map { Double($0) * 10 })
        let tensorSplit = try trainTestSplit(x, targets, testFraction: 0.25, seed: 3)
        XCTAssertEqual(tensorSplit.yTest.scalars, split.yTest.map { Double($0) * 10 })
    }

    func testMismatchAndEmptyPartsThrow() {
        XCTAssertEqual(thrownError { _ = try trainTestSplit(Tensor<Double>.zeros(shape: [4, 2]), [0, 1, 2]) },
                       .sampleCountMismatch(operation: "trainTestSplit", x: 4, y: 3))
        XCTAssertEqual(thrownError { _ = try trainTestIndices(sampleCount: 1) },
                       .tooFewSamples(operation: "trainTestSplit", required: 2, available: 1))
    }
}
