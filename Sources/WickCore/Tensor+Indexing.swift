extension Tensor {
    /// The element at `i` of a 1-D tensor.
    @inlinable
    public subscript(i: Int) -> Scalar {
        get {
            wickPrecondition(rank == 1 && i >= 0 && i < count, "Tensor[\(i)]: index out of range for shape \(formatShape(_shape))")
            return storage[i]
        }
        set {
            wickPrecondition(rank == 1 && i >= 0 && i < count, "Tensor[\(i)]: index out of range for shape \(formatShape(_shape))")
            storage[i] = newValue
        }
    }

    /// The element at row `i`, column `j` of a 2-D tensor.
    @inlinable
    public subscript(i: Int, j: Int) -> Scalar {
        get {
            wickPrecondition(rank == 2 && i >= 0 && i < _shape[0] && j >= 0 && j < _shape[1],
                "Tensor[\(i), \(j)]: index out of range for shape \(formatShape(_shape))")
            return storage[i * _shape[1] + j]
        }
        set {
            wickPrecondition(rank == 2 && i >= 0 && i < _shape[0] && j >= 0 && j < _shape[1],
                "Tensor[\(i), \(j)]: index out of range for shape \(formatShape(_shape))")
            storage[i * _shape[1] + j] = newValue
        }
    }

    /// The element at a full multi-index (one index per dimension).
    @inlinable
    public subscript(indices indices: [Int]) -> Scalar {
        get { storage[flatIndex(indices)] }
        set { storage[flatIndex(indices)] = newValue }
    }

    @inlinable
    internal func flatIndex(_ indices: [Int]) -> Int {
        wickPrecondition(indices.count == rank, "Tensor[\(indices)]: \(indices.count) indices for shape \(formatShape(_shape))")
        var flat = 0
        for (d, i) in indices.enumerated() {
            wickPrecondition(i >= 0 && i < _shape[d], "Tensor[\(indices)]: index out of range for shape \(formatShape(_shape))")
            flat = flat * _shape[d] + i
        }
        return flat
    }

    /// The number of scalars in one slice along the first dimension.
    @inlinable
    internal var rowStride: Int { _shape.isEmpty ? 1 : _shape.dropFirst().reduce(1, *) }

    /// Slices along the first dimension: `x[rows: 0..<10]` is the first ten rows (or samples).
    @inlinable
    public subscript(rows range: Range<Int>) -> Tensor {
        get {
            wickPrecondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= _shape[0],
                "Tensor[rows: \(range)]: out of range for shape \(formatShape(_shape))")
            var shape = _shape
            shape[0] = range.count
            let s = rowStride
            return Tensor(_unchecked: shape, storage: Array(storage[(range.lowerBound * s)..<(range.upperBound * s)]))
        }
        set {
            wickPrecondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= _shape[0],
                "Tensor[rows: \(range)]: out of range for shape \(formatShape(_shape))")
            var shape = _shape
            shape[0] = range.count
            wickPrecondition(newValue._shape == shape,
                "Tensor[rows: \(range)]: cannot assign \(formatShape(newValue._shape)) to a \(formatShape(shape)) slice")
            let s = rowStride
            storage.replaceSubrange((range.lowerBound * s)..<(range.upperBound * s), with: newValue.storage)
        }
    }

    /// Row `i` of a matrix (or sample `i` of a batch) with the first dimension removed.
    @inlinable
    public func row(_ i: Int) -> Tensor {
        wickPrecondition(rank >= 1 && i >= 0 && i < _shape[0], "Tensor.row(\(i)): out of range for shape \(formatShape(_shape))")
        let s = rowStride
        return Tensor(_unchecked: Array(_shape.dropFirst()), storage: Array(storage[(i * s)..<((i + 1) * s)]))
    }

    /// Column `j` of a matrix, as a vector.
    @inlinable
    public func column(_ j: Int) -> Tensor {
        wickPrecondition(rank == 2 && j >= 0 && j < _shape[1], "Tensor.column(\(j)): out of range for shape \(formatShape(_shape))")
        let columns = _shape[1]
        return Tensor((0..<_shape[0]).map { storage[$0 * columns + j] })
    }

    /// The rows (first-dimension slices) at `indices`, in that order: a minibatch by index.
    @inlinable
    public func selecting(rows indices: [Int]) -> Tensor {
        wickPrecondition(rank >= 1, "Tensor.selecting(rows:): needs at least one dimension, got shape \(formatShape(_shape))")
        var shape = _shape
        shape[0] = indices.count
        let s = rowStride
        var values = [Scalar](); values.reserveCapacity(indices.count * s)
        for i in indices {
            wickPrecondition(i >= 0 && i < _shape[0], "Tensor.selecting(rows:): row \(i) out of range for shape \(formatShape(_shape))")
            values.append(contentsOf: storage[(i * s)..<((i + 1) * s)])
        }
        return Tensor(_unchecked: shape, storage: values)
    }

    /// The same elements under a new shape; one dimension may be `-1` and is then inferred.
    @inlinable
    public func reshaped(_ shape: Int...) -> Tensor { reshaped(to: shape) }

    /// The same elements under a new shape; one dimension may be `-1` and is then inferred.
    @inlinable
    public func reshaped(to shape: [Int]) -> Tensor {
        var shape = shape
        if let free = shape.firstIndex(of: -1) {
            let known = elementCount(shape.enumerated().filter { $0.offset != free }.map(\.element), "reshaped")
            wickPrecondition(known > 0 && count % known == 0,
                "reshaped: cannot view \(formatShape(_shape)) (\(count) scalars) as \(formatShape(shape))")
            shape[free] = count / known
        }
        wickPrecondition(elementCount(shape, "reshaped") == count,
            "reshaped: cannot view \(formatShape(_shape)) (\(count) scalars) as \(formatShape(shape))")
        return Tensor(_unchecked: shape, storage: storage)
    }

    /// The transpose of a matrix (a 1-D tensor is returned unchanged).
    @inlinable
    public func transposed() -> Tensor {
        if rank == 1 { return self }
        wickPrecondition(rank == 2, "transposed: needs a matrix, got shape \(formatShape(_shape))")
        let (m, n) = (_shape[0], _shape[1])
        let values = [Scalar](unsafeUninitializedCapacity: m * n) { out, initialized in
            storage.withUnsafeBufferPointer { src in
                // Blocked so that both sides stay in cache for large matrices.
                let block = 32
                for ib in stride(from: 0, to: m, by: block) {
                    for jb in stride(from: 0, to: n, by: block) {
                        for i in ib..<Swift.min(ib + block, m) {
                            for j in jb..<Swift.min(jb + block, n) { out[j * m + i] = src[i * n + j] }
                        }
                    }
                }
            }
            initialized = m * n
        }
        return Tensor(_unchecked: [n, m], storage: values)
    }

    /// Joins tensors along `dimension`; all other dimensions must agree.
    @inlinable
    public static func concatenated(_ tensors: [Tensor], alongDimension dimension: Int = 0) -> Tensor {
        wickPrecondition(!tensors.isEmpty, "concatenated: needs at least one tensor")
        let first = tensors[0]
        wickPrecondition(dimension >= 0 && dimension < first.rank,
            "concatenated: dimension \(dimension) out of range for shape \(formatShape(first._shape))")
        for t in tensors {
            var a = t._shape, b = first._shape
            wickPrecondition(a.count == b.count, "concatenated: shapes \(formatShape(first._shape)) and \(formatShape(t._shape)) differ in rank")
            a[dimension] = 0; b[dimension] = 0
            wickPrecondition(a == b,
                "concatenated: shapes \(formatShape(first._shape)) and \(formatShape(t._shape)) differ outside dimension \(dimension)")
        }
        let outer = first._shape[..<dimension].reduce(1, *)
        let inner = first._shape[(dimension + 1)...].reduce(1, *)
        var shape = first._shape
        shape[dimension] = tensors.reduce(0) { $0 + $1._shape[dimension] }
        var values = [Scalar](); values.reserveCapacity(shape.reduce(1, *))
        for o in 0..<outer {
            for t in tensors {
                let chunk = t._shape[dimension] * inner
                values.append(contentsOf: t.storage[(o * chunk)..<((o + 1) * chunk)])
            }
        }
        return Tensor(_unchecked: shape, storage: values)
    }
}
