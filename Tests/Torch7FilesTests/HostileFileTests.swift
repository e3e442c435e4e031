import Foundation
import XCTest
@testable import Torch7Files

/// Malformed, truncated and hostile files: each a typed error, no crash, no allocation beyond the
/// file's size, no unbounded recursion.
final class Torch7HostileFileTests: XCTestCase {
    /// (With 8-byte longs given: with the automatic long size, a cut file can happen to read as a
    /// valid file of 4-byte longs, which is why the size can be given.)
    func testEveryTruncationOfEveryFixtureThrows() throws {
        for name in ["doubletensor.t7", "list_table.t7", "recursive_class.t7", "function_upvals.t7", "tds_hash.t7"] {
            let bytes = [UInt8](try Data(contentsOf: fixture(name)))
            for n in 0..<bytes.count {
                XCTAssertThrowsError(try Torch7.decode(Array(bytes[0..<n]), options: Torch7ReadOptions(format: .binary, longSize: 8)), "\(name) cut at \(n)")
            }
        }
    }

    func testEmptyFile() {
        guard case .truncated? = t7Error({ try Torch7.decode([]) }) else { return XCTFail() }
    }

    func testUnknownTypeTag() {
        var b = T7Bytes()
        b.int(42)
        guard case .unknownTypeTag(42, offset: 0)? = t7Error({ try Torch7.decode(b.bytes) }) else { return XCTFail() }
    }

    func testTrailingBytes() {
        var b = T7Bytes()
        b.number(1)
        b.bytes += [1, 2, 3]
        guard case .trailingBytes(offset: 12, count: 3)? = t7Error({ try Torch7.decode(b.bytes, options: Torch7ReadOptions(longSize: 8)) }) else {
            return XCTFail()
        }
    }

    /// A storage declaring 10¹² doubles in a 60-byte file: an error before any allocation.
    func testHugeStorage() {
        var b = T7Bytes()
        b.classHeader(1, "torch.DoubleStorage")
        b.long(1_000_000_000_000)
        b.double(1)
        guard case .truncated? = t7Error({ try Torch7.decode(b.bytes, options: Torch7ReadOptions(longSize: 8)) }) else { return XCTFail() }
        var overflow = T7Bytes()
        overflow.classHeader(1, "torch.DoubleStorage")
        overflow.long(Int.max / 2)
        XCTAssertNotNil(t7Error { try Torch7.decode(overflow.bytes) })
    }

    /// A string, byte code or table claiming 2³¹ − 1 bytes or entries in a tiny file.
    func testHugeLengthsAndCounts() {
        var string = T7Bytes()
        string.int(2); string.int(Int32.max)
        guard case .truncated? = t7Error({ try Torch7.decode(string.bytes) }) else { return XCTFail() }
        var negative = T7Bytes()
        negative.int(2); negative.int(-5)
        guard case .corrupted? = t7Error({ try Torch7.decode(negative.bytes) }) else { return XCTFail() }
        var table = T7Bytes()
        table.int(3); table.int(1); table.int(Int32.max)
        guard case .truncated? = t7Error({ try Torch7.decode(table.bytes) }) else { return XCTFail() }
        var function = T7Bytes()
        function.int(8); function.int(1); function.int(Int32.max)
        guard case .truncated? = t7Error({ try Torch7.decode(function.bytes) }) else { return XCTFail() }
        var vec = T7Bytes()
        vec.classHeader(1, "tds.Vec", version: "V 0"); vec.int(Int32.max); vec.nilValue()
        guard case .truncated? = t7Error({ try Torch7.decode(vec.bytes) }) else { return XCTFail() }
    }

    /// A tensor of 10¹² elements over a storage of one (zero strides), or reaching past its storage,
    /// or with a huge rank, or with negative sizes.
    func testTensorsThatDoNotFitTheirStorage() {
        func tensor(rank: Int32? = nil, shape: [Int], strides: [Int], offset1: Int = 1, storage: [Float] = [1]) -> [UInt8] {
            var b = T7Bytes()
            b.classHeader(1, "torch.FloatTensor")
            b.int(rank ?? Int32(shape.count))
            for s in shape { b.long(s) }
            for s in strides { b.long(s) }
            b.long(offset1)
            b.floatStorage(2, storage)
            return b.bytes
        }
        let options = Torch7ReadOptions(longSize: 8)
        let cases: [(String, [UInt8])] = [
            ("expanded 10^12", tensor(shape: [1_000_000, 1_000_000], strides: [0, 0])),
            ("past the end", tensor(shape: [2], strides: [1])),
            ("offset past the end", tensor(shape: [1], strides: [1], offset1: 2)),
            ("offset before the start", tensor(shape: [1], strides: [1], offset1: 0)),
            ("negative size", tensor(shape: [-1], strides: [1])),
            ("negative stride", tensor(shape: [1, 2], strides: [1, -1], storage: [1, 2])),
            ("overflowing strides", tensor(shape: [3, 3], strides: [Int.max / 2, 1], storage: [1, 2, 3])),
            ("overflowing count", tensor(shape: [Int.max / 2, 4], strides: [0, 0])),
            ("huge rank", tensor(rank: Int32.max, shape: [1], strides: [1])),
            ("negative rank", tensor(rank: -1, shape: [], strides: [])),
        ]
        for (name, bytes) in cases {
            XCTAssertNotNil(t7Error { try Torch7.decode(bytes, options: options) }, name)
        }
        var wrongStorage = T7Bytes()
        wrongStorage.tensorHeader(1, "torch.DoubleTensor", shape: [1], strides: [1], offset1: 1)
        wrongStorage.floatStorage(2, [1])
        guard case .corrupted? = t7Error({ try Torch7.decode(wrongStorage.bytes, options: options) }) else { return XCTFail() }
    }

    /// Tables nested a million deep: refused at the depth limit, not by overflowing the stack.
    func testDeepNesting() {
        var b = T7Bytes()
        for i in 0..<100_000 { b.int(3); b.int(Int32(i + 1)); b.int(1); b.number(1) }
        guard case .tooDeep(limit: 400)? = t7Error({ try Torch7.decode(b.bytes) }) else { return XCTFail() }
        guard case .tooDeep(limit: 10)? = t7Error({ try Torch7.decode(b.bytes, options: Torch7ReadOptions(maximumDepth: 10)) }) else {
            return XCTFail()
        }
    }

    func testBadVersionString() {
        var b = T7Bytes()
        b.classHeader(1, "nn.Linear", version: "V x")
        guard case .corrupted? = t7Error({ try Torch7.decode(b.bytes) }) else { return XCTFail() }
    }

    func testBadLongSizeOption() {
        XCTAssertNotNil(t7Error { try Torch7.decode([0, 0, 0, 0], options: Torch7ReadOptions(longSize: 3)) })
    }

    func testMissingFile() {
        guard case .io? = t7Error({ try Torch7.load(from: URL(fileURLWithPath: "/nonexistent/model.t7")) }) else { return XCTFail() }
    }

    /// Random byte flips in a real model file: never a crash (errors or other trees are fine).
    func testFlippedBytesNeverCrash() throws {
        let bytes = [UInt8](try Data(contentsOf: fixture("gmodule_with_linear_identity.t7")))
        var generator = RandomGenerator(seed: 7)
        for _ in 0..<300 {
            var copy = bytes
            for _ in 0..<3 { copy[Int(generator.next() % UInt64(copy.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            if let object = try? Torch7.decode(copy) { _ = try? Torch7.model(Float.self, from: object) }
        }
    }
}
