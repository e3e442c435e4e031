// libFuzzer target: CSV.parse on arbitrary bytes, as Float and Double, with and without a header.
import Datasets
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    // The first byte picks the options, so that the fuzzer explores all of them.
    let flags = data.first ?? 0
    let options = CSVOptions(hasHeader: flags & 1 != 0, delimiter: flags & 2 != 0 ? ";" : ",",
                             missingValues: .reject)
    _ = try? CSV.parse(data, as: Double.self, options: options)
    _ = try? CSV.parse(data, as: Float.self, options: CSVOptions(hasHeader: flags & 1 == 0))
    return 0
}
