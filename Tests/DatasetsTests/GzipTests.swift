import Foundation
import XCTest
@testable import Datasets

final class GzipTests: XCTestCase {
    /// `printf '\0\0\10\3\0\0\0\2\0\0\0\2\0\0\0\3' ... | gzip -9 -n`: made by GNU gzip, not by Wick.
    static let gnuGzipIDX = "1f8b08000000000002036360e060666060608262660646266616d65fbffffcfdf71f0006327e1a1c000000"

    func testDecompressesWhatGNUGzipWrote() throws {
        let plain = try Gzip.decompress(bytes(hex: Self.gnuGzipIDX))
        XCTAssertEqual([UInt8](plain), [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255])
    }

    func testRoundTripAndDetection() throws {
        var generator = UInt64(12345)
        let original = Data((0..<100_000).map { i -> UInt8 in
            generator = generator &* 6364136223846793005 &+ 1442695040888963407
            return i % 3 == 0 ? UInt8(truncatingIfNeeded: generator >> 56) : UInt8(i % 7)
        })
        let compressed = Gzip.compress(original)
        XCTAssertTrue(Gzip.isCompressed(compressed))
        XCTAssertFalse(Gzip.isCompressed(Data("1,2\n".utf8)))
        XCTAssertLessThan(compressed.count, original.count)
        XCTAssertEqual(try Gzip.decompress(compressed), original)
        XCTAssertEqual(try Gzip.decompressIfNeeded(original), original)
        XCTAssertEqual(try Gzip.decompress(Gzip.compress(Data())), Data())
    }

    func testConcatenatedMembersAreJoined() throws {
        let joined = Gzip.compress(Data("hello ".utf8)) + Gzip.compress(Data("world".utf8))
        XCTAssertEqual(String(decoding: try Gzip.decompress(joined), as: UTF8.self), "hello world")
    }

    func testTruncatedAndCorruptStreamsThrow() {
        let compressed = Gzip.compress(Data(repeating: 7, count: 10_000))
        XCTAssertEqual(datasetError { try Gzip.decompress(compressed.prefix(compressed.count - 6)) },
                       .corruptCompressedData(reason: "the stream ends early (truncated file)"))
        var corrupt = compressed
        corrupt[12] ^= 0xFF
        guard case .corruptCompressedData? = datasetError({ try Gzip.decompress(corrupt) }) else {
            return XCTFail("a flipped byte must be reported as corrupt data")
        }
        XCTAssertEqual(datasetError { try Gzip.decompress(compressed + Data([1, 2, 3])) },
                       .corruptCompressedData(reason: "3 stray bytes after the end of the stream"))
        XCTAssertEqual(datasetError { try Gzip.decompress(Data()) }, .noData(what: "gzip"))
    }
}
