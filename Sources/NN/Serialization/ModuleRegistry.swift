import Synchronization

/// One kind of module as Wick's files know it: its name, the scalar types it exists for, how to
/// rebuild an instance from a ``ModuleRecord``, and small examples of it.
///
/// How an instance is *written* is its own ``SerializableModule/record()``; the kind names the
/// Swift types behind it, so that a writer can refuse a module whose kind a reader would not know.
/// Build one from the module's types and register it with ``ModuleRegistry/register(_:)``:
///
/// ```swift
/// ModuleRegistry.register(ModuleKind(Scale<Float>.self, Scale<Double>.self))
/// ```
public struct ModuleKind: @unchecked Sendable {
    /// The name recorded in model files, e.g. `"Linear"` (``SerializableModule/kind``).
    public let name: String
    /// The Torch7 class names this kind stands for (`["nn.Linear"]` by default), for readers of
    /// Torch7 files.
    public let torch7ClassNames: [String]
    private let float: Entry<Float>?
    private let double: Entry<Double>?

    /// What the kind knows for one scalar type.
    private struct Entry<Scalar: TensorScalar> {
        let type: ObjectIdentifier
        let typeName: String
        let make: (ModuleRecord<Scalar>) throws -> any Module<Scalar>
        let examples: () -> [ModuleExample<Scalar>]

        init<M: SerializableModule>(_: M.Type) where M.Scalar == Scalar {
            type = ObjectIdentifier(M.self)
            typeName = String(describing: M.self)
            make = { try M.make(from: $0) }
            examples = { M.examples() }
        }

        init(make: @escaping (ModuleRecord<Scalar>) throws -> any Module<Scalar>) {
            type = ObjectIdentifier(Never.self)  // matches no module: a kind known by name only
            typeName = "a factory for \(Scalar.typeName)"
            self.make = make
            examples = { [] }
        }
    }

    /// The kind of a module type that exists for `Float` and `Double`, e.g.
    /// `ModuleKind(Linear<Float>.self, Linear<Double>.self)`. Both must record the same
    /// ``SerializableModule/kind``.
    public init<F: SerializableModule, D: SerializableModule>(
        _ float: F.Type, _ double: D.Type, torch7ClassNames: [String]? = nil
    ) where F.Scalar == Float, D.Scalar == Double {
        wickPrecondition(F.kind == D.kind, "ModuleKind: \(F.self) records kind '\(F.kind)' but \(D.self) records '\(D.kind)'")
        name = F.kind
        self.torch7ClassNames = torch7ClassNames ?? ["nn." + F.kind]
        self.float = Entry(F.self)
        self.double = Entry(D.self)
    }

    /// The kind of a module type that exists for one scalar type only.
    public init<M: SerializableModule>(_ type: M.Type, torch7ClassNames: [String]? = nil) {
        name = M.kind
        self.torch7ClassNames = torch7ClassNames ?? ["nn." + M.kind]
        let entry = Entry<M.Scalar>(M.self)
        float = entry as? Entry<Float>
        double = entry as? Entry<Double>
    }

    /// A kind known only by name and a factory, for ``ModelSerializer/register(kind:_:)``.
    init<Scalar: TensorScalar>(name: String, scalar: Scalar.Type, make: @escaping (ModuleRecord<Scalar>) throws -> any Module<Scalar>) {
        self.name = name
        torch7ClassNames = []
        let entry = Entry<Scalar>(make: make)
        float = entry as? Entry<Float>
        double = entry as? Entry<Double>
    }

    private init(name: String, torch7ClassNames: [String], float: Entry<Float>?, double: Entry<Double>?) {
        (self.name, self.torch7ClassNames, self.float, self.double) = (name, torch7ClassNames, float, double)
    }

    private func entry<Scalar: TensorScalar>(_: Scalar.Type) -> Entry<Scalar>? {
        if Scalar.self == Float.self { return float.map { $0 as! Entry<Scalar> } }
        if Scalar.self == Double.self { return double.map { $0 as! Entry<Scalar> } }
        return nil
    }

