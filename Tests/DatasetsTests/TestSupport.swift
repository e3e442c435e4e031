import Foundation
import XCTest
@testable import Datasets

/// Bytes from a hex string (whitespace ignored).
func bytes(hex: String) -> Data {
    let digits = Array(hex.filter { !$0.isWhitespace })
    var data = Data()
    var i = 0
    while i + 1 < digits.count {
        data.append(UInt8(String(digits[i...i + 1]), radix: 16)!)
        i += 2
    }
    return data
}

/// A fresh empty directory under the system temporary directory, removed when the test ends.
func temporaryDirectory(_ testCase: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wick-datasets-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// The `DatasetError` that `body` throws, failing the test when it throws nothing or another type.
func datasetError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> DatasetError? {
    do {
        _ = try body()
        XCTFail("expected a DatasetError, nothing was thrown", file: file, line: line)
        return nil
    } catch let error as DatasetError {
        return error
    } catch {
        XCTFail("expected a DatasetError, got \(error)", file: file, line: line)
        return nil
    }
}
