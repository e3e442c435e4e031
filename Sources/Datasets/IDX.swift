import Foundation
import WickCore

/// A reader for the IDX format of the MNIST files (`train-images-idx3-ubyte`, plain or `.gz`).
///
/// An IDX file is a 4-byte magic number (two zero bytes, an element-type code, the number of
/// dimensions), one big-endian 32-bit size per dimension, then the elements, big-endian, in
/// row-major order. Element types: unsigned byte (`0x08`, MNIST's images and labels), signed
/// byte (`0x09`), 16- and 32-bit signed integers (`0x0B`, `0x0C`), 32- and 64-bit floats (`0x0D`,
/// `0x0E`). A gzip-compressed file is recognised by its content and decompressed through zlib.
///
/// ```swift
/// let images = try IDX.read(contentsOf: imagesURL, as: Float.self)   // 60000x28x28, 0...255
/// let labels = try IDX.readLabels(contentsOf: labelsURL)              // [Int], 0...9
/// ```
public enum IDX {
    /// The element types of the format, by their type code.
    enum ElementType: UInt8 {
        case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

        var byteCount: Int {
            switch self {
            case .uint8, .int8: return 1
            case .int16: return 2
            case .int32, .float32: return 4
            case .float64: return 8
            }
        }

        var isInteger: Bool { self != .float32 && self != .float64 }
    }

    /// Reads the file at `url` into a tensor with the file's shape.
    public static func read<Scalar: TensorScalar>(contentsOf url: URL, as type: Scalar.Type = Double.self) throws -> Tensor<Scalar> {
        try decode(FileIO.read(url), as: type)
    }

    /// Reads a 1-D file of integer class labels (such as `train-labels-idx1-ubyte`).
    ///
    /// - Throws: ``DatasetError/unsupported(format:reason:)`` for a file of floats or of more than
    ///   one dimension, ``DatasetError/invalidLabel(row:value:)`` for a negative label.
    public static func readLabels(contentsOf url: URL) throws -> [Int] {
        try decodeLabels(FileIO.read(url))
    }

    /// Decodes IDX bytes (gzip-compressed or not) into a tensor with the file's shape.
    public static func decode<Scalar: TensorScalar>(_ data: Data, as type: Scalar.Type = Double.self) throws -> Tensor<Scalar> {
        try decode(data, as: type, firstItems: nil)
    }

    /// Decodes IDX bytes into a tensor of the file's first `limit` items (slices along the first
    /// dimension), or of all of them for `nil`; only those are converted.
    static func decode<Scalar: TensorScalar>(_ data: Data, as type: Scalar.Type, firstItems limit: Int?) throws -> Tensor<Scalar> {
        let plain = try Gzip.decompressIfNeeded(data)
        let (elementType, fileShape, offset) = try parseHeader(plain)
        var shape = fileShape
        if let limit { shape[0] = min(shape[0], limit) }
        let count = shape.reduce(1, *)
        // The element loop runs on a concrete type (see ScalarConversion): Float when the caller
        // wants Float, Double otherwise; Double holds every IDX element type exactly.
        if type == Float.self {
            let floats: [Float] = plain.withUnsafeBytes { raw in
                [Float](unsafeUninitializedCapacity: count) { out, initialised in
                    convert(raw, from: offset, count: count, type: elementType, into: out)
                    initialised = count
                }
            }
            return Tensor(shape: shape, scalars: ScalarConversion.convert(floats, to: type))
        }
        let doubles: [Double] = plain.withUnsafeBytes { raw in
            [Double](unsafeUninitializedCapacity: count) { out, initialised in
                convert(raw, from: offset, count: count, type: elementType, into: out)
                initialised = count
            }
        }
        return Tensor(shape: shape, scalars: ScalarConversion.convert(doubles, to: type))
    }

    /// Decodes the bytes of a 1-D integer IDX file (gzip-compressed or not) into labels.
    public static func decodeLabels(_ data: Data) throws -> [Int] {
        try decodeLabels(data, firstItems: nil)
    }

