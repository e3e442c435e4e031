import Foundation
import XCTest
import Datasets

/// The hostile data files of `../shared/fixtures/hostile/` (see its README): each is a typed
/// error, found without building or reserving anything sized by the file's claims.
final class HostileFileTests: XCTestCase {
    private func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures/hostile/\(name)")
    }

    func testAHeaderNestedTooDeepIsMalformedNotAStackOverflow() throws {
        XCTAssertThrowsError(try NPY.read(contentsOf: fixture("npy-nest-100000-v2.npy.gz"))) {
            guard case let .malformed(format, reason) = $0 as? DatasetError else { return XCTFail("\($0)") }
            XCTAssertEqual(format, "NPY")
            XCTAssertTrue(reason.contains("nested more than 32 deep"), reason)
        }
    }

    func testAFourByteGzipStreamIsATypedError() throws {
        let url = fixture("gzip-4-bytes.idx")
        XCTAssertEqual(try Data(contentsOf: url).count, 4)
        XCTAssertThrowsError(try IDX.read(contentsOf: url, as: Float.self)) {
            guard case .corruptCompressedData = $0 as? DatasetError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try IDX.readLabels(contentsOf: url)) {
            guard case .corruptCompressedData = $0 as? DatasetError else { return XCTFail("\($0)") }
        }
    }

    func testNestingUpToTheLimitStillParses() throws {
        // A header whose dictionary holds a value nested 30 deep (well-formed, if odd) is not refused
        // for its depth: the shape is what matters, and it is found.
        let nested = String(repeating: "[", count: 30) + String(repeating: "]", count: 30)
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': \(nested), }"
        var text = Array(header.utf8)
        while (10 + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text
        for value in [1.5, -2.0] { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        let array = try NPY.decode(Data(bytes))
        XCTAssertEqual(array.shape, [2])
    }
}
