import Foundation
import XCTest
import WickCore

final class AtomicFileTests: XCTestCase {
    func testWritesReplacesAndFailsWithoutLeavingATemporaryFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wick-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("data.bin")
        try AtomicFile.write([UInt8]([1, 2, 3]), to: url)
        XCTAssertEqual([UInt8](try Data(contentsOf: url)), [1, 2, 3])
        try AtomicFile.write(Data([9]), to: url)
        XCTAssertEqual([UInt8](try Data(contentsOf: url)), [9])
        let missing = folder.appendingPathComponent("no/such/folder/data.bin")
        XCTAssertThrowsError(try AtomicFile.write([UInt8]([1]), to: missing)) { error in
            XCTAssertEqual((error as? AtomicFile.WriteError)?.path, missing.path)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["data.bin"])
    }
}
