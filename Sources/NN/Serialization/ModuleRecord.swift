/// A hyper-parameter value as stored in a model file.
public enum HyperParameter: Sendable, Equatable {
    /// An integer, e.g. a size.
    case int(Int)
    /// A real number, stored as `Double` whatever the model's `Scalar`.
    case double(Double)
    /// A Boolean flag.
    case bool(Bool)
    /// A piece of text.
    case string(String)
    /// A list of integers, e.g. a shape.
    case ints([Int])
    /// A list of 64-bit words, e.g. a random generator's state.
    case words([UInt64])
}

/// One module as stored in a model file: its kind, mode, hyper-parameters, tensors and children.
public struct ModuleRecord<Scalar: TensorScalar> {
    /// The module kind, e.g. `"Linear"`.
    public var kind: String
    /// Whether the module was in training mode.
    public var isTraining: Bool
    /// Hyper-parameters by name, in a fixed order.
    public var hyperParameters: [(name: String, value: HyperParameter)]
    /// Tensors by name, in a fixed order (e.g. `weight`, `bias`).
    public var tensors: [(name: String, tensor: Tensor<Scalar>)]
    /// The decoded child modules (containers only).
    public var children: [any Module<Scalar>]

    /// A record of kind `kind`, in training mode by default, with no hyper-parameters, tensors or
    /// children unless given.
    public init(kind: String, isTraining: Bool = true, hyperParameters: [(name: String, value: HyperParameter)] = [],
                tensors: [(name: String, tensor: Tensor<Scalar>)] = [], children: [any Module<Scalar>] = []) {
        self.kind = kind
        self.isTraining = isTraining
        self.hyperParameters = hyperParameters
        self.tensors = tensors
        self.children = children
    }

    func value(_ name: String) throws -> HyperParameter {
        guard let v = hyperParameters.first(where: { $0.name == name })?.value else {
            throw ModelFileError.corrupted("\(kind) is missing its hyper-parameter '\(name)'")
        }
        return v
    }

    /// Whether the record holds the hyper-parameter `name` (for optional ones).
    public func has(_ name: String) -> Bool { hyperParameters.contains { $0.name == name } }

    /// An integer hyper-parameter.
    public func int(_ name: String) throws -> Int {
        guard case let .int(v) = try value(name) else { throw ModelFileError.corrupted("\(kind).\(name) is not an integer") }
        return v
    }
    /// A real hyper-parameter, converted to `Scalar`.
    public func scalar(_ name: String) throws -> Scalar {
        guard case let .double(v) = try value(name) else { throw ModelFileError.corrupted("\(kind).\(name) is not a number") }
        return Scalar(v)
    }
    /// A Boolean hyper-parameter.
    public func bool(_ name: String) throws -> Bool {
        guard case let .bool(v) = try value(name) else { throw ModelFileError.corrupted("\(kind).\(name) is not a Boolean") }
        return v
    }
    /// A list-of-integers hyper-parameter.
    public func ints(_ name: String) throws -> [Int] {
        guard case let .ints(v) = try value(name) else { throw ModelFileError.corrupted("\(kind).\(name) is not a list of integers") }
        return v
    }
    /// A list-of-words hyper-parameter.
    public func words(_ name: String) throws -> [UInt64] {
        guard case let .words(v) = try value(name) else { throw ModelFileError.corrupted("\(kind).\(name) is not a list of words") }
        return v
    }

    /// The tensor `name`, which must have `shape`.
    public func tensor(_ name: String, shape: [Int]) throws -> Tensor<Scalar> {
        guard let t = tensors.first(where: { $0.name == name })?.tensor else {
            throw ModelFileError.corrupted("\(kind) is missing its tensor '\(name)'")
        }
        guard t.shape == shape else {
            throw ModelFileError.corrupted("\(kind).\(name) has shape \(formatShape(t.shape)), expected \(formatShape(shape))")
        }
        return t
    }
}

/// A module that can be written to and read from a model file: its ``kind``, its ``record()`` and
/// the way back, ``make(from:)``. Register its types with ``ModuleRegistry/register(_:)`` (Wick's
/// own are listed in ``ModuleRegistry/builtinKinds``).
public protocol SerializableModule<Scalar>: Module {
    /// The kind recorded in the file; unique among registered kinds.
    static var kind: String { get }
    /// The module's hyper-parameters and tensors (children are recorded by the serializer).
    func record() -> ModuleRecord<Scalar>
    /// Rebuilds a module from its record (its children already rebuilt, in `record.children`).
    ///
    /// - Throws: ``ModelFileError/corrupted(_:)`` when a hyper-parameter or tensor is missing, of
    ///   the wrong type or shape, or out of range. Check the record's tensors before building
    ///   anything sized by its hyper-parameters, so a bad file never makes the reader allocate more
    ///   than the file holds.
    static func make(from record: ModuleRecord<Scalar>) throws -> Self
    /// Small, freshly built instances with an input shape each accepts. Wick's test suite runs the
    /// module contract, gradient checks and save/load round trips on the examples of every
    /// registered kind, and fails for a built-in kind without any. Empty by default.
    static func examples() -> [ModuleExample<Scalar>]
}

extension SerializableModule {
    public static func examples() -> [ModuleExample<Scalar>] { [] }
}

/// Modules without hyper-parameters or tensors.
protocol PlainModule: SerializableModule { init() }
extension PlainModule {
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Self { Self() }
}

/// Examples of an element-wise module on a sample and on batches of rank 2, 3 and 4: such a
/// module takes any shape.
func elementwiseExamples<Scalar: TensorScalar>(_ make: () -> any Module<Scalar>) -> [ModuleExample<Scalar>] {
    [ModuleExample(make(), input: [4], note: "one sample"), ModuleExample(make(), input: [5, 4], note: "batch"),
     ModuleExample(make(), input: [3, 2, 4], note: "rank-3 batch"), ModuleExample(make(), input: [2, 3, 4, 5], note: "rank-4 batch")]
}
