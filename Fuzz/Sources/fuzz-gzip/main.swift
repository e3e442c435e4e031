// libFuzzer target: Gzip.decompress on arbitrary bytes.
import Datasets
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    if Gzip.isCompressed(data) { _ = try? Gzip.decompress(data) }
    _ = try? Gzip.decompressIfNeeded(data)
    return 0
}
