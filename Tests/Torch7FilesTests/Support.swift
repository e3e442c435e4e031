import Foundation
import XCTest
@testable import Torch7Files

/// The files Torch7 itself wrote, in `../shared/fixtures/t7/` (see its README).
func fixture(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/fixtures/t7/\(name)")
}

/// Builds the bytes of a binary `.t7` file by hand (little-endian, longs of `longSize` bytes).
struct T7Bytes {
    var bytes: [UInt8] = []
    var longSize = 8

    mutating func int(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func long(_ v: Int) {
        if longSize == 8 { withUnsafeBytes(of: Int64(v).littleEndian) { bytes += $0 } } else { int(Int32(v)) }
    }
    mutating func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
    mutating func float(_ v: Float) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
    mutating func rawString(_ s: String) { int(Int32(s.utf8.count)); bytes += Array(s.utf8) }

    mutating func number(_ v: Double) { int(1); double(v) }
    mutating func string(_ s: String) { int(2); rawString(s) }
    mutating func nilValue() { int(0) }
    /// A class header: tag 4, the reference index, "V 1" and the class name.
    mutating func classHeader(_ index: Int32, _ className: String, version: String = "V 1") {
        int(4); int(index); rawString(version); rawString(className)
    }
    /// A `torch.FloatStorage` (or the class given) of `values`, as floats.
    mutating func floatStorage(_ index: Int32, _ values: [Float], className: String = "torch.FloatStorage") {
        classHeader(index, className)
        long(values.count)
        for v in values { float(v) }
    }
    /// A tensor header: rank, sizes, strides, 1-based offset; the storage follows.
    mutating func tensorHeader(_ index: Int32, _ className: String, shape: [Int], strides: [Int], offset1: Int) {
        classHeader(index, className)
        int(Int32(shape.count))
        for s in shape { long(s) }
        for s in strides { long(s) }
        long(offset1)
    }
}

/// The error `body` throws, failing the test when it throws none or another type.
func t7Error<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> Torch7FileError? {
    do {
        _ = try body()
        XCTFail("no error thrown", file: file, line: line)
    } catch let error as Torch7FileError {
        return error
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
    return nil
}
