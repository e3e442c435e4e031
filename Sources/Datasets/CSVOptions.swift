/// How ``CSV`` reads a file: header, delimiter and what to do with missing values.
public struct CSVOptions: Sendable, Equatable {
    /// What a missing value (an empty cell, or `NaN`, `nan`, `NA`, in any case) becomes.
    public enum MissingValues: Sendable, Equatable {
        /// Throw ``DatasetError/missingValue(line:column:)`` naming the cell (the default: a NaN
        /// that slips into training data poisons everything after it).
        case reject
        /// Keep the cell as NaN, for callers that impute or drop rows themselves.
        case nan
    }

    /// True when the first non-blank line holds column names rather than numbers.
    public var hasHeader: Bool
    /// The single ASCII character between cells: `","` (the default), `";"`, `"\t"`, `" "`...
    ///
    /// Every occurrence separates two cells, so with `" "` two spaces in a row make an empty
    /// (missing) cell between them.
    public var delimiter: Character
    /// What an empty or NaN cell becomes.
    public var missingValues: MissingValues

    /// Options for a file; the defaults read a plain comma-separated table of numbers.
    public init(hasHeader: Bool = false, delimiter: Character = ",", missingValues: MissingValues = .reject) {
        self.hasHeader = hasHeader
        self.delimiter = delimiter
        self.missingValues = missingValues
    }
}
