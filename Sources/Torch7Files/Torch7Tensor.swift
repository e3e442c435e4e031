import WickCore

/// The element type of a Torch7 storage or tensor, from its class name (`torch.FloatTensor` is
/// `float`); the CUDA classes read as their CPU type (`torch.CudaTensor` is `float`).
public enum Torch7ScalarType: String, Sendable, CaseIterable {
    /// `unsigned char` (`torch.ByteTensor`).
    case byte = "Byte"
    /// `signed char` (`torch.CharTensor`).
    case char = "Char"
    /// 16-bit integer (`torch.ShortTensor`).
    case short = "Short"
    /// 32-bit integer (`torch.IntTensor`).
    case int = "Int"
    /// C `long`: 8 bytes on Linux and macOS, 4 on Windows (see ``Torch7ReadOptions/longSize``).
    case long = "Long"
    /// 32-bit float (`torch.FloatTensor`, `torch.CudaTensor`).
    case float = "Float"
    /// 64-bit float (`torch.DoubleTensor`).
    case double = "Double"
    /// 16-bit IEEE float (`torch.HalfTensor`, `torch.CudaHalfTensor`).
    case half = "Half"

    /// The size of one element in a binary file (`long` as the file's long size).
    func elementSize(longSize: Int) -> Int {
        switch self {
        case .byte, .char: 1
        case .short, .half: 2
        case .int, .float: 4
        case .long: longSize
        case .double: 8
        }
    }

    /// The type of a `torch.<X>Storage` / `torch.<X>Tensor` class name and whether it is one of
    /// the two, e.g. `("torch.CudaTensor")` is `(.float, isTensor: true)`; nil for other classes.
    static func parse(className: String) -> (type: Torch7ScalarType, isTensor: Bool)? {
        guard className.hasPrefix("torch.") else { return nil }
        var name = Substring(className.dropFirst("torch.".count))
        let isTensor: Bool
        if name.hasSuffix("Tensor") { isTensor = true; name = name.dropLast("Tensor".count) }
        else if name.hasSuffix("Storage") { isTensor = false; name = name.dropLast("Storage".count) }
        else { return nil }
        if name.hasPrefix("Cuda") {
            name = name.dropFirst("Cuda".count)
            if name.isEmpty { return (.float, isTensor) }  // torch.CudaTensor holds floats
        }
        guard let type = Torch7ScalarType(rawValue: String(name)) else { return nil }
        return (type, isTensor)
    }
}

/// The elements of a Torch7 storage, in the storage's own type.
public enum Torch7StorageData: Sendable {
    case byte([UInt8]), char([Int8]), short([Int16]), int([Int32]), long([Int64])
    case float([Float]), double([Double])
    /// IEEE half floats, as their bit patterns.
    case half([UInt16])

    /// The number of elements.
    public var count: Int {
        switch self {
        case let .byte(a): a.count
        case let .char(a): a.count
        case let .short(a): a.count
        case let .int(a): a.count
        case let .long(a): a.count
        case let .float(a): a.count
        case let .double(a): a.count
        case let .half(a): a.count
        }
    }

    /// The element type.
    public var scalarType: Torch7ScalarType {
        switch self {
        case .byte: .byte
        case .char: .char
        case .short: .short
        case .int: .int
        case .long: .long
        case .float: .float
        case .double: .double
        case .half: .half
        }
    }

    /// Element `i` as a `Double` (exact for every type but `long`s beyond 2⁵³).
    public subscript(i: Int) -> Double {
        switch self {
        case let .byte(a): Double(a[i])
        case let .char(a): Double(a[i])
        case let .short(a): Double(a[i])
        case let .int(a): Double(a[i])
        case let .long(a): Double(a[i])
        case let .float(a): Double(a[i])
        case let .double(a): a[i]
        case let .half(a): Double(halfToFloat(a[i]))
        }
    }

    /// Element `i` as an integer, nil when it is not integral (or out of `Int`'s range).
    func integer(at i: Int) -> Int? {
        switch self {
        case let .byte(a): return Int(a[i])
        case let .char(a): return Int(a[i])
        case let .short(a): return Int(a[i])
        case let .int(a): return Int(a[i])
        case let .long(a): return Int(a[i])
        default:
            let v = self[i]
            guard v.rounded() == v, abs(v) < 9.2e18 else { return nil }
            return Int(v)
        }
    }
}

