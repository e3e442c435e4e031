// Element-wise building blocks. Everything here is @inlinable so that a call from another module
// (a layer in NN, a benchmark) is specialised for Float or Double and its loop vectorised.

extension Tensor {
    /// Sets `self[i] = f(x[i])`, taking `x`'s shape; reuses this tensor's buffer.
    @inlinable
    public mutating func assign(_ x: Tensor, mapping f: (Scalar) -> Scalar) {
        resize(like: x)
        let n = count
        x.storage.withUnsafeBufferPointer { src in
            storage.withUnsafeMutableBufferPointer { dst in
                let s = src.baseAddress!, d = dst.baseAddress!
                for i in 0..<n { d[i] = f(s[i]) }
            }
        }
    }

    /// Sets `self[i] = f(x[i], y[i])`, taking `x`'s shape; `x` and `y` must have the same count.
    @inlinable
    public mutating func assign(_ x: Tensor, _ y: Tensor, zipping f: (Scalar, Scalar) -> Scalar) {
        wickPrecondition(x.count == y.count, "assign(zipping:): \(formatShape(x._shape)) and \(formatShape(y._shape)) differ in size")
        resize(like: x)
        let n = count
        x.storage.withUnsafeBufferPointer { a in
            y.storage.withUnsafeBufferPointer { b in
                storage.withUnsafeMutableBufferPointer { dst in
                    let p = a.baseAddress!, q = b.baseAddress!, d = dst.baseAddress!
                    for i in 0..<n { d[i] = f(p[i], q[i]) }
                }
            }
        }
    }

    /// Sets `self[i] = f(x[i], y[i], z[i])`, taking `x`'s shape.
    @inlinable
    public mutating func assign(_ x: Tensor, _ y: Tensor, _ z: Tensor, zipping f: (Scalar, Scalar, Scalar) -> Scalar) {
        wickPrecondition(x.count == y.count && x.count == z.count,
            "assign(zipping:): \(formatShape(x._shape)), \(formatShape(y._shape)) and \(formatShape(z._shape)) differ in size")
        resize(like: x)
        let n = count
        x.storage.withUnsafeBufferPointer { a in
            y.storage.withUnsafeBufferPointer { b in
                z.storage.withUnsafeBufferPointer { c in
                    storage.withUnsafeMutableBufferPointer { dst in
                        let p = a.baseAddress!, q = b.baseAddress!, r = c.baseAddress!, d = dst.baseAddress!
                        for i in 0..<n { d[i] = f(p[i], q[i], r[i]) }
                    }
                }
            }
        }
    }

    /// Replaces every element by `f(element)`, in place.
    @inlinable
    public mutating func apply(_ f: (Scalar) -> Scalar) {
        let n = count
        storage.withUnsafeMutableBufferPointer { dst in
            let d = dst.baseAddress!
            for i in 0..<n { d[i] = f(d[i]) }
        }
    }

    /// Replaces `self[i]` by `f(self[i], x[i])`, in place; `x` must have the same count.
    @inlinable
    public mutating func apply(_ x: Tensor, _ f: (Scalar, Scalar) -> Scalar) {
        wickPrecondition(x.count == count, "apply: \(formatShape(_shape)) and \(formatShape(x._shape)) differ in size")
        let n = count
        x.storage.withUnsafeBufferPointer { src in
            storage.withUnsafeMutableBufferPointer { dst in
                let s = src.baseAddress!, d = dst.baseAddress!
                for i in 0..<n { d[i] = f(d[i], s[i]) }
            }
        }
    }

    /// A new tensor with `f` applied to every element.
    @inlinable
    public func map(_ f: (Scalar) -> Scalar) -> Tensor {
        let n = count
        let values = [Scalar](unsafeUninitializedCapacity: n) { out, initialized in
            storage.withUnsafeBufferPointer { src in
                let s = src.baseAddress, d = out.baseAddress
                if let s, let d { for i in 0..<n { (d + i).initialize(to: f(s[i])) } }
            }
            initialized = n
        }
        return Tensor(_unchecked: _shape, storage: values)
    }

    /// `self += alpha · x` (BLAS `axpy`); `x` must have the same shape.
    @inlinable
    public mutating func add(_ x: Tensor, scaledBy alpha: Scalar) {
        wickPrecondition(x._shape == _shape, "add(_:scaledBy:): \(formatShape(_shape)) and \(formatShape(x._shape)) do not match")
        let n = count
        x.storage.withUnsafeBufferPointer { src in
            storage.withUnsafeMutableBufferPointer { dst in
                Scalar.blasAxpy(n: n, alpha: alpha, x: src.baseAddress!, y: dst.baseAddress!)
            }
        }
    }

    /// Adds the vector `v` to every row of this matrix (the bias of a batch), in place.
    @inlinable
    public mutating func addRowVector(_ v: Tensor) {
        let columns = _shape.last ?? 1
        wickPrecondition(rank >= 1 && v.count == columns,
            "addRowVector: \(formatShape(_shape)) and \(formatShape(v._shape)) do not match (\(columns) != \(v.count))")
        let rows = count / Swift.max(columns, 1)
        v.storage.withUnsafeBufferPointer { src in
            storage.withUnsafeMutableBufferPointer { dst in
                let b = src.baseAddress!, d = dst.baseAddress!
                for r in 0..<rows {
                    let row = d + r * columns
                    for j in 0..<columns { row[j] += b[j] }
                }
            }
        }
    }
}
