import Foundation
import WickCore
import XCTest
@testable import Datasets

final class IDXTests: XCTestCase {
    /// An IDX header: magic with `typeCode`, then the big-endian sizes.
    func header(typeCode: UInt8, shape: [UInt32]) -> Data {
        var data = Data([0, 0, typeCode, UInt8(shape.count)])
        for size in shape { withUnsafeBytes(of: size.bigEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// A 2x2x3 unsigned-byte file, like MNIST's images (two 2x3 "images").
    var ubyteFile: Data { header(typeCode: 0x08, shape: [2, 2, 3]) + Data([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]) }

    func testReadsUnsignedBytesWithTheirShape() throws {
        let t = try IDX.decode(ubyteFile)
        XCTAssertEqual(t.shape, [2, 2, 3])
        XCTAssertEqual(t.scalars, [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255])
        let f = try IDX.decode(ubyteFile, as: Float.self)
        XCTAssertEqual(f[indices: [1, 1, 2]], 255)
    }

    func testReadsGzipMadeByGNUGzipAndByZlib() throws {
        // The gzip fixture holds exactly `ubyteFile`.
        XCTAssertEqual(try IDX.decode(bytes(hex: GzipTests.gnuGzipIDX)), try IDX.decode(ubyteFile))
        let directory = try temporaryDirectory(self)
        let url = directory.appendingPathComponent("images-idx3-ubyte.gz")
        try Gzip.compress(ubyteFile, level: 9).write(to: url)
        XCTAssertEqual(try IDX.read(contentsOf: url).scalars.last, 255)
    }

    func testReadsSignedAndFloatingTypesBigEndian() throws {
        var int16 = header(typeCode: 0x0B, shape: [3])
        for v: Int16 in [-2, 300, 32767] { withUnsafeBytes(of: v.bigEndian) { int16.append(contentsOf: $0) } }
        XCTAssertEqual(try IDX.decode(int16).scalars, [-2, 300, 32767])

        var int32 = header(typeCode: 0x0C, shape: [2])
        for v: Int32 in [-70000, 123456789] { withUnsafeBytes(of: v.bigEndian) { int32.append(contentsOf: $0) } }
        XCTAssertEqual(try IDX.decode(int32).scalars, [-70000, 123456789])

        let int8 = header(typeCode: 0x09, shape: [2]) + Data([0xFF, 0x7F])
        XCTAssertEqual(try IDX.decode(int8).scalars, [-1, 127])

        var float32 = header(typeCode: 0x0D, shape: [1, 2])
        for v: Float in [1.5, -0.25] { withUnsafeBytes(of: v.bitPattern.bigEndian) { float32.append(contentsOf: $0) } }
        XCTAssertEqual(try IDX.decode(float32), Tensor([[1.5, -0.25]]))

        var float64 = header(typeCode: 0x0E, shape: [2])
        for v in [Double.pi, -1e300] { withUnsafeBytes(of: v.bitPattern.bigEndian) { float64.append(contentsOf: $0) } }
        XCTAssertEqual(try IDX.decode(float64).scalars, [Double.pi, -1e300])
    }

    func testLabels() throws {
        let labels = header(typeCode: 0x08, shape: [5]) + Data([7, 2, 1, 0, 4])
        XCTAssertEqual(try IDX.decodeLabels(labels), [7, 2, 1, 0, 4])
        let directory = try temporaryDirectory(self)
        let url = directory.appendingPathComponent("labels-idx1-ubyte")
        try labels.write(to: url)
        XCTAssertEqual(try IDX.readLabels(contentsOf: url), [7, 2, 1, 0, 4])

        XCTAssertEqual(datasetError { try IDX.decodeLabels(self.ubyteFile) },
                       .unsupported(format: "IDX", reason: "labels must be 1-D, the file is 2x2x3"))
        XCTAssertEqual(datasetError { try IDX.decodeLabels(self.header(typeCode: 0x0D, shape: [0])) },
                       .unsupported(format: "IDX", reason: "labels must be integers, the file holds float32"))
        XCTAssertEqual(datasetError { try IDX.decodeLabels(self.header(typeCode: 0x09, shape: [2]) + Data([1, 0xFE])) },
                       .invalidLabel(row: 1, value: "-2"))
    }

    func testTruncatedFiles() {
        let file = ubyteFile
        XCTAssertEqual(datasetError { try IDX.decode(file.prefix(3)) }, .truncated(format: "IDX", expectedBytes: 4, actualBytes: 3))
        XCTAssertEqual(datasetError { try IDX.decode(file.prefix(10)) }, .truncated(format: "IDX", expectedBytes: 16, actualBytes: 10))
        XCTAssertEqual(datasetError { try IDX.decode(file.prefix(27)) }, .truncated(format: "IDX", expectedBytes: 28, actualBytes: 27))
        // A gzip file cut short fails in decompression, before the IDX header is looked at.
        let gzip = Gzip.compress(file)
        XCTAssertEqual(datasetError { try IDX.decode(gzip.prefix(gzip.count / 2)) },
                       .corruptCompressedData(reason: "the stream ends early (truncated file)"))
    }

    func testMalformedFiles() {
        var badMagic = ubyteFile
        badMagic[1] = 1
        XCTAssertEqual(datasetError { try IDX.decode(badMagic) }, .malformed(format: "IDX", reason: "bad magic number 00 01 (expected 00 00)"))
        var badType = ubyteFile
        badType[2] = 0x0A
        XCTAssertEqual(datasetError { try IDX.decode(badType) }, .malformed(format: "IDX", reason: "unknown element type code 0x0a"))
        XCTAssertEqual(datasetError { try IDX.decode(self.ubyteFile + Data([9, 9])) },
                       .malformed(format: "IDX", reason: "2 bytes after the 2x2x3 data"))
        XCTAssertEqual(datasetError { try IDX.decode(Data([0, 0, 8, 0])) }, .malformed(format: "IDX", reason: "zero dimensions"))
        XCTAssertEqual(datasetError { try IDX.decode(self.header(typeCode: 0x08, shape: [.max, .max, .max])) },
                       .malformed(format: "IDX", reason: "the sizes 4294967295x4294967295x4294967295 are implausibly large"))
    }
}
