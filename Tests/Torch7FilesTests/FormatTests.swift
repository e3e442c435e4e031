import Foundation
import XCTest
@testable import Torch7Files

/// Hand-built files for what the fixtures do not cover: ascii, CUDA tensors, views with offsets
/// and strides, 4-byte longs, every storage type, labels.
final class Torch7FormatTests: XCTestCase {
    /// `torch.save(f, {x = torch.Tensor({{1, 2}, {3, 4}}):t(), name = 'hi', ok = true}, 'ascii')`,
    /// as Torch7's ascii encoding lays it out: numbers as text, one per line, strings raw.
    func testAsciiFile() throws {
        let text = """
        3
        1
        3
        2
        1
        x
        4
        2
        3
        V 1
        18
        torch.DoubleTensor
        2
        2 2
        1 2
        1
        4
        3
        3
        V 1
        19
        torch.DoubleStorage
        4
        1 2.5 -3 nan
        2
        4
        name
        2
        2
        hi
        2
        2
        ok
        5
        1

        """
        for format in [Torch7ReadOptions.Format.automatic, .ascii] {
            let table = try XCTUnwrap(try Torch7.decode(Array(text.utf8), options: Torch7ReadOptions(format: format)).table)
            XCTAssertEqual(table["name"]?.string, "hi")
            XCTAssertEqual(table["ok"]?.boolean, true)
            let x = try XCTUnwrap(table["x"]?.tensor)
            XCTAssertEqual(x.shape, [2, 2])
            XCTAssertEqual(x.strides, [1, 2])  // a transposed view
            let values = x.toTensor(Double.self).scalars
            XCTAssertEqual(Array(values.prefix(3)), [1, -3, 2.5])
            XCTAssertTrue(values[3].isNaN)
        }
        XCTAssertNotNil(t7Error { try Torch7.decode(Array(text.utf8), options: Torch7ReadOptions(format: .binary)) })
    }

    func testAsciiRejectsAWordWhereANumberBelongs() {
        guard case .corrupted? = t7Error({ try Torch7.decode(Array("1\nabc\n".utf8)) }) else { return XCTFail() }
    }

    /// A `torch.CudaTensor` (and its `torch.CudaStorage`) reads as floats.
    func testCudaTensorReadsAsFloat() throws {
        var b = T7Bytes()
        b.tensorHeader(1, "torch.CudaTensor", shape: [3], strides: [1], offset1: 1)
        b.floatStorage(2, [0.5, -1, 2], className: "torch.CudaStorage")
        let tensor = try XCTUnwrap(try Torch7.decode(b.bytes).tensor)
        XCTAssertEqual(tensor.scalarType, .float)
        XCTAssertEqual(tensor.storage?.className, "torch.CudaStorage")
        XCTAssertEqual(tensor.toTensor(Float.self).scalars, [0.5, -1, 2])
        XCTAssertEqual(Torch7ScalarType.parse(className: "torch.CudaDoubleTensor")?.type, .double)
        XCTAssertEqual(Torch7ScalarType.parse(className: "torch.CudaLongStorage")?.isTensor, false)
        XCTAssertNil(Torch7ScalarType.parse(className: "torch.Generator"))
    }

    /// Two views of one storage: a 2x2 block at offset 2 with strides (3, 1), and a column with
    /// stride 3. The storage is read once and shared.
    func testViewsWithOffsetsAndStridesShareTheirStorage() throws {
        var b = T7Bytes()
        b.int(3); b.int(1); b.int(2)  // a table of two entries
        b.number(1)
        b.tensorHeader(2, "torch.FloatTensor", shape: [2, 2], strides: [3, 1], offset1: 3)
        b.floatStorage(3, [0, 1, 2, 3, 4, 5, 6, 7, 8])
        b.number(2)
        b.tensorHeader(4, "torch.FloatTensor", shape: [3], strides: [3], offset1: 2)
        b.int(4); b.int(3)  // the same storage, by reference
        let list = try XCTUnwrap(try Torch7.decode(b.bytes).table?.list)
        let block = try XCTUnwrap(list[0].tensor), column = try XCTUnwrap(list[1].tensor)
        XCTAssertEqual(block.storageOffset, 2)
        XCTAssertEqual(block.toTensor(Float.self), Tensor<Float>([[2, 3], [5, 6]]))
        XCTAssertEqual(column.toTensor(Double.self).scalars, [1, 4, 7])
        XCTAssertTrue(block.storage === column.storage)
    }

