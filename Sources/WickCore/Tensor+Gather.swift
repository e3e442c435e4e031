extension Tensor {
    /// Copies the samples (first-dimension slices) of `source` at `indices` into this tensor,
    /// which becomes `indices.count x source.shape[1...]`, reusing its buffer: a minibatch of a
    /// data set of any rank (`N x features`, `N x C x H x W`, ...). Allocates nothing when this
    /// tensor already has that shape.
    @inlinable
    public mutating func gatherRows(_ indices: ArraySlice<Int>, from source: Tensor) {
        wickPrecondition(source.rank >= 1, "gatherRows: needs at least one dimension, got \(formatShape(source.shape))")
        let width = source.rowStride
        if !(rank == source.rank && _shape.first == indices.count && _shape.dropFirst() == source._shape.dropFirst()) {
            var shape = source._shape
            shape[0] = indices.count
            resize(shape: shape)
        }
        source.withUnsafeBufferPointer { src in
            withUnsafeMutableBufferPointer { dst in
                for (k, i) in indices.enumerated() {
                    wickPrecondition(i >= 0 && i < source.shape[0], "gatherRows: row \(i) out of range for \(formatShape(source.shape))")
                    if width > 0 { (dst.baseAddress! + k * width).update(from: src.baseAddress! + i * width, count: width) }
                }
            }
        }
    }
}
