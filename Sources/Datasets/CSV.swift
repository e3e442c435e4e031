import Foundation
import WickCore

/// A reader for numeric CSV tables (comma-separated, or any one-character delimiter).
///
/// Every data cell must be a number in Swift's `Double` syntax (`3`, `-0.5`, `1e-3`); an
/// exception is thrown for anything else, naming the 1-based line and column, so a bad row in a
/// large file is easy to find. Other rules:
/// - blank lines are skipped; `\n` and `\r\n` line ends both work; a UTF-8 byte-order mark is
///   ignored; a gzip-compressed file is decompressed first (see ``Gzip``);
/// - spaces and tabs around a cell are ignored, and so are double quotes around it (`"1.5"`), but
///   a delimiter inside quotes is not supported: this is a reader for numbers, not for text;
/// - every row must have as many cells as the first one (the header, if any);
/// - an empty cell, or `NaN` / `NA` in any case, is a missing value: it throws by default, or
///   becomes NaN with `missingValues: .nan` (see ``CSVOptions/MissingValues``);
/// - infinities (`inf`) are not numbers here and throw ``DatasetError/invalidNumber(line:column:text:)``.
///
/// ```swift
/// let table = try CSV.read(contentsOf: url, options: CSVOptions(hasHeader: true))
/// let (x, labels) = try table.splittingLabels(atColumn: -1)
/// ```
public enum CSV {
    /// Reads the file at `url` (plain or gzip).
    public static func read<Scalar: TensorScalar>(
        contentsOf url: URL, as type: Scalar.Type = Double.self, options: CSVOptions = CSVOptions()
    ) throws -> CSVTable<Scalar> {
        try parse(Gzip.decompressIfNeeded(FileIO.read(url)), as: type, options: options)
    }

    /// Parses CSV text.
    public static func parse<Scalar: TensorScalar>(
        _ text: String, as type: Scalar.Type = Double.self, options: CSVOptions = CSVOptions()
    ) throws -> CSVTable<Scalar> {
        try parse(Data(text.utf8), as: type, options: options)
    }