    /// A file from a platform with 4-byte longs: selected, and found automatically.
    func testFourByteLongs() throws {
        var b = T7Bytes(longSize: 4)
        b.tensorHeader(1, "torch.LongTensor", shape: [2, 2], strides: [2, 1], offset1: 1)
        b.classHeader(2, "torch.LongStorage")
        b.long(4)
        for v in [10, -20, 30, 40] { b.long(v) }
        for options in [Torch7ReadOptions(longSize: 4), Torch7ReadOptions()] {
            let tensor = try XCTUnwrap(try Torch7.decode(b.bytes, options: options).tensor)
            XCTAssertEqual(try tensor.integers(), [10, -20, 30, 40])
            XCTAssertEqual(tensor.shape, [2, 2])
        }
        XCTAssertNotNil(t7Error { try Torch7.decode(b.bytes, options: Torch7ReadOptions(longSize: 8)) })
    }

    func testEveryStorageType() throws {
        let cases: [(String, [UInt8], [Double])] = [
            ("Byte", [200, 7], [200, 7]),
            ("Char", [0xFF, 7], [-1, 7]),
            ("Short", [0x00, 0x80, 0x05, 0x00], [-32768, 5]),
            ("Int", [0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x00, 0x00, 0x00], [-1, 2]),
            ("Half", [0x00, 0x3C, 0x00, 0xC1], [1, -2.5]),
        ]
        for (type, data, expected) in cases {
            var b = T7Bytes()
            b.classHeader(1, "torch.\(type)Storage")
            b.long(expected.count)
            b.bytes += data
            let storage = try XCTUnwrap(try Torch7.decode(b.bytes).storage, type)
            XCTAssertEqual((0..<storage.count).map { storage.data[$0] }, expected, type)
        }
    }

    func testLabelsShiftOnlyWhenAsked() throws {
        let labels = Torch7Tensor(className: "torch.ByteTensor", shape: [4], data: .byte([1, 10, 3, 1]))
        XCTAssertEqual(try labels.labels(base: .oneBased), [0, 9, 2, 0])
        XCTAssertEqual(try labels.labels(base: .zeroBased), [1, 10, 3, 1])
        let zero = Torch7Tensor(className: "torch.DoubleTensor", shape: [2], data: .double([0, 1]))
        guard case .typeMismatch? = t7Error({ try zero.labels(base: .oneBased) }) else { return XCTFail() }
        let fractional = Torch7Tensor(className: "torch.DoubleTensor", shape: [1], data: .double([1.5]))
        XCTAssertNotNil(t7Error { try fractional.labels(base: .zeroBased) })
    }

    /// A CIFAR-style data set table `{data = ByteTensor N x 3 x 2 x 2, labels = ByteTensor N}`
    /// written by the writer and read back.
    func testDataSetTableRoundTrip() throws {
        let pixels = (0..<24).map { UInt8($0 * 10) }
        let table = Torch7Table()
        table.set(.tensor(Torch7Tensor(className: "torch.ByteTensor", shape: [2, 3, 2, 2], data: .byte(pixels))), for: .string("data"))
        table.set(.tensor(Torch7Tensor(className: "torch.ByteTensor", shape: [2], data: .byte([3, 1]))), for: .string("labels"))
        let read = try Torch7.decode(Torch7.encode(.table(table)))
        XCTAssertEqual(read["data"]?.tensor?.toTensor(Float.self), Tensor(shape: [2, 3, 2, 2], scalars: pixels.map(Float.init)))
        XCTAssertEqual(try read["labels"]?.tensor?.labels(base: .oneBased), [2, 0])
    }

    func testTensorSaveAndLoad() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wick-t7-\(UUID().uuidString).t7")
        defer { try? FileManager.default.removeItem(at: url) }
        let x = Tensor<Double>([[1, -2.5, 3], [4, 5, 1e-300]])
        try Torch7.save(x, to: url)
        XCTAssertEqual(try Torch7.loadTensor(Double.self, from: url), x)
        XCTAssertEqual(try Torch7.load(from: url).className, "torch.DoubleTensor")
        try Torch7.save(Tensor<Float>([1, 2]), to: url)
        XCTAssertEqual(try Torch7.load(from: url).className, "torch.FloatTensor")
        XCTAssertEqual(try Torch7.loadTensor(Float.self, from: url).scalars, [1, 2])
    }

    func testTreeDescriptionShowsCyclesOnce() throws {
        let text = try Torch7.load(from: fixture("recursive_class.t7")).treeDescription()
        XCTAssertEqual(text, "A #1 (V 1) {\n  a = <#1, shown above>\n}\n")
    }
}
