import Foundation
import WickCore
import XCTest
@testable import Datasets

/// `.npy` files written by NumPy 1.24.2 (`np.save` into a BytesIO, bytes as hex), so that these
/// tests check compatibility with NumPy rather than with Wick's own writer.
enum NumPyFixtures {
    /// `np.array([[1.5, -2.0, 3.25], [0.0, 1e-3, -7.0]], dtype='<f8')`
    static let float64_2x3 = """
        934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000000000000f83f00000000000000c00000000000000a400000000000000000fca9f1d24d62503f0000000000001cc0
        """
    /// `np.array([1, -2, 3, 40000000000], dtype='<i8')`
    static let int64_4 = """
        934e554d5059010076007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028342c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0100000000000000feffffffffffffff030000000000000000902f5009000000
        """
    /// `np.array([[0.5, 2], [3, -4]], dtype='<f4')`
    static let float32_2x2 = """
        934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2032292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000003f0000004000004040000080c0
        """
    /// `np.array([1, 2], dtype='>f8')` (big-endian)
    static let bigEndian = """
        934e554d5059010076007b276465736372273a20273e6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a3ff00000000000004000000000000000
        """
    /// `np.asfortranarray(np.arange(6, dtype='<f8').reshape(2, 3))`
    static let fortran = """
        934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a20547275652c20277368617065273a2028322c2033292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a00000000000000000000000000000840000000000000f03f000000000000104000000000000000400000000000001440
        """
    /// `np.array([1, 2], dtype='<i4')`
    static let int32 = """
        934e554d5059010076007b276465736372273a20273c6934272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0100000002000000
        """
}

final class NPYTests: XCTestCase {
    func testReadsNumPyFiles() throws {
        let f64 = try NPY.decode(bytes(hex: NumPyFixtures.float64_2x3))
        XCTAssertEqual(f64, NPYArray(shape: [2, 3], elements: .float64([1.5, -2, 3.25, 0, 1e-3, -7])))
        XCTAssertEqual(f64.tensor(), Tensor([[1.5, -2, 3.25], [0, 1e-3, -7]]))
        let f32 = try NPY.decode(bytes(hex: NumPyFixtures.float32_2x2))
        XCTAssertEqual(f32.elements, .float32([0.5, 2, 3, -4]))
        XCTAssertEqual(f32.tensor(as: Double.self), Tensor([[0.5, 2], [3, -4]]))
        let i64 = try NPY.decode(bytes(hex: NumPyFixtures.int64_4))
        XCTAssertEqual(i64.shape, [4])
        XCTAssertEqual(try i64.integers(), [1, -2, 3, 40_000_000_000])
        XCTAssertEqual(i64.tensor(as: Double.self).scalars, [1, -2, 3, 4e10])
    }

    func testWritesExactlyWhatNumPyWrites() {
        let x = Tensor<Double>([[1.5, -2, 3.25], [0, 1e-3, -7]])
        XCTAssertEqual(NPY.encode(NPYArray(x)), bytes(hex: NumPyFixtures.float64_2x3))
        XCTAssertEqual(NPY.encode(NPYArray(Tensor<Float>([[0.5, 2], [3, -4]]))), bytes(hex: NumPyFixtures.float32_2x2))
        XCTAssertEqual(NPY.encode(NPYArray(integers: [1, -2, 3, 40_000_000_000])), bytes(hex: NumPyFixtures.int64_4))
    }

    func testRoundTripsThroughFilesForEveryTypeAndShape() throws {
        let directory = try temporaryDirectory(self)
        var generator = RandomGenerator(seed: 3)
        for shape in [[], [0], [7], [3, 5], [2, 3, 4], [2, 1, 1, 2]] {
            let url = directory.appendingPathComponent("t\(shape.count).npy")
            let doubles = Tensor<Double>.normal(shape: shape, generator: &generator)
            try NPY.write(doubles, to: url)
            XCTAssertEqual(try NPY.readTensor(contentsOf: url), doubles)
            let floats = Tensor<Float>.normal(shape: shape, generator: &generator)
            try NPY.write(floats, to: url)
            XCTAssertEqual(try NPY.read(contentsOf: url).elements.descriptor, "<f4")
            XCTAssertEqual(try NPY.readTensor(contentsOf: url, as: Float.self), floats)
            let count = shape.reduce(1, *)
            let integers = NPYArray(shape: shape, elements: .int64((0..<count).map { Int64($0) * -3_000_000_007 }))
            try NPY.write(integers, to: url)
            XCTAssertEqual(try NPY.read(contentsOf: url), integers)
            // The data starts on a 64-byte boundary, as NumPy requires of writers.
            let data = try Data(contentsOf: url)
            let headerLength = Int(data[8]) | Int(data[9]) << 8
            XCTAssertEqual((10 + headerLength) % 64, 0)
            XCTAssertEqual(data[10 + headerLength - 1], UInt8(ascii: "\n"))
        }
    }

