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

final class AtomicFileLinksAndPermissionsTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wick-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testASymbolicLinkIsWrittenThroughAndStaysALink() throws {
        let run3 = folder.appendingPathComponent("run3.wick"), latest = folder.appendingPathComponent("latest.wick")
        try AtomicFile.write([UInt8]([1]), to: run3)
        try FileManager.default.createSymbolicLink(atPath: latest.path, withDestinationPath: "run3.wick")  // relative
        try AtomicFile.write([UInt8]([2, 2]), to: latest)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: latest.path), "run3.wick")
        XCTAssertEqual([UInt8](try Data(contentsOf: run3)), [2, 2])
        // A chain of links, the last one absolute.
        let chain = folder.appendingPathComponent("chain.wick")
        try FileManager.default.createSymbolicLink(atPath: chain.path, withDestinationPath: latest.path)
        try AtomicFile.write([UInt8]([3]), to: chain)
        XCTAssertEqual([UInt8](try Data(contentsOf: run3)), [3])
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: chain.path), latest.path)
        // A dangling link gets its target created.
        let dangling = folder.appendingPathComponent("next.wick")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "made-by-save.wick")
        try AtomicFile.write([UInt8]([4]), to: dangling)
        XCTAssertEqual([UInt8](try Data(contentsOf: folder.appendingPathComponent("made-by-save.wick"))), [4])
    }

    func testAnExistingFileKeepsItsPermissions() throws {
        let url = folder.appendingPathComponent("secret.wick")
        try AtomicFile.write([UInt8]([1]), to: url)
        XCTAssertEqual(chmod(url.path, 0o600), 0)
        try AtomicFile.write([UInt8]([2]), to: url)
        var info = stat()
        XCTAssertEqual(stat(url.path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o7777, 0o600)
        XCTAssertEqual(chmod(url.path, 0o640), 0)
        try AtomicFile.write([UInt8]([3]), to: url)
        XCTAssertEqual(stat(url.path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o7777, 0o640)
    }

    func testANewFileFollowsTheUmask() throws {
        let old = umask(0o027)
        defer { umask(old) }
        let url = folder.appendingPathComponent("new.wick")
        try AtomicFile.write([UInt8]([1]), to: url)
        var info = stat()
        XCTAssertEqual(stat(url.path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o7777, 0o640)
    }

    func testTemporariesOfEndedProcessesAreRemovedOthersKept() throws {
        let url = folder.appendingPathComponent("model.wick")
        // pid 99999999 is above any pid_max: no such process.
        let stale = folder.appendingPathComponent(".model.wick.99999999.12345.tmp")
        let running = folder.appendingPathComponent(".model.wick.\(getpid()).777.tmp")
        let otherFile = folder.appendingPathComponent(".other.wick.99999999.1.tmp")
        for file in [stale, running, otherFile] { try Data([0]).write(to: file) }
        try AtomicFile.write([UInt8]([5]), to: url)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        XCTAssertEqual(left, ["model.wick", running.lastPathComponent, otherFile.lastPathComponent])
    }
}
