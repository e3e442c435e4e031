import Foundation
import WickCore
import XCTest
@testable import Datasets

/// Damaged files of every format must give a thrown `DatasetError`, never a crash: each test
/// flips, inserts and cuts random bytes of a valid file many times and decodes the result.
final class CorruptionTests: XCTestCase {
    /// `data` with a few random byte changes, an insertion, or a cut (seeded).
    func mutated(_ data: Data, _ g: inout RandomGenerator) -> Data {
        var bytes = [UInt8](data)
        switch g.integer(in: 0..<3) {
        case 0:
            for _ in 0..<g.integer(in: 1...4) where !bytes.isEmpty {
                bytes[g.integer(in: 0..<bytes.count)] = UInt8(truncatingIfNeeded: g.next())
            }
        case 1:
            bytes.insert(UInt8(truncatingIfNeeded: g.next()), at: g.integer(in: 0...bytes.count))
        default:
            bytes = Array(bytes.prefix(g.integer(in: 0...bytes.count)))
        }
        return Data(bytes)
    }

    /// Decodes `attempts` mutations of `valid`, checking each either decodes or throws a `DatasetError`.
    func survive(_ valid: Data, attempts: Int = 1500, seed: UInt64, decode: (Data) throws -> Void) {
        var g = RandomGenerator(seed: seed)
        var failures = 0
        for _ in 0..<attempts {
            do {
                try decode(mutated(valid, &g))
            } catch is DatasetError {
                failures += 1
            } catch {
                XCTFail("unexpected error type: \(error)")
            }
        }
        XCTAssertGreaterThan(failures, attempts / 10, "most damage should be detected")
    }

    func testDamagedNPYFiles() {
        var g = RandomGenerator(seed: 1)
        let valid = NPY.encode(NPYArray(Tensor<Double>.normal(shape: [3, 4], generator: &g)))
        survive(valid, seed: 2) { _ = try NPY.decode($0) }
    }

    func testDamagedIDXFilesPlainAndGzip() {
        var idx = Data([0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5])
        idx.append(Data((0..<60).map { UInt8($0 * 4) }))
        survive(idx, seed: 3) { _ = try IDX.decode($0) }
        survive(Gzip.compress(idx), seed: 4) { _ = try IDX.decode($0) }
        survive(idx, seed: 5) { _ = try IDX.decodeLabels($0) }
    }

    func testDamagedCSV() {
        let csv = Data("a,b,c\n1,2.5,-3e2\n4,5,6\n7,8,9\n".utf8)
        var decoded = 0
        var g = RandomGenerator(seed: 6)
        for _ in 0..<1500 {
            if let table = try? CSV.parse(mutated(csv, &g), options: CSVOptions(hasHeader: true)) {
                decoded += 1
                XCTAssertEqual(table.values.count, table.rowCount * table.columnCount)
                XCTAssertTrue(table.values.scalars.allSatisfy(\.isFinite), "missing values are rejected by default")
            }
        }
        XCTAssertGreaterThan(decoded, 0)
    }
}