    /// Parses CSV bytes (UTF-8 or ASCII; not decompressed).
    public static func parse<Scalar: TensorScalar>(
        _ data: Data, as type: Scalar.Type = Double.self, options: CSVOptions = CSVOptions()
    ) throws -> CSVTable<Scalar> {
        wickPrecondition(options.delimiter.isASCII && options.delimiter.utf8.count == 1 && options.delimiter != "\n"
                         && options.delimiter != "\r" && options.delimiter != "\"",
            "CSV.parse: the delimiter must be one ASCII character other than a quote or line end, got \"\(options.delimiter)\"")
        let delimiter = options.delimiter.utf8.first!
        let (header, values, rows, columns) = try data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw.bindMemory(to: UInt8.self), delimiter: delimiter, options: options)
            try parser.run()
            return (parser.header, parser.values, parser.rows, parser.columns)
        }
        return CSVTable(header: header, values: Tensor(shape: [rows, columns], scalars: ScalarConversion.convert(values, to: type)))
    }

    /// The state of one pass over the bytes. Not generic, so that it runs at full speed whatever
    /// module calls ``CSV``; values are converted to the caller's scalar type at the end.
    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let delimiter: UInt8
        let options: CSVOptions
        var header: [String]?
        var columns = -1
        var rows = 0
        var values = [Double]()
        /// Cell boundaries of the current line, reused between lines.
        var cellRanges = [Range<Int>]()

        init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, options: CSVOptions) {
            self.bytes = bytes
            self.delimiter = delimiter
            self.options = options
        }

        mutating func run() throws {
            var start = 0
            // A UTF-8 byte-order mark.
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
            var line = 0
            while start < bytes.count {
                line += 1
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let next = end + 1
                if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                try parseLine(start..<end, line: line)
                start = next
            }
            guard rows > 0 else { throw DatasetError.noData(what: "CSV") }
        }

        mutating func parseLine(_ range: Range<Int>, line: Int) throws {
            let trimmed = trim(range)
            if trimmed.isEmpty { return }  // blank line
            splitCells(range)
            if options.hasHeader && header == nil {
                header = cellRanges.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[unquote(trim($0))]), as: UTF8.self) }
                columns = cellRanges.count
                return
            }
            if columns < 0 { columns = cellRanges.count }
            guard cellRanges.count == columns else {
                throw DatasetError.wrongColumnCount(line: line, expected: columns, found: cellRanges.count)
            }
            for (index, cell) in cellRanges.enumerated() {
                values.append(try parseCell(unquote(trim(cell)), line: line, column: index + 1))
            }
            rows += 1
        }

        mutating func splitCells(_ range: Range<Int>) {
            cellRanges.removeAll(keepingCapacity: true)
            var cellStart = range.lowerBound
            for i in range where bytes[i] == delimiter {
                cellRanges.append(cellStart..<i)
                cellStart = i + 1
            }
            cellRanges.append(cellStart..<range.upperBound)
        }

        func parseCell(_ cell: Range<Int>, line: Int, column: Int) throws -> Double {
            if let value = fastDouble(cell) { return value }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[cell]), as: UTF8.self)
            if text.isEmpty || isMissingMarker(text) {
                guard options.missingValues == .nan else { throw DatasetError.missingValue(line: line, column: column) }
                return .nan
            }
            guard let value = Double(text), value.isFinite else {
                throw DatasetError.invalidNumber(line: line, column: column, text: String(text.prefix(40)))
            }
            return value
        }

        /// Powers of ten that a `Double` holds exactly.
        static let exactPowersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { r, _ in r * 10 } }

        /// The value of a plain decimal cell (`-12.5`, `3e-2`) when it has at most 15 significant
        /// digits and a decimal exponent within ±22: then one multiplication or division of
        /// exactly representable numbers rounds correctly (Clinger's fast path). `nil` sends every
        /// other cell to the standard library's full parser.
        func fastDouble(_ cell: Range<Int>) -> Double? {
            var i = cell.lowerBound
            let end = cell.upperBound
            guard i < end else { return nil }
            var negative = false
            if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
            var mantissa: UInt64 = 0, significant = 0, exponent = 0, sawDigit = false
            while i < end, bytes[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                if mantissa != 0 { significant += 1 }
                if significant > 15 { return nil }
                sawDigit = true
                i += 1
            }
            if i < end, bytes[i] == UInt8(ascii: ".") {
                i += 1
                while i < end, bytes[i] &- 48 < 10 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                    if mantissa != 0 { significant += 1 }
                    if significant > 15 { return nil }
                    exponent -= 1
                    sawDigit = true
                    i += 1
                }
            }
            guard sawDigit else { return nil }
            if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                var exponentNegative = false
                if i < end, bytes[i] == UInt8(ascii: "-") { exponentNegative = true; i += 1 } else if i < end, bytes[i] == UInt8(ascii: "+") { i += 1 }
                var written = 0, sawExponentDigit = false
                while i < end, bytes[i] &- 48 < 10 {
                    written = written * 10 + Int(bytes[i] &- 48)
                    if written > 1000 { return nil }
                    sawExponentDigit = true
                    i += 1
                }
                guard sawExponentDigit else { return nil }
                exponent += exponentNegative ? -written : written
            }
            guard i == end else { return nil }
            if mantissa == 0 { return negative ? -0.0 : 0 }
            guard abs(exponent) <= 22 else { return nil }
            let magnitude = Double(mantissa)
            let value = exponent < 0 ? magnitude / Self.exactPowersOfTen[-exponent] : magnitude * Self.exactPowersOfTen[exponent]
            return negative ? -value : value
        }

        func isMissingMarker(_ text: String) -> Bool {
            text.utf8.count <= 3 && ["nan", "na"].contains(text.lowercased())
        }

        /// `range` without spaces and tabs at either end.
        func trim(_ range: Range<Int>) -> Range<Int> {
            var lo = range.lowerBound, hi = range.upperBound
            while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
            while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
            return lo..<hi
        }

        /// `range` without one pair of surrounding double quotes.
        func unquote(_ range: Range<Int>) -> Range<Int> {
            if range.count >= 2 && bytes[range.lowerBound] == 0x22 && bytes[range.upperBound - 1] == 0x22 {
                return (range.lowerBound + 1)..<(range.upperBound - 1)
            }
            return range
        }
    }
}