    /// The scalar types this kind exists for: `"Float"`, `"Double"` or both.
    public var scalarTypes: [String] {
        (float == nil ? [] : [Float.typeName]) + (double == nil ? [] : [Double.typeName])
    }

    /// Whether this kind exists for `scalar`.
    public func supports<Scalar: TensorScalar>(_ scalar: Scalar.Type) -> Bool { entry(scalar) != nil }

    /// Whether `module` is an instance of this kind's Swift type (exactly, not a subclass).
    public func describes<Scalar: TensorScalar>(_ module: any Module<Scalar>) -> Bool {
        entry(Scalar.self)?.type == ObjectIdentifier(type(of: module))
    }

    /// Whether a model file may record `module` as this kind: it is an instance of the kind's type,
    /// or the kind was registered by name only (``ModelSerializer/register(kind:_:)``).
    func accepts<Scalar: TensorScalar>(_ module: any Module<Scalar>) -> Bool {
        guard let entry = entry(Scalar.self) else { return false }
        return entry.type == ObjectIdentifier(Never.self) || entry.type == ObjectIdentifier(type(of: module))
    }

    /// Rebuilds a module of this kind from `record` (children already decoded).
    ///
    /// - Throws: ``ModelFileError/scalarTypeMismatch(file:requested:)`` when the kind does not
    ///   exist for `Scalar`; whatever the kind's ``SerializableModule/make(from:)`` throws for a
    ///   bad record (``ModelFileError/corrupted(_:)``).
    public func make<Scalar: TensorScalar>(from record: ModuleRecord<Scalar>) throws -> any Module<Scalar> {
        guard let entry = entry(Scalar.self) else {
            throw ModelFileError.corrupted("module kind '\(name)' exists for \(scalarTypes.joined(separator: " and ")), not \(Scalar.typeName)")
        }
        return try entry.make(record)
    }

    /// Small instances of this kind with inputs they accept (``SerializableModule/examples()``);
    /// empty for `Scalar` types the kind does not exist for.
    public func examples<Scalar: TensorScalar>(_: Scalar.Type) -> [ModuleExample<Scalar>] {
        entry(Scalar.self)?.examples() ?? []
    }

    /// This kind with the entries of `other` added for the scalar types it lacks.
    fileprivate func merging(_ other: ModuleKind) -> ModuleKind {
        ModuleKind(name: name, torch7ClassNames: torch7ClassNames, float: float ?? other.float, double: double ?? other.double)
    }

    fileprivate func sameTypes(as other: ModuleKind) -> Bool {
        (float?.type, double?.type) == (other.float?.type, other.double?.type)
    }

    /// The Swift types behind the kind, for messages (e.g. `"Linear<Float> and Linear<Double>"`).
    var typeNames: String { [float?.typeName, double?.typeName].compactMap { $0 }.joined(separator: " and ") }

    /// Whether both kinds have an entry for the same scalar type.
    fileprivate func overlaps(_ other: ModuleKind) -> Bool {
        (float != nil && other.float != nil) || (double != nil && other.double != nil)
    }
}

/// A small instance of a module with the shape of an input it accepts: what the contract tests,
/// the save/load tests and the gradient checks run every registered kind on.
public struct ModuleExample<Scalar: TensorScalar> {
    /// The module, freshly built (each call of ``SerializableModule/examples()`` builds new ones).
    public let module: any Module<Scalar>
    /// The shape of an input the module accepts (a batch where the module takes batches); empty
    /// when the input is a table (see ``input``).
    public let inputShape: [Int]
    /// An input the module accepts, all zeros: a tensor of ``inputShape``, or a table of tensors
    /// with the shapes it takes. Tests fill it with their own values.
    public let input: Activation<Scalar>
    /// What the example shows, for test messages (e.g. `"rank-4 batch"`).
    public let note: String

    /// An example of `module` on inputs of shape `inputShape`.
    public init(_ module: any Module<Scalar>, input inputShape: [Int], note: String = "") {
        self.module = module
        self.inputShape = inputShape
        self.input = .tensor(Tensor.zeros(shape: inputShape))
        self.note = note
    }

