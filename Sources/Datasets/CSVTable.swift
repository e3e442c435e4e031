import WickCore

/// A numeric table read by ``CSV``: the column names, if the file had them, and the values.
public struct CSVTable<Scalar: TensorScalar>: Sendable, Equatable {
    /// The cells of the header line, surrounding spaces and quotes removed; `nil` without a header.
    public var header: [String]?
    /// The values, one row per data line (blank lines skipped), shape `rows`x`columns`.
    public var values: Tensor<Scalar>

    /// Wraps a header and a `rows`x`columns` matrix of values.
    public init(header: [String]?, values: Tensor<Scalar>) {
        self.header = header
        self.values = values
    }

    /// The number of data rows.
    public var rowCount: Int { values.size(0) }
    /// The number of columns.
    public var columnCount: Int { values.size(1) }

    /// Splits off one column as integer class labels; the other columns become the features.
    ///
    /// - Parameter column: the 0-based label column; negative counts from the end (`-1`, the
    ///   default, is the last column).
    /// - Returns: `features`, `rows`x`(columns - 1)`, and `labels`, one per row.
    /// - Throws: ``DatasetError/invalidLabel(row:value:)`` when a label is not a non-negative
    ///   integer (NaN, `2.5`, `-1`…).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func splittingLabels(atColumn column: Int = -1) throws -> (features: Tensor<Scalar>, labels: [Int]) {
        let columns = columnCount, rows = rowCount
        let labelColumn = column < 0 ? column + columns : column
        wickPrecondition(labelColumn >= 0 && labelColumn < columns,
            "CSVTable.splittingLabels: column \(column) is out of range for a \(rows)x\(columns) table")
        var labels = [Int](); labels.reserveCapacity(rows)
        var features = [Scalar](); features.reserveCapacity(rows * (columns - 1))
        try values.withUnsafeBufferPointer { v in
            for r in 0..<rows {
                let value = v[r * columns + labelColumn]
                guard value.isFinite, value >= 0, value == value.rounded(), value < Scalar(Int32.max) else {
                    throw DatasetError.invalidLabel(row: r, value: "\(value)")
                }
                labels.append(Int(value))
                for c in 0..<columns where c != labelColumn { features.append(v[r * columns + c]) }
            }
        }
        return (Tensor(shape: [rows, columns - 1], scalars: features), labels)
    }
}
