// libFuzzer target: IDX.decode and IDX.decodeLabels on arbitrary bytes (gzip'd or not).
import Datasets
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    _ = try? IDX.decode(data, as: Float.self)
    _ = try? IDX.decode(data, as: Double.self)
    _ = try? IDX.decodeLabels(data)
    return 0
}
