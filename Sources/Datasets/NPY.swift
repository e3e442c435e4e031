import Foundation
import WickCore

/// Reading and writing NumPy's `.npy` files (format versions 1.0, 2.0 and 3.0).
///
/// Supported: little-endian `float32`, `float64` and `int64` arrays in C (row-major) order, of any
/// shape. Anything else (big-endian data, other element types, Fortran order, structured or
/// object arrays) throws ``DatasetError/unsupported(format:reason:)`` saying what the file holds;
/// a damaged or cut-short file throws ``DatasetError/malformed(format:reason:)`` or
/// ``DatasetError/truncated(format:expectedBytes:actualBytes:)``. Files are written atomically:
/// into a temporary file beside the target, then renamed over it.
///
/// ```swift
/// try NPY.write(x, to: URL(fileURLWithPath: "x.npy"))          // np.load("x.npy") in Python
/// let y: Tensor<Double> = try NPY.readTensor(contentsOf: url)
/// ```
public enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// Reads the `.npy` file at `url` (plain or gzip-compressed).
    public static func read(contentsOf url: URL) throws -> NPYArray {
        try decode(Gzip.decompressIfNeeded(FileIO.read(url)))
    }

    /// Reads the `.npy` file at `url` as a tensor of `Scalar`, converting the elements.
    public static func readTensor<Scalar: TensorScalar>(contentsOf url: URL, as type: Scalar.Type = Double.self) throws -> Tensor<Scalar> {
        try read(contentsOf: url).tensor(as: type)
    }

    /// Writes `tensor` to `url` as `float32` (a `Float` tensor) or `float64` (a `Double` one).
    public static func write<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>, to url: URL) throws {
        try write(NPYArray(tensor), to: url)
    }

    /// Writes `array` to `url`, atomically.
    public static func write(_ array: NPYArray, to url: URL) throws {
        try FileIO.writeAtomically(encode(array), to: url)
    }

    /// Decodes the bytes of a `.npy` file.
    public static func decode(_ data: Data) throws -> NPYArray {
        // The header is small; the data is read in place, below.
        let bytes = [UInt8](data.prefix(8 + 4 + 65536 * 4))
        let totalCount = data.count
        guard bytes.count >= 10 else { throw DatasetError.truncated(format: "NPY", expectedBytes: 10, actualBytes: bytes.count) }
        guard Array(bytes[0..<6]) == magic else {
            throw DatasetError.malformed(format: "NPY", reason: "the file does not start with \\x93NUMPY")
        }
        let major = bytes[6]
        let lengthSize: Int
        switch major {
        case 1: lengthSize = 2
        case 2, 3: lengthSize = 4
        default: throw DatasetError.unsupported(format: "NPY", reason: "format version \(major).\(bytes[7])")
        }
        guard bytes.count >= 8 + lengthSize else {
            throw DatasetError.truncated(format: "NPY", expectedBytes: 8 + lengthSize, actualBytes: bytes.count)
        }
        var headerLength = 0
        for i in (0..<lengthSize).reversed() { headerLength = headerLength << 8 | Int(bytes[8 + i]) }
        let dataOffset = 8 + lengthSize + headerLength
        guard totalCount >= dataOffset else {
            throw DatasetError.truncated(format: "NPY", expectedBytes: dataOffset, actualBytes: totalCount)
        }
        guard bytes.count >= dataOffset else {
            throw DatasetError.malformed(format: "NPY", reason: "a header of \(headerLength) bytes is implausibly long")
        }
        let header = try NPYHeader(parsing: String(decoding: bytes[(8 + lengthSize)..<dataOffset], as: UTF8.self))
        if header.fortranOrder {
            throw DatasetError.unsupported(format: "NPY", reason: "Fortran-ordered (column-major) data; save a C-ordered array (np.ascontiguousarray)")
        }
        var count = 1
        for size in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product < Int(Int32.max) * 16 else {
                throw DatasetError.malformed(format: "NPY", reason: "the shape \(header.shape) is implausibly large")
            }
            count = product
        }
        let elementSize: Int
        switch header.descriptor {
        case "<f4": elementSize = 4
        case "<f8", "<i8": elementSize = 8
        default: throw DatasetError.unsupported(format: "NPY", reason: describeUnsupported(header.descriptor))
        }
        let expected = dataOffset + count * elementSize
        guard totalCount >= expected else {
            throw DatasetError.truncated(format: "NPY", expectedBytes: expected, actualBytes: totalCount)
        }
        guard totalCount == expected else {
            throw DatasetError.malformed(format: "NPY", reason: "\(totalCount - expected) bytes after the data")
        }
        let elements: NPYArray.Elements = data.withUnsafeBytes { raw in
            switch header.descriptor {
            case "<f4":
                return .float32([Float](unsafeUninitializedCapacity: count) { out, n in
                    for i in 0..<count {
                        out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: dataOffset + 4 * i, as: UInt32.self)))
                    }
                    n = count
                })
            case "<f8":
                return .float64([Double](unsafeUninitializedCapacity: count) { out, n in
                    for i in 0..<count {
                        out[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: dataOffset + 8 * i, as: UInt64.self)))
                    }
                    n = count
                })
            default:
                return .int64([Int64](unsafeUninitializedCapacity: count) { out, n in
                    for i in 0..<count {
                        out[i] = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: dataOffset + 8 * i, as: Int64.self))
                    }
                    n = count
                })
            }
        }
        return NPYArray(shape: header.shape, elements: elements)
    }

    /// The bytes of a version 1.0 `.npy` file (2.0 when the header needs more than 65535 bytes)
    /// holding `array`; the header is padded so the data starts at a multiple of 64 bytes.
    public static func encode(_ array: NPYArray) -> Data {
        var header = NPYHeader(descriptor: array.elements.descriptor, fortranOrder: false, shape: array.shape).text
        var lengthSize = 2
        var major: UInt8 = 1
        if header.utf8.count + 12 > 65535 { lengthSize = 4; major = 2 }
        let prefix = 8 + lengthSize
        let unpadded = prefix + header.utf8.count + 1  // + the closing newline
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(magic + [major, 0])
        let headerLength = header.utf8.count
        for i in 0..<lengthSize { data.append(UInt8(truncatingIfNeeded: headerLength >> (8 * i))) }
        data.append(contentsOf: Array(header.utf8))
        data.reserveCapacity(data.count + array.elements.count * array.elements.byteCount)
        #if _endian(little)
        switch array.elements {  // the host's own byte order: copy the elements as they are
        case let .float32(v): v.withUnsafeBytes { data.append(contentsOf: $0) }
        case let .float64(v): v.withUnsafeBytes { data.append(contentsOf: $0) }
        case let .int64(v): v.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        #else
        switch array.elements {
        case let .float32(v): for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        case let .float64(v): for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        case let .int64(v): for x in v { withUnsafeBytes(of: x.littleEndian) { data.append(contentsOf: $0) } }
        }
        #endif
        return data
    }

    /// Says what an unsupported type string means, in NumPy's words.
    static func describeUnsupported(_ descriptor: String) -> String {
        let order = descriptor.first
        let code = descriptor.dropFirst()
        let supported = "supported are <f4 (float32), <f8 (float64) and <i8 (int64)"
        if order == ">" && ["f4", "f8", "i8"].contains(code) {
            return "big-endian data ('\(descriptor)'); \(supported)"
        }
        let names: [Substring: String] = ["i1": "int8", "i2": "int16", "i4": "int32", "u1": "uint8", "u2": "uint16",
                                          "u4": "uint32", "u8": "uint64", "f2": "float16", "b1": "bool", "O": "object"]
        let name = names[code].map { "\($0) " } ?? ""
        return "element type \(name)('\(descriptor)'); \(supported)"
    }
}