    func testWriteIsAtomicAndReplacesTheOldFile() throws {
        let directory = try temporaryDirectory(self)
        let url = directory.appendingPathComponent("x.npy")
        try Data("old".utf8).write(to: url)
        try NPY.write(Tensor<Double>([1, 2, 3]), to: url)
        XCTAssertEqual(try NPY.readTensor(contentsOf: url), Tensor([1, 2, 3]))
        // Nothing but the target is left behind: the temporary file was renamed over it.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["x.npy"])
        let nowhere = directory.appendingPathComponent("missing/x.npy")
        guard case .unwritableFile(let path, _)? = datasetError({ try NPY.write(Tensor<Double>([1]), to: nowhere) }) else {
            return XCTFail("writing into a missing directory must throw unwritableFile")
        }
        XCTAssertEqual(path, nowhere.path)
    }

    func testUnsupportedArraysThrowClearErrors() {
        XCTAssertEqual(datasetError { try NPY.decode(bytes(hex: NumPyFixtures.bigEndian)) },
                       .unsupported(format: "NPY", reason: "big-endian data ('>f8'); supported are <f4 (float32), <f8 (float64) and <i8 (int64)"))
        XCTAssertEqual(datasetError { try NPY.decode(bytes(hex: NumPyFixtures.int32)) },
                       .unsupported(format: "NPY", reason: "element type int32 ('<i4'); supported are <f4 (float32), <f8 (float64) and <i8 (int64)"))
        XCTAssertEqual(datasetError { try NPY.decode(bytes(hex: NumPyFixtures.fortran)) },
                       .unsupported(format: "NPY", reason: "Fortran-ordered (column-major) data; save a C-ordered array (np.ascontiguousarray)"))
        let structured = npy(header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }")
        XCTAssertEqual(datasetError { try NPY.decode(structured) },
                       .unsupported(format: "NPY", reason: "structured arrays (a 'descr' that is not a type string)"))
        var future = bytes(hex: NumPyFixtures.float64_2x3)
        future[6] = 4
        XCTAssertEqual(datasetError { try NPY.decode(future) }, .unsupported(format: "NPY", reason: "format version 4.0"))
        XCTAssertEqual(datasetError { try NPYArray(shape: [1], elements: .float64([1])).integers() },
                       .unsupported(format: "NPY", reason: "expected an integer (<i8) array, the file holds <f8"))
    }

    func testTruncatedAndMalformedFilesThrow() {
        let good = bytes(hex: NumPyFixtures.float64_2x3)
        XCTAssertEqual(datasetError { try NPY.decode(good.prefix(8)) }, .truncated(format: "NPY", expectedBytes: 10, actualBytes: 8))
        XCTAssertEqual(datasetError { try NPY.decode(good.prefix(100)) }, .truncated(format: "NPY", expectedBytes: 128, actualBytes: 100))
        XCTAssertEqual(datasetError { try NPY.decode(good.prefix(good.count - 1)) },
                       .truncated(format: "NPY", expectedBytes: 176, actualBytes: 175))
        XCTAssertEqual(datasetError { try NPY.decode(good + Data([0])) }, .malformed(format: "NPY", reason: "1 bytes after the data"))
        var badMagic = good
        badMagic[1] = UInt8(ascii: "n")
        XCTAssertEqual(datasetError { try NPY.decode(badMagic) }, .malformed(format: "NPY", reason: "the file does not start with \\x93NUMPY"))
        XCTAssertEqual(datasetError { try NPY.decode(self.npy(header: "{'descr': '<f8', 'shape': (1,), }")) },
                       .malformed(format: "NPY", reason: "header: no 'fortran_order' key"))
        XCTAssertEqual(datasetError { try NPY.decode(self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)")) },
                       .malformed(format: "NPY", reason: "header: expected '}' at offset 55"))
        XCTAssertEqual(datasetError { try NPY.decode(self.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }")) },
                       .malformed(format: "NPY", reason: "header: 'shape' holds something other than sizes"))
        XCTAssertEqual(datasetError { try NPY.decode(self.npy(header: "['descr']")) },
                       .malformed(format: "NPY", reason: "header: the header is not a dictionary"))
    }

    func testHeaderParserAcceptsNumPyVariants() throws {
        // Double quotes, no trailing comma, Python 2 long sizes, version 2.0 with a 4-byte length.
        let header = try NPYHeader(parsing: "{\"descr\": \"<f4\", \"shape\": (2L, 3L), \"fortran_order\": False}")
        XCTAssertEqual(header, NPYHeader(descriptor: "<f4", fortranOrder: false, shape: [2, 3]))
        var v2 = Data(NPY.magic + [2, 0])
        let text = "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }\n"
        withUnsafeBytes(of: UInt32(text.utf8.count).littleEndian) { v2.append(contentsOf: $0) }
        v2.append(contentsOf: Array(text.utf8))
        withUnsafeBytes(of: Int64(-5).littleEndian) { v2.append(contentsOf: $0) }
        XCTAssertEqual(try NPY.decode(v2).integers(), [-5])
    }

    /// A version 1.0 file with the given header text and the right amount of zero data for it
    /// (when the header parses).
    func npy(header: String) -> Data {
        var data = Data(NPY.magic + [1, 0])
        let text = header + "\n"
        withUnsafeBytes(of: UInt16(text.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(text.utf8))
        return data + Data(repeating: 0, count: 8)
    }
}
