// libFuzzer target: ModelSerializer.decode, for Float and for Double, on arbitrary bytes, and on
// the bytes as the payload of a well-formed header (right magic, version, scalar size, length and
// CRC-32), which a random input almost never has, so that the module records themselves get fuzzed.
import Foundation
import NN

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    decode(bytes, as: Float.self)
    decode(bytes, as: Double.self)
    return 0
}

/// Decodes `bytes` as a whole model file and as the payload of one, with `Scalar` tensors.
func decode<Scalar: TensorScalar>(_ bytes: [UInt8], as _: Scalar.Type) {
    _ = try? ModelSerializer<Scalar>.decode(bytes)
    _ = try? ModelSerializer<Scalar>.decode(withHeader(bytes, scalarSize: UInt32(MemoryLayout<Scalar>.size)))
}

/// A model file whose payload is `payload`.
func withHeader(_ payload: [UInt8], scalarSize: UInt32) -> [UInt8] {
    var out = Array("WICKMODL".utf8)
    func integer<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
    integer(UInt32(1))
    integer(scalarSize)
    integer(UInt64(payload.count))
    integer(crc32(payload))
    return out + payload
}

/// CRC-32 (IEEE), as in the model format.
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes {
        crc ^= UInt32(b)
        for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }
    return crc ^ 0xFFFF_FFFF
}
