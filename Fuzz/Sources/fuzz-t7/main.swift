// libFuzzer target: the Torch7 reader on arbitrary bytes, as binary (8-byte and 4-byte longs) and
// as ascii, and each tree it reads mapped to a model (Float) and re-encoded: no input may crash,
// leak past AddressSanitizer, or allocate beyond the input's size.
import Foundation
import Torch7Files

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    for options in [Torch7ReadOptions(format: .binary, longSize: 8), Torch7ReadOptions(format: .binary, longSize: 4),
                    Torch7ReadOptions(format: .ascii)] {
        guard let object = try? Torch7.decode(bytes, options: options) else { continue }
        _ = object.treeDescription()
        _ = Torch7.encode(object)
        _ = try? Torch7.model(Float.self, from: object)
        if let tensor = object.tensor { _ = tensor.toTensor(Double.self); _ = try? tensor.labels(base: .oneBased) }
    }
    return 0
}
