import XCTest
@testable import ClassicalML

final class KFoldTests: XCTestCase {
    func testFoldSizesAndCoverage() throws {
        for (n, k) in [(10, 3), (12, 4), (7, 7), (23, 5)] {
            let folds = try KFold(k: k).splits(sampleCount: n)
            XCTAssertEqual(folds.count, k)
            // The first n % k folds have one sample more.
            XCTAssertEqual(folds.map(\.test.count), (0..<k).map { n / k + ($0 < n % k ? 1 : 0) }, "n = \(n), k = \(k)")
            // Every sample is validated exactly once, and trained on in every other fold.
            XCTAssertEqual(folds.flatMap(\.test).sorted(), Array(0..<n))
            for fold in folds {
                XCTAssertEqual((fold.train + fold.test).sorted(), Array(0..<n))
                XCTAssertTrue(Set(fold.train).isDisjoint(with: fold.test))
            }
        }
    }

    func testUnshuffledFoldsAreConsecutive() throws {
        let folds = try KFold(k: 3).splits(sampleCount: 7)
        XCTAssertEqual(folds.map(\.test), [[0, 1, 2], [3, 4], [5, 6]])
        XCTAssertEqual(folds[1].train, [0, 1, 2, 5, 6])
    }

    func testShuffleIsSeeded() throws {
        let a = try KFold(k: 4, shuffle: true, seed: 5).splits(sampleCount: 20)
        let b = try KFold(k: 4, shuffle: true, seed: 5).splits(sampleCount: 20)
        let c = try KFold(k: 4, shuffle: true, seed: 6).splits(sampleCount: 20)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertNotEqual(a, try KFold(k: 4).splits(sampleCount: 20))
        XCTAssertEqual(a.flatMap(\.test).sorted(), Array(0..<20))
    }

    func testMoreFoldsThanSamplesThrows() {
        XCTAssertEqual(thrownError { _ = try KFold(k: 5).splits(sampleCount: 4) },
                       .tooFewSamples(operation: "KFold.splits", required: 5, available: 4))
        XCTAssertEqual(trappedMessage { _ = KFold(k: 1) }, "KFold: k must be at least 2, got 1")
    }
}
