import Foundation
import NN
import XCTest
@testable import Torch7Files

/// A Wick model given to the Torch7 reader, and a Torch7 file given to Wick's loader, say which
/// loader to use instead of calling the file corrupted.
final class WrongFormatTests: XCTestCase {
    func testAWickModelFileIsNamedAsOne() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wick-\(UUID().uuidString).wick")
        defer { try? FileManager.default.removeItem(at: url) }
        try Sequential<Float> { Linear(2, 3); Tanh() }.save(to: url)
        XCTAssertThrowsError(try Torch7.load(from: url)) { error in
            XCTAssertTrue("\(error)".contains("this is a Wick model file, not a Torch7 one"), "\(error)")
        }
    }

    func testATorch7FileGivenToWicksLoaderPointsToTheTorch7Reader() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wick-\(UUID().uuidString).t7")
        defer { try? FileManager.default.removeItem(at: url) }
        try Sequential<Float> { Linear(2, 3); Tanh() }.saveTorch7(to: url)
        XCTAssertThrowsError(try Sequential<Float>.load(from: url)) { error in
            XCTAssertTrue("\(error)".contains("Torch7.loadModel"), "\(error)")
        }
    }

    func testAnObjectPrintsAsItsTree() throws {
        let tree = try Torch7.decode(Torch7.encode(.table(Torch7Table([(key: .string("hello"), value: .number(123))]))))
        XCTAssertEqual("\(tree)", tree.treeDescription())
        XCTAssertTrue("\(tree)".contains("hello"), "\(tree)")
    }
}
