extension Tensor {
    /// `lhs op rhs` for equal shapes, or with `rhs` a vector added to every row of `lhs`.
    @inlinable
    internal static func combine(_ lhs: Tensor, _ rhs: Tensor, _ name: String, _ f: (Scalar, Scalar) -> Scalar) -> Tensor {
        if lhs._shape == rhs._shape {
            var out = Tensor(_unchecked: lhs._shape, storage: [])
            out.storage = [Scalar](unsafeUninitializedCapacity: lhs.count) { buffer, initialized in
                lhs.storage.withUnsafeBufferPointer { a in
                    rhs.storage.withUnsafeBufferPointer { b in
                        if let p = a.baseAddress, let q = b.baseAddress, let d = buffer.baseAddress {
                            for i in 0..<lhs.count { (d + i).initialize(to: f(p[i], q[i])) }
                        }
                    }
                }
                initialized = lhs.count
            }
            return out
        }
        let columns = lhs._shape.last ?? 0
        wickPrecondition(lhs.rank >= 2 && rhs.rank == 1 && rhs.count == columns,
            "\(name): \(formatShape(lhs._shape)) and \(formatShape(rhs._shape)) do not match")
        var out = lhs
        out.withUnsafeMutableBufferPointer { dst in
            rhs.storage.withUnsafeBufferPointer { b in
                let d = dst.baseAddress!, q = b.baseAddress!
                for r in 0..<(lhs.count / Swift.max(columns, 1)) {
                    let row = d + r * columns
                    for j in 0..<columns { row[j] = f(row[j], q[j]) }
                }
            }
        }
        return out
    }

    /// In-place `lhs op= rhs` for equal shapes, or with `rhs` a vector applied to every row.
    @inlinable
    internal static func combineInPlace(_ lhs: inout Tensor, _ rhs: Tensor, _ name: String, _ f: (Scalar, Scalar) -> Scalar) {
        if lhs._shape == rhs._shape {
            lhs.apply(rhs, f)
            return
        }
        let columns = lhs._shape.last ?? 0
        wickPrecondition(lhs.rank >= 2 && rhs.rank == 1 && rhs.count == columns,
            "\(name): \(formatShape(lhs._shape)) and \(formatShape(rhs._shape)) do not match")
        let rows = lhs.count / Swift.max(columns, 1)
        rhs.storage.withUnsafeBufferPointer { b in
            lhs.storage.withUnsafeMutableBufferPointer { dst in
                let d = dst.baseAddress!, q = b.baseAddress!
                for r in 0..<rows {
                    let row = d + r * columns
                    for j in 0..<columns { row[j] = f(row[j], q[j]) }
                }
            }
        }
    }

    /// Element-wise sum; `rhs` may also be a vector added to every row.
    @inlinable public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { combine(lhs, rhs, "+") { $0 + $1 } }
    /// Element-wise difference; `rhs` may also be a vector subtracted from every row.
    @inlinable public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { combine(lhs, rhs, "-") { $0 - $1 } }
    /// Element-wise product (not the matrix product: see `matmul`).
    @inlinable public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { combine(lhs, rhs, "*") { $0 * $1 } }
    /// Element-wise quotient.
    @inlinable public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { combine(lhs, rhs, "/") { $0 / $1 } }

    /// Adds `rhs` element-wise in place; `rhs` may also be a vector added to every row.
    @inlinable public static func += (lhs: inout Tensor, rhs: Tensor) { combineInPlace(&lhs, rhs, "+=") { $0 + $1 } }
    /// Subtracts `rhs` element-wise in place; `rhs` may also be a vector subtracted from every row.
    @inlinable public static func -= (lhs: inout Tensor, rhs: Tensor) { combineInPlace(&lhs, rhs, "-=") { $0 - $1 } }
    /// Multiplies by `rhs` element-wise in place; `rhs` may also be a vector applied to every row.
    @inlinable public static func *= (lhs: inout Tensor, rhs: Tensor) { combineInPlace(&lhs, rhs, "*=") { $0 * $1 } }
    /// Divides by `rhs` element-wise in place; `rhs` may also be a vector applied to every row.
    @inlinable public static func /= (lhs: inout Tensor, rhs: Tensor) { combineInPlace(&lhs, rhs, "/=") { $0 / $1 } }

    /// Adds `rhs` to every element.
    @inlinable public static func + (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map { $0 + rhs } }
    /// Subtracts `rhs` from every element.
    @inlinable public static func - (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map { $0 - rhs } }
    /// Multiplies every element by `rhs`.
    @inlinable public static func * (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map { $0 * rhs } }
    /// Divides every element by `rhs`.
    @inlinable public static func / (lhs: Tensor, rhs: Scalar) -> Tensor { lhs.map { $0 / rhs } }
    /// Adds `lhs` to every element.
    @inlinable public static func + (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map { lhs + $0 } }
    /// `lhs` minus each element.
    @inlinable public static func - (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map { lhs - $0 } }
    /// Multiplies every element by `lhs`.
    @inlinable public static func * (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map { lhs * $0 } }
    /// `lhs` divided by each element.
    @inlinable public static func / (lhs: Scalar, rhs: Tensor) -> Tensor { rhs.map { lhs / $0 } }

    /// Adds `rhs` to every element in place.
    @inlinable public static func += (lhs: inout Tensor, rhs: Scalar) { lhs.apply { $0 + rhs } }
    /// Subtracts `rhs` from every element in place.
    @inlinable public static func -= (lhs: inout Tensor, rhs: Scalar) { lhs.apply { $0 - rhs } }
    /// Multiplies every element by `rhs` in place.
    @inlinable public static func *= (lhs: inout Tensor, rhs: Scalar) { lhs.apply { $0 * rhs } }
    /// Divides every element by `rhs` in place.
    @inlinable public static func /= (lhs: inout Tensor, rhs: Scalar) { lhs.apply { $0 / rhs } }

    /// Element-wise negation.
    @inlinable public static prefix func - (x: Tensor) -> Tensor { x.map { -$0 } }
}