    /// Decodes the first `limit` labels of a 1-D integer IDX file, or all of them for `nil`.
    static func decodeLabels(_ data: Data, firstItems limit: Int?) throws -> [Int] {
        let plain = try Gzip.decompressIfNeeded(data)
        let (elementType, fileShape, offset) = try parseHeader(plain)
        var shape = fileShape
        guard elementType.isInteger else {
            throw DatasetError.unsupported(format: "IDX", reason: "labels must be integers, the file holds \(elementType)")
        }
        guard shape.count == 1 else {
            throw DatasetError.unsupported(format: "IDX", reason: "labels must be 1-D, the file is \(formatShape(shape))")
        }
        if let limit { shape[0] = min(shape[0], limit) }
        let values = plain.withUnsafeBytes { raw in
            [Double](unsafeUninitializedCapacity: shape[0]) { out, initialised in
                convert(raw, from: offset, count: shape[0], type: elementType, into: out)
                initialised = shape[0]
            }
        }
        return try values.enumerated().map { row, value in
            guard value >= 0 else { throw DatasetError.invalidLabel(row: row, value: "\(Int(value))") }
            return Int(value)
        }
    }

    /// The element type, shape and data offset; checks that the data is exactly as long as the
    /// header says.
    static func parseHeader(_ data: Data) throws -> (ElementType, [Int], Int) {
        guard data.count >= 4 else {
            throw DatasetError.truncated(format: "IDX", expectedBytes: 4, actualBytes: data.count)
        }
        let bytes = [UInt8](data.prefix(4))
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw DatasetError.malformed(format: "IDX", reason: String(format: "bad magic number %02x %02x (expected 00 00)", bytes[0], bytes[1]))
        }
        guard let elementType = ElementType(rawValue: bytes[2]) else {
            throw DatasetError.malformed(format: "IDX", reason: String(format: "unknown element type code 0x%02x", bytes[2]))
        }
        let rank = Int(bytes[3])
        guard rank >= 1 else { throw DatasetError.malformed(format: "IDX", reason: "zero dimensions") }
        let headerSize = 4 + 4 * rank
        guard data.count >= headerSize else {
            throw DatasetError.truncated(format: "IDX", expectedBytes: headerSize, actualBytes: data.count)
        }
        var shape = [Int]()
        var count = 1
        data.withUnsafeBytes { raw in
            for d in 0..<rank {
                shape.append(Int(raw.loadUnaligned(fromByteOffset: 4 + 4 * d, as: UInt32.self).bigEndian))
            }
        }
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= Int(Int32.max) else {
                throw DatasetError.malformed(format: "IDX", reason: "the sizes \(formatShape(shape)) are implausibly large")
            }
            count = product
        }
        let expected = headerSize + count * elementType.byteCount
        guard data.count >= expected else {
            throw DatasetError.truncated(format: "IDX", expectedBytes: expected, actualBytes: data.count)
        }
        guard data.count == expected else {
            throw DatasetError.malformed(format: "IDX", reason: "\(data.count - expected) bytes after the \(formatShape(shape)) data")
        }
        return (elementType, shape, headerSize)
    }

    /// Converts `count` big-endian elements starting at byte `offset`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func convert<Scalar: TensorScalar>(
        _ raw: UnsafeRawBufferPointer, from offset: Int, count: Int, type: ElementType,
        into out: UnsafeMutableBufferPointer<Scalar>
    ) {
        switch type {
        case .uint8:
            for i in 0..<count { out[i] = Scalar(raw[offset + i]) }
        case .int8:
            for i in 0..<count { out[i] = Scalar(Int8(bitPattern: raw[offset + i])) }
        case .int16:
            for i in 0..<count {
                out[i] = Scalar(Int16(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 2 * i, as: Int16.self)))
            }
        case .int32:
            for i in 0..<count {
                out[i] = Scalar(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * i, as: Int32.self)))
            }
        case .float32:
            for i in 0..<count {
                let bits = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self))
                out[i] = Scalar(Float(bitPattern: bits))
            }
        case .float64:
            for i in 0..<count {
                let bits = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 8 * i, as: UInt64.self))
                out[i] = Scalar(Double(bitPattern: bits))
            }
        }
    }
}
