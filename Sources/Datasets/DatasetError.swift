/// Everything that can go wrong while reading, decoding or writing a dataset.
///
/// Every loader in the `Datasets` module throws this one type, and each case says enough to find
/// the problem in the file: CSV errors carry 1-based line and column numbers (as an editor shows
/// them), binary formats say which format and how many bytes were expected.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read (missing, unreadable, a directory…).
    case unreadableFile(path: String, reason: String)
    /// The file could not be written (or its temporary sibling could not be renamed over it).
    case unwritableFile(path: String, reason: String)
    /// A data file that should ship inside the package is missing from its resource bundle.
    case missingResource(name: String)
    /// A CSV cell that is not a finite number. `line` and `column` are 1-based.
    case invalidNumber(line: Int, column: Int, text: String)
    /// A CSV cell that is empty or NaN while missing values are rejected (see
    /// ``CSVOptions/missingValues``). `line` and `column` are 1-based.
    case missingValue(line: Int, column: Int)
    /// A CSV row whose number of cells differs from the first row's. `line` is 1-based.
    case wrongColumnCount(line: Int, expected: Int, found: Int)
    /// The input holds no data at all (`what` names it: "CSV", "gzip"…).
    case noData(what: String)
    /// A value that should be a class label (a non-negative integer) is not. `row` is the 0-based
    /// data row.
    case invalidLabel(row: Int, value: String)
    /// The data ends before its header says it should.
    case truncated(format: String, expectedBytes: Int, actualBytes: Int)
    /// The bytes do not follow the format (bad magic number, unparsable header, trailing bytes…).
    case malformed(format: String, reason: String)
    /// A well-formed file whose element type or layout Wick does not read (big-endian NPY, a
    /// Fortran-ordered array, an object array…).
    case unsupported(format: String, reason: String)
    /// The gzip (or zlib) stream is corrupt or cut short.
    case corruptCompressedData(reason: String)
    /// A data set that is installed apart from Wick (such as Fashion-MNIST, from a Debian package)
    /// is not where it was looked for: `path` is the file that is missing, `remedy` says how to
    /// install it.
    case missingDataset(name: String, path: String, remedy: String)

    /// A one-line explanation naming the file position or format concerned.
    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .unwritableFile(path, reason):
            return "cannot write \(path): \(reason)"
        case let .missingResource(name):
            return "the bundled resource \(name) is missing from the Datasets resource bundle"
        case let .invalidNumber(line, column, text):
            return "CSV line \(line), column \(column): \"\(text)\" is not a finite number"
        case let .missingValue(line, column):
            return "CSV line \(line), column \(column): missing value (empty or NaN cell); pass missingValues: .nan to keep it as NaN"
        case let .wrongColumnCount(line, expected, found):
            return "CSV line \(line): \(found) cells, but the first row has \(expected)"
        case let .noData(what):
            return "\(what): no data"
        case let .invalidLabel(row, value):
            return "row \(row): label \"\(value)\" is not a non-negative integer"
        case let .truncated(format, expected, actual):
            return "\(format): truncated data (needs \(expected) bytes, has \(actual))"
        case let .malformed(format, reason):
            return "\(format): malformed file: \(reason)"
        case let .unsupported(format, reason):
            return "\(format): unsupported: \(reason)"
        case let .corruptCompressedData(reason):
            return "gzip: corrupt compressed data: \(reason)"
        case let .missingDataset(name, path, remedy):
            return "\(name) is not installed: \(path) does not exist; \(remedy)"
        }
    }
}
