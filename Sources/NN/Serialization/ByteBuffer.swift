/// Appends little-endian values to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        integer(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Appends IEEE-754 scalars, little-endian.
    mutating func scalars<Scalar: TensorScalar>(_ values: UnsafeBufferPointer<Scalar>) {
        let raw = UnsafeRawBufferPointer(values)
        if hostIsLittleEndian {
            bytes.append(contentsOf: raw)
        } else {
            let size = MemoryLayout<Scalar>.size
            for start in stride(from: 0, to: raw.count, by: size) { bytes.append(contentsOf: raw[start..<(start + size)].reversed()) }
        }
    }
}

/// Reads little-endian values from a byte array, throwing ``ModelFileError/truncated(offset:needed:)``
/// instead of reading past the end.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    mutating func need(_ n: Int) throws {
        guard n >= 0, bytes.count - offset >= n else {
            throw ModelFileError.truncated(offset: offset, needed: n - (bytes.count - offset))
        }
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        try need(size)
        var value: T = 0
        for k in 0..<size { value |= T(truncatingIfNeeded: bytes[offset + k]) << (8 * k) }
        offset += size
        return value
    }

    mutating func count(limit: Int, _ what: String) throws -> Int {
        let n = Int(try integer(UInt32.self))
        guard n <= limit else { throw ModelFileError.corrupted("\(what) count \(n) exceeds what the file can hold") }
        return n
    }

    mutating func string() throws -> String {
        let n = try count(limit: bytes.count - offset, "string length")
        try need(n)
        defer { offset += n }
        guard let s = String(validating: bytes[offset..<(offset + n)], as: UTF8.self) else {
            throw ModelFileError.corrupted("invalid UTF-8 text at offset \(offset)")
        }
        return s
    }

    mutating func scalars<Scalar: TensorScalar>(_ count: Int, as _: Scalar.Type) throws -> [Scalar] {
        let size = MemoryLayout<Scalar>.size
        guard count <= (bytes.count - offset) / size else {
            throw ModelFileError.truncated(offset: offset, needed: count * size - (bytes.count - offset))
        }
        let values = [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
            let destination = UnsafeMutableRawBufferPointer(buffer)
            bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count * size)]))
            }
            if !hostIsLittleEndian {
                for start in stride(from: 0, to: count * size, by: size) {
                    let element = destination[start..<(start + size)]
                    for (k, byte) in element.reversed().enumerated() { destination[start + k] = byte }
                }
            }
            initialized = count
        }
        offset += count * size
        return values
    }
}

let hostIsLittleEndian = UInt16(1).littleEndian == 1

/// CRC-32 (IEEE 802.3, as zlib and PNG), to detect damaged files.
func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var table = [UInt32](repeating: 0, count: 256)
    for i in 0..<256 {
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        table[i] = c
    }
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
}