    /// An example of `module` on a table of tensors of the given shapes.
    public init(_ module: any Module<Scalar>, table shapes: [[Int]], note: String = "") {
        self.init(module, input: Activation(shapes.map { Tensor.zeros(shape: $0) }), note: note)
    }

    /// An example of `module` on inputs shaped like `input` (a tensor or a table, nested or not).
    public init(_ module: any Module<Scalar>, input: Activation<Scalar>, note: String = "") {
        self.module = module
        self.inputShape = input.tensor?.shape ?? []
        self.input = input.zerosLike
        self.note = note
    }

    /// Whether the module or its input involves tables: the table contract tests cover such an
    /// example, the tensor ones the others.
    public var usesTables: Bool { module.usesTables || input.tensor == nil }
}

/// Every module kind Wick's model files (and the Torch7 reader of `Torch7Files`) know: Wick's own,
/// listed in ``builtinKinds``, and those a program registers.
///
/// The model file writer and reader go through it, and the test suite runs the module contract
/// and save/load round trips over every kind in it, so a new module is its file plus one line in
/// ``builtinKinds``. A module of your own becomes loadable with one call:
///
/// ```swift
/// final class Scale<Scalar: TensorScalar>: SerializableModule {
///     static var kind: String { "Scale" }
///     let factor: Scalar
///     // ... output, gradInput, isTraining, updateOutput, updateGradInput, description ...
///     func record() -> ModuleRecord<Scalar> {
///         ModuleRecord(kind: Self.kind, hyperParameters: [("factor", .double(Double(factor)))])
///     }
///     static func make(from record: ModuleRecord<Scalar>) throws -> Scale {
///         Scale(factor: try record.scalar("factor"))
///     }
/// }
///
/// ModuleRegistry.register(ModuleKind(Scale<Float>.self, Scale<Double>.self))
/// ```
public enum ModuleRegistry {
    private static let registered = Mutex<[ModuleKind]>(builtinKinds)

    /// Every registered kind: Wick's own first, then the program's, in registration order.
    public static var kinds: [ModuleKind] { registered.withLock { $0 } }

    /// Makes a kind known to the model file reader and writer.
    ///
    /// Registering the same types again does nothing; a kind that adds a scalar type to an
    /// existing name (say a `Double`-only registration followed by a `Float`-only one) is merged
    /// into it. A name already taken by other types stops the program with a message naming both,
    /// since files of either would otherwise load as the wrong module.
    public static func register(_ kind: ModuleKind) {
        // The check runs outside the lock: a failed precondition must not leave it held.
        let conflict = registered.withLock { kinds in
            kinds.first { $0.name == kind.name && !$0.sameTypes(as: kind) && $0.overlaps(kind) }
        }
        if let conflict {
            wickFatalError("ModuleRegistry.register: the kind '\(kind.name)' is already registered for \(conflict.typeNames); \(kind.typeNames) cannot take it")
        }
        registered.withLock { kinds in
            guard let i = kinds.firstIndex(where: { $0.name == kind.name }) else {
                kinds.append(kind)
                return
            }
            if !kinds[i].sameTypes(as: kind) && !kinds[i].overlaps(kind) { kinds[i] = kinds[i].merging(kind) }
        }
    }

    /// The kind recorded as `name` in model files, if registered.
    public static func kind(named name: String) -> ModuleKind? {
        registered.withLock { $0.first { $0.name == name } }
    }

    /// The registered kind whose Swift type `module` is, if any.
    public static func kind<Scalar: TensorScalar>(of module: any Module<Scalar>) -> ModuleKind? {
        registered.withLock { $0.first { $0.describes(module) } }
    }

    /// The registered kind standing for the Torch7 class `className` (e.g. `"nn.Linear"`), if any.
    public static func kind(torch7ClassName className: String) -> ModuleKind? {
        registered.withLock { $0.first { $0.torch7ClassNames.contains(className) } }
    }
}
