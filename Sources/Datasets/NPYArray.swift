import WickCore

/// An array as stored in a NumPy `.npy` file: its shape and its elements in C (row-major) order,
/// in the element type of the file.
///
/// Wick reads and writes the three element types its users meet: `float32` (`<f4`), `float64`
/// (`<f8`) and `int64` (`<i8`, NumPy's default integer and how labels are usually saved).
public struct NPYArray: Sendable, Equatable {
    /// The elements, in the file's element type.
    public enum Elements: Sendable, Equatable {
        /// `<f4`: little-endian 32-bit floats.
        case float32([Float])
        /// `<f8`: little-endian 64-bit floats.
        case float64([Double])
        /// `<i8`: little-endian 64-bit signed integers.
        case int64([Int64])

        /// The number of elements.
        public var count: Int {
            switch self {
            case let .float32(v): return v.count
            case let .float64(v): return v.count
            case let .int64(v): return v.count
            }
        }

        /// NumPy's type string for the elements (`"<f4"`, `"<f8"` or `"<i8"`).
        public var descriptor: String {
            switch self {
            case .float32: return "<f4"
            case .float64: return "<f8"
            case .int64: return "<i8"
            }
        }

        /// The size of one element in bytes.
        var byteCount: Int {
            switch self {
            case .float32: return 4
            case .float64, .int64: return 8
            }
        }
    }

    /// The sizes of the dimensions, outermost first; `[]` for a 0-D (scalar) array.
    public var shape: [Int]
    /// The elements in row-major order.
    public var elements: Elements

    /// An array of the given shape; the number of elements must be the product of the shape.
    public init(shape: [Int], elements: Elements) {
        wickPrecondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == elements.count,
            "NPYArray: shape \(formatShape(shape)) does not hold \(elements.count) elements")
        self.shape = shape
        self.elements = elements
    }

    /// The elements and shape of `tensor`, stored as `float32` for a `Float` tensor and as
    /// `float64` for a `Double` one.
    public init<Scalar: TensorScalar>(_ tensor: Tensor<Scalar>) {
        if Scalar.self == Float.self {
            self.init(shape: tensor.shape, elements: .float32(unsafeBitCast(tensor.scalars, to: [Float].self)))
        } else if Scalar.self == Double.self {
            self.init(shape: tensor.shape, elements: .float64(unsafeBitCast(tensor.scalars, to: [Double].self)))
        } else {
            self.init(shape: tensor.shape, elements: .float64(tensor.scalars.map { Double($0) }))  // another TensorScalar
        }
    }

    /// A 1-D `int64` array of `integers` (class labels, indices).
    public init(integers: [Int]) {
        self.init(shape: [integers.count], elements: .int64(integers.map { Int64($0) }))
    }

    /// The array as a tensor of `Scalar`, converting each element (an `int64` beyond 2^53 loses
    /// precision in `Double`, beyond 2^24 in `Float`).
    public func tensor<Scalar: TensorScalar>(as type: Scalar.Type = Double.self) -> Tensor<Scalar> {
        let scalars: [Scalar]
        switch elements {
        case let .float32(v): scalars = ScalarConversion.convert(v, to: type)
        case let .float64(v): scalars = ScalarConversion.convert(v, to: type)
        case let .int64(v): scalars = ScalarConversion.convert(v.map { Double($0) }, to: type)
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// The elements of an `int64` array as `Int`s, in row-major order, whatever the shape.
    ///
    /// - Throws: ``DatasetError/unsupported(format:reason:)`` when the array holds floats.
    public func integers() throws -> [Int] {
        guard case let .int64(v) = elements else {
            throw DatasetError.unsupported(format: "NPY", reason: "expected an integer (<i8) array, the file holds \(elements.descriptor)")
        }
        return v.map { Int($0) }
    }
}