/// An IEEE 754 half float's value (by hand, so as not to depend on `Float16`'s availability).
func halfToFloat(_ bits: UInt16) -> Float {
    let sign: Float = bits & 0x8000 != 0 ? -1 : 1
    let exponent = Int((bits >> 10) & 0x1F), fraction = Float(bits & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * 0x1p-24  // subnormal
    case 31: return fraction == 0 ? sign * .infinity : .nan
    default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
}

/// A `torch.*Storage`: a flat array of elements that tensors view.
public final class Torch7Storage {
    /// The class name as stored, e.g. `"torch.FloatStorage"` or `"torch.CudaStorage"`.
    public let className: String
    /// The elements.
    public let data: Torch7StorageData

    /// A storage of class `className` holding `data`.
    public init(className: String, data: Torch7StorageData) {
        self.className = className
        self.data = data
    }

    /// The number of elements.
    public var count: Int { data.count }
    /// The element type.
    public var scalarType: Torch7ScalarType { data.scalarType }
}

/// A `torch.*Tensor`: a view of a storage with sizes, strides and an offset (Torch7's
/// `generic/Tensor.c` `write`/`read`).
///
/// The reader checks that every element the view reaches lies inside the storage, and that the
/// tensor has no more elements than its storage (a zero-stride "expanded" tensor larger than its
/// storage is refused, so that a small file cannot make a conversion allocate without bound).
public final class Torch7Tensor {
    /// The class name as stored, e.g. `"torch.DoubleTensor"` or `"torch.CudaTensor"`.
    public let className: String
    /// The element type (CUDA classes as their CPU type).
    public let scalarType: Torch7ScalarType
    /// The sizes (Torch7's `size()`); empty for Torch7's empty tensor (`nDimension` 0).
    public let shape: [Int]
    /// The strides, in elements.
    public let strides: [Int]
    /// The position of the first element in the storage, **0-based** (the file stores it 1-based).
    public let storageOffset: Int
    /// The storage viewed, nil for an empty tensor.
    public let storage: Torch7Storage?

    /// A tensor viewing `storage`. The caller guarantees that the view lies inside the storage;
    /// the reader checks it for files.
    init(className: String, scalarType: Torch7ScalarType, shape: [Int], strides: [Int], storageOffset: Int, storage: Torch7Storage?) {
        self.className = className
        self.scalarType = scalarType
        self.shape = shape
        self.strides = strides
        self.storageOffset = storageOffset
        self.storage = storage
    }

    /// A contiguous tensor of class `className` (e.g. `"torch.FloatTensor"`) holding `data` in
    /// row-major order with shape `shape`.
    ///
    /// - Precondition: `data.count` is the product of `shape`, and `className` is a tensor class
    ///   of `data`'s element type.
    public convenience init(className: String, shape: [Int], data: Torch7StorageData) {
        wickPrecondition(elementCount(shape, "Torch7Tensor") == data.count,
                         "Torch7Tensor: \(data.count) elements for shape \(formatShape(shape))")
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * Swift.max(shape[d + 1], 1) }
        let storageName = className.replacingOccurrences(of: "Tensor", with: "Storage")
        self.init(className: className, scalarType: data.scalarType, shape: data.count == 0 ? [] : shape,
                  strides: data.count == 0 ? [] : strides, storageOffset: 0,
                  storage: data.count == 0 ? nil : Torch7Storage(className: storageName, data: data))
    }

    /// The number of elements (0 for an empty tensor).
    public var count: Int { shape.isEmpty ? 0 : shape.reduce(1, *) }

    /// The storage positions of the elements in row-major order.
    func offsets() -> [Int] {
        let n = count
        guard n > 0 else { return [] }
        var result = [Int](repeating: 0, count: n)
        var index = [Int](repeating: 0, count: shape.count)
        var position = storageOffset
        for i in 0..<n {
            result[i] = position
            var d = shape.count - 1
            while d >= 0 {  // the next index, last dimension fastest
                index[d] += 1
                position += strides[d]
                if index[d] < shape[d] { break }
                position -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
        return result
    }

    /// The elements as a Wick tensor of the same shape, converted to `Scalar` (Torch7's empty
    /// tensor becomes shape `[0]`). A view is gathered through its strides and offset.
    public func toTensor<Scalar: TensorScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        guard let storage, count > 0 else { return Tensor(shape: [0], scalars: []) }
        let data = storage.data
        return Tensor(shape: shape, scalars: offsets().map { Scalar(data[$0]) })
    }

    /// The elements as integers in row-major order (any shape, flattened).
    ///
    /// - Throws: ``Torch7FileError/typeMismatch(path:expected:found:)`` when an element is not an
    ///   integer (a fractional float).
    public func integers() throws -> [Int] {
        guard let storage, count > 0 else { return [] }
        return try offsets().map { i in
            guard let v = storage.data.integer(at: i) else {
                throw Torch7FileError.typeMismatch(path: "", expected: "integers", found: "\(storage.data[i])")
            }
            return v
        }
    }

    /// The elements as class labels, flattened, counted as Wick counts them (from 0).
    ///
    /// Torch7's data sets (CIFAR-10 and MNIST `.t7` tables, `ClassNLLCriterion` targets) count
    /// classes from 1: pass ``Torch7LabelBase/oneBased`` to subtract 1 from each. The shift is never
    /// applied silently.
    ///
    /// - Throws: ``Torch7FileError/typeMismatch(path:expected:found:)`` when an element is not an
    ///   integer, or is below the base (0 with `.oneBased`, a negative one with `.zeroBased`).
    public func labels(base: Torch7LabelBase) throws -> [Int] {
        let first = base == .oneBased ? 1 : 0
        return try integers().map { v in
            guard v >= first else {
                throw Torch7FileError.typeMismatch(path: "", expected: "labels from \(first)", found: "\(v)")
            }
            return v - first
        }
    }
}

/// Where a file's class labels start.
public enum Torch7LabelBase: Sendable {
    /// Labels count from 1, as in Torch7 (`ClassNLLCriterion`, the classic data sets): 1 is
    /// subtracted.
    case oneBased
    /// Labels count from 0 already: kept as stored.
    case zeroBased
}
