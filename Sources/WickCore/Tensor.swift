/// An n-dimensional array of `Float` or `Double`, stored contiguously in row-major order.
///
/// `Tensor` is a value: assigning it or returning it never lets a later change show through
/// another copy (storage is shared until one side writes; copy on write). The mutating, in-place
/// operations (`+=`, ``assign(_:)``, ``Tensor/matmul(_:_:into:transposeA:transposeB:alpha:beta:)``
/// …) write into the existing buffer whenever nobody else holds it, which is how layers reuse
/// their buffers without allocating.
///
/// ```swift
/// let x = Tensor<Double>([[1, 2], [3, 4]])
/// let y = x.matmul(x.transposed()) + 1
/// ```
public struct Tensor<Scalar: TensorScalar>: Sendable {
    /// The sizes of the dimensions, outermost first. A scalar-like tensor has shape `[]`.
    @usableFromInline internal var _shape: [Int]
    /// Row-major elements; `storage.count` is the product of `_shape`.
    @usableFromInline internal var storage: [Scalar]

    /// Wraps already-validated parts.
    @inlinable
    internal init(_unchecked shape: [Int], storage: [Scalar]) {
        self._shape = shape
        self.storage = storage
    }

    /// A tensor of the given shape holding `scalars` in row-major order.
    ///
    /// The number of scalars must be the product of the shape.
    @inlinable
    public init(shape: [Int], scalars: [Scalar]) {
        let expected = elementCount(shape, "Tensor(shape:scalars:)")
        wickPrecondition(expected == scalars.count,
            "Tensor(shape:scalars:): shape \(formatShape(shape)) holds \(expected) scalars, got \(scalars.count)")
        self.init(_unchecked: shape, storage: scalars)
    }

    /// An empty 1-D tensor (shape `[0]`), the starting state of a layer's buffers. Allocates nothing.
    @inlinable
    public init() {
        self.init(_unchecked: emptyShape, storage: [])
    }

    /// A 1-D tensor (a vector).
    @inlinable
    public init(_ scalars: [Scalar]) {
        self.init(_unchecked: [scalars.count], storage: scalars)
    }

    /// A 2-D tensor (a matrix) from its rows, which must all have the same length.
    @inlinable
    public init(_ rows: [[Scalar]]) {
        let columns = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() {
            wickPrecondition(row.count == columns,
                "Tensor(rows): row 0 has \(columns) columns but row \(i) has \(row.count)")
        }
        self.init(_unchecked: [rows.count, columns], storage: rows.flatMap { $0 })
    }

    /// A tensor of the given shape with every element equal to `value`.
    @inlinable
    public init(repeating value: Scalar, shape: [Int]) {
        self.init(_unchecked: shape, storage: Array(repeating: value, count: elementCount(shape, "Tensor(repeating:shape:)")))
    }

    /// Converts a tensor of another scalar type, element by element.
    @inlinable
    public init<Other: TensorScalar>(_ other: Tensor<Other>) {
        self.init(_unchecked: other._shape, storage: other.storage.map { Scalar($0) })
    }

    /// The sizes of the dimensions, outermost first.
    @inlinable public var shape: [Int] { _shape }
    /// The number of dimensions.
    @inlinable public var rank: Int { _shape.count }
    /// The number of elements.
    @inlinable public var count: Int { storage.count }
    /// True when the tensor holds no element.
    @inlinable public var isEmpty: Bool { storage.isEmpty }

    /// The elements in row-major order. Setting requires the same count.
    @inlinable
    public var scalars: [Scalar] {
        get { storage }
        set {
            wickPrecondition(newValue.count == storage.count,
                "Tensor.scalars: shape \(formatShape(_shape)) holds \(storage.count) scalars, got \(newValue.count)")
            storage = newValue
        }
    }

    /// The size of dimension `d` (negative `d` counts from the end).
    @inlinable
    public func size(_ d: Int) -> Int {
        let dim = d < 0 ? d + rank : d
        wickPrecondition(dim >= 0 && dim < rank, "Tensor.size: dimension \(d) out of range for shape \(formatShape(_shape))")
        return _shape[dim]
    }

    /// Calls `body` with the elements, for reading.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the elements, for writing (copies first if the storage is shared).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }

    /// Makes this tensor `rows`x`columns`, keeping the buffer when the element count allows.
    ///
    /// The elements are kept when the element count is unchanged (so this also reshapes in
    /// place); otherwise they are unspecified. Allocates nothing when the shape is unchanged,
    /// which is the steady state of a training loop.
    @inlinable
    public mutating func resize(rows: Int, columns: Int) {
        if _shape.count == 2 && _shape[0] == rows && _shape[1] == columns { return }
        _shape = [rows, columns]
        resizeStorage(rows * columns)
    }

    /// Makes this tensor 1-D with `count` elements (see ``resize(rows:columns:)``).
    @inlinable
    public mutating func resize(count: Int) {
        if _shape.count == 1 && _shape[0] == count { return }
        _shape = [count]
        resizeStorage(count)
    }

    /// Gives this tensor the shape of `other` (see ``resize(rows:columns:)``).
    @inlinable
    public mutating func resize<Other>(like other: Tensor<Other>) {
        if _shape == other._shape { return }
        _shape = other._shape  // shares the other's shape array: no allocation
        resizeStorage(other.count)
    }

    /// Gives this tensor an arbitrary shape (see ``resize(rows:columns:)``).
    @inlinable
    public mutating func resize(shape: [Int]) {
        if _shape == shape { return }
        _shape = shape
        resizeStorage(elementCount(shape, "Tensor.resize(shape:)"))
    }

    @inlinable
    internal mutating func resizeStorage(_ n: Int) {
        if storage.count != n { storage = Array(repeating: 0, count: n) }
    }

    /// Copies the shape and elements of `other` into this tensor's own buffer.
    @inlinable
    public mutating func assign(_ other: Tensor) {
        resize(like: other)
        other.storage.withUnsafeBufferPointer { src in
            storage.withUnsafeMutableBufferPointer { dst in
                dst.baseAddress!.update(from: src.baseAddress!, count: src.count)
            }
        }
    }

    /// Sets every element to `value`, in place.
    @inlinable
    public mutating func fill(_ value: Scalar) {
        storage.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = value }
        }
    }
}

extension Tensor: Equatable {
    /// Same shape and exactly the same elements.
    @inlinable
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs._shape == rhs._shape && lhs.storage == rhs.storage
    }
}

extension Tensor {
    /// True when the shapes agree and every element differs by at most `tolerance`.
    @inlinable
    public func isApproximatelyEqual(to other: Tensor, tolerance: Scalar) -> Bool {
        guard _shape == other._shape else { return false }
        for i in 0..<count where !(Swift.abs(storage[i] - other.storage[i]) <= tolerance) { return false }
        return true
    }
}

/// The shape `[0]`, shared so that making an empty tensor allocates nothing.
@usableFromInline internal let emptyShape: [Int] = [0]

/// `"4x3"` for shape `[4, 3]`, `"[]"` for a scalar-like shape.
@inlinable
public func formatShape(_ shape: [Int]) -> String {
    shape.isEmpty ? "[]" : shape.map(String.init).joined(separator: "x")
}
