// libFuzzer target: NPY.decode on arbitrary bytes, then the conversion to tensors.
import Datasets
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    if let array = try? NPY.decode(data) {
        // A decoded array must survive a round trip.
        _ = try? NPY.decode(NPY.encode(array))
    }
    return 0
}
