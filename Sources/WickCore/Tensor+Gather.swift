extension Tensor {
    /// Copies the rows of `source` at `indices` into this tensor (`indices.count x width`),
    /// reusing its buffer.
    @inlinable
    public mutating func gatherRows(_ indices: ArraySlice<Int>, from source: Tensor) {
        wickPrecondition(source.rank == 2, "gatherRows: needs a matrix, got \(formatShape(source.shape))")
        let width = source.shape[1]
        resize(rows: indices.count, columns: width)
        source.withUnsafeBufferPointer { src in
            withUnsafeMutableBufferPointer { dst in
                for (k, i) in indices.enumerated() {
                    wickPrecondition(i >= 0 && i < source.shape[0], "gatherRows: row \(i) out of range for \(formatShape(source.shape))")
                    (dst.baseAddress! + k * width).update(from: src.baseAddress! + i * width, count: width)
                }
            }
        }
    }
}

