import Foundation
import WickCore
import XCTest
@testable import Datasets

final class CSVTests: XCTestCase {
    func testParsesNumbersInRowMajorOrder() throws {
        let table = try CSV.parse("1,2,3\n4.5,-6e-1,+7\n")
        XCTAssertNil(table.header)
        XCTAssertEqual(table.values.shape, [2, 3])
        XCTAssertEqual(table.values.scalars, [1, 2, 3, 4.5, -0.6, 7])
    }

    func testEveryNumberParsesExactlyAsTheStandardLibraryParsesIt() throws {
        // Short decimals take the fast path, long ones and extreme exponents the full parser;
        // both must give the bit-identical Double.
        var generator = RandomGenerator(seed: 21)
        var cells = ["0", "-0", "+3", ".5", "5.", "1e22", "1e23", "123456789012345", "1234567890123456",
                     "0.000001234", "2.5E-3", "7e-400", "1.7976931348623157e308", "4.9e-324", "0x1p-2", "00012.50"]
        for _ in 0..<2000 {
            let magnitude = Double.pow(10, generator.uniform(-30, 30))
            let value = generator.normal() * magnitude
            cells.append("\(value)")
            cells.append(String(format: "%.\(generator.integer(in: 0...17))g", value))
            cells.append(String(format: "%.\(generator.integer(in: 0...8))f", value))
        }
        let table = try CSV.parse(cells.joined(separator: "\n"))
        for (cell, parsed) in zip(cells, table.values.scalars) {
            XCTAssertEqual(parsed.bitPattern, Double(cell)!.bitPattern, "\(cell)")
        }
    }

    func testHeaderDelimiterQuotesWhitespaceAndLineEnds() throws {
        let text = "\u{FEFF}\"a\" ; b ;c\r\n 1 ;\t\"2\" ; 3\r\n\r\n4;5;6"
        let table = try CSV.parse(text, as: Float.self, options: CSVOptions(hasHeader: true, delimiter: ";"))
        XCTAssertEqual(table.header, ["a", "b", "c"])
        XCTAssertEqual(table.values, Tensor<Float>([[1, 2, 3], [4, 5, 6]]))
    }

    func testTabDelimiter() throws {
        let table = try CSV.parse("1\t2\n3\t4\n", options: CSVOptions(delimiter: "\t"))
        XCTAssertEqual(table.values, Tensor([[1, 2], [3, 4]]))
    }

    func testBadCellNamesLineAndColumn() {
        // Line 3 of the file (the header is line 1, a blank line does not shift the count).
        let text = "x,y\n1,2\n3,abc\n"
        XCTAssertEqual(datasetError { try CSV.parse(text, options: CSVOptions(hasHeader: true)) },
                       .invalidNumber(line: 3, column: 2, text: "abc"))
        XCTAssertEqual(datasetError { try CSV.parse("1,2\n\n3,4x\n") }, .invalidNumber(line: 3, column: 2, text: "4x"))
        XCTAssertEqual(datasetError { try CSV.parse("1,inf\n") }, .invalidNumber(line: 1, column: 2, text: "inf"))
        XCTAssertEqual(DatasetError.invalidNumber(line: 3, column: 2, text: "abc").description,
                       "CSV line 3, column 2: \"abc\" is not a finite number")
    }

    func testMissingValuesAreRejectedByDefault() {
        XCTAssertEqual(datasetError { try CSV.parse("1,2\n3,\n") }, .missingValue(line: 2, column: 2))
        XCTAssertEqual(datasetError { try CSV.parse("1,NaN\n") }, .missingValue(line: 1, column: 2))
        XCTAssertEqual(datasetError { try CSV.parse("NA,1\n") }, .missingValue(line: 1, column: 1))
    }

    func testMissingValuesBecomeNaNWhenAsked() throws {
        let table = try CSV.parse("1,,nan\n", options: CSVOptions(missingValues: .nan))
        XCTAssertEqual(table.values.scalars[0], 1)
        XCTAssertTrue(table.values.scalars[1].isNaN)
        XCTAssertTrue(table.values.scalars[2].isNaN)
    }

    func testRaggedRowsAndEmptyInput() {
        XCTAssertEqual(datasetError { try CSV.parse("1,2,3\n4,5\n") }, .wrongColumnCount(line: 2, expected: 3, found: 2))
        XCTAssertEqual(datasetError { try CSV.parse("a,b\n1,2,3\n", options: CSVOptions(hasHeader: true)) },
                       .wrongColumnCount(line: 2, expected: 2, found: 3))
        XCTAssertEqual(datasetError { try CSV.parse("") }, .noData(what: "CSV"))
        XCTAssertEqual(datasetError { try CSV.parse("a,b\n\n", options: CSVOptions(hasHeader: true)) }, .noData(what: "CSV"))
    }

    func testReadsPlainAndGzipFilesAndReportsMissingOnes() throws {
        let directory = try temporaryDirectory(self)
        let text = "1,2\n3,4\n"
        let plain = directory.appendingPathComponent("t.csv")
        let compressed = directory.appendingPathComponent("t.csv.gz")
        try Data(text.utf8).write(to: plain)
        try Gzip.compress(Data(text.utf8)).write(to: compressed)
        XCTAssertEqual(try CSV.read(contentsOf: plain).values, Tensor([[1, 2], [3, 4]]))
        XCTAssertEqual(try CSV.read(contentsOf: compressed).values, Tensor([[1, 2], [3, 4]]))
        let missing = directory.appendingPathComponent("nope.csv")
        XCTAssertEqual(datasetError { try CSV.read(contentsOf: missing) }, .unreadableFile(path: missing.path, reason: "no such file"))
    }

    func testSplittingLabels() throws {
        let table = try CSV.parse("0.5,1,2\n1.5,0,3\n")
        let (features, labels) = try table.splittingLabels(atColumn: 1)
        XCTAssertEqual(features, Tensor([[0.5, 2], [1.5, 3]]))
        XCTAssertEqual(labels, [1, 0])
        let last = try table.splittingLabels()
        XCTAssertEqual(last.labels, [2, 3])
        XCTAssertEqual(datasetError { try CSV.parse("1,2.5\n").splittingLabels() }, .invalidLabel(row: 0, value: "2.5"))
        XCTAssertEqual(datasetError { try CSV.parse("1,0\n1,-1\n").splittingLabels() }, .invalidLabel(row: 1, value: "-1.0"))
    }

    func testMisuseTraps() throws {
        let table = try CSV.parse("1,2\n")
        XCTAssertEqual(trappedMessage { _ = try? table.splittingLabels(atColumn: 2) },
                       "CSVTable.splittingLabels: column 2 is out of range for a 1x2 table")
        XCTAssertEqual(trappedMessage { _ = try? CSV.parse("1\"2", options: CSVOptions(delimiter: "\"")) },
                       "CSV.parse: the delimiter must be one ASCII character other than a quote or line end, got \"\"\"")
    }
}
