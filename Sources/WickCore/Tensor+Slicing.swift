extension Tensor {
    /// The sizes before, along and after `dimension`: the tensor seen as outer x n x inner.
    @inlinable
    internal func split(at dimension: Int) -> (outer: Int, n: Int, inner: Int) {
        (_shape[..<dimension].reduce(1, *), _shape[dimension], _shape[(dimension + 1)...].reduce(1, *))
    }

    /// Resolves a possibly negative dimension (`-1` is the last) and checks it.
    @inlinable
    public func resolvedDimension(_ dimension: Int, _ operation: String) -> Int {
        let d = dimension < 0 ? dimension + rank : dimension
        wickPrecondition(d >= 0 && d < rank, "\(operation): dimension \(dimension) out of range for shape \(formatShape(_shape))")
        return d
    }

    /// The slice at `index` along `dimension`, with that dimension removed (Torch7's `select`).
    @inlinable
    public func selecting(index: Int, alongDimension dimension: Int) -> Tensor {
        let d = resolvedDimension(dimension, "selecting(index:alongDimension:)")
        let (outer, n, inner) = split(at: d)
        wickPrecondition(index >= 0 && index < n, "selecting(index:alongDimension:): index \(index) out of range for shape \(formatShape(_shape))")
        var shape = _shape
        shape.remove(at: d)
        var values = [Scalar](); values.reserveCapacity(outer * inner)
        for o in 0..<outer {
            let start = (o * n + index) * inner
            values.append(contentsOf: storage[start..<(start + inner)])
        }
        return Tensor(_unchecked: shape, storage: values)
    }

    /// `length` slices starting at `start` along `dimension` (Torch7's `narrow`), as a copy.
    @inlinable
    public func narrowed(alongDimension dimension: Int, start: Int, length: Int) -> Tensor {
        let d = resolvedDimension(dimension, "narrowed")
        let (outer, n, inner) = split(at: d)
        wickPrecondition(start >= 0 && length >= 0 && start + length <= n,
            "narrowed: \(start)..<\(start + length) out of range for dimension \(d) of shape \(formatShape(_shape))")
        var shape = _shape
        shape[d] = length
        var values = [Scalar](); values.reserveCapacity(outer * length * inner)
        for o in 0..<outer {
            let from = (o * n + start) * inner
            values.append(contentsOf: storage[from..<(from + length * inner)])
        }
        return Tensor(_unchecked: shape, storage: values)
    }

    /// Writes `source` into the slices `start..<start + source.size(dimension)` along `dimension`.
    @inlinable
    public mutating func replaceNarrowed(alongDimension dimension: Int, start: Int, with source: Tensor) {
        let d = resolvedDimension(dimension, "replaceNarrowed")
        let (outer, n, inner) = split(at: d)
        var expected = _shape
        expected[d] = source.rank == rank ? source._shape[d] : -1
        wickPrecondition(source._shape == expected && start >= 0 && start + source._shape[d] <= n,
            "replaceNarrowed: cannot write \(formatShape(source._shape)) at \(start) along dimension \(d) of \(formatShape(_shape))")
        let length = source._shape[d]
        source.storage.withUnsafeBufferPointer { src in
            storage.withUnsafeMutableBufferPointer { dst in
                for o in 0..<outer {
                    let to = (o * n + start) * inner
                    for i in 0..<(length * inner) { dst[to + i] = src[o * length * inner + i] }
                }
            }
        }
    }
}
