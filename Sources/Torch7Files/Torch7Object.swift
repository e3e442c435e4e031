/// One value of a Torch7 file, as Lua held it: the generic tree that ``Torch7/load(from:options:)``
/// returns for any `.t7` file, whatever classes it holds.
///
/// Tables, class instances, tensors, storages and functions are reference types, as in Lua: an
/// object that the file stores once and refers to by index twice (a shared table, a storage behind
/// two tensors, a table holding itself) is the same instance in the tree, so cycles are kept as
/// cycles. Source of the format: Torch7's `File.lua` (`writeObject`, `readObject`).
public enum Torch7Object {
    /// Lua's `nil` (type tag 0).
    case `nil`
    /// A Lua boolean (tag 5).
    case boolean(Bool)
    /// A Lua number, always a `Double` in the file (tag 1).
    case number(Double)
    /// A Lua string (tag 2). Lua strings are bytes: bytes that are not UTF-8 are replaced by U+FFFD.
    case string(String)
    /// A Lua table (tag 3).
    case table(Torch7Table)
    /// A `torch.*Tensor` (a class instance, tag 4, read by the tensor's own format).
    case tensor(Torch7Tensor)
    /// A `torch.*Storage` (tag 4, read by the storage's own format).
    case storage(Torch7Storage)
    /// Any other Torch class instance (tag 4): `nn.Linear`, a user's `torch.class`, `tds.Hash`...
    case object(Torch7ClassObject)
    /// A Lua function (tags 6, 7, 8), kept as opaque byte code and upvalues.
    case function(Torch7Function)

    /// The number, if this is one.
    public var number: Double? { if case let .number(v) = self { v } else { nil } }
    /// The number as an exact integer, if this is an integral number that fits in `Int`.
    public var integer: Int? {
        guard let v = number, v.rounded() == v, v >= -9.2e18, v <= 9.2e18 else { return nil }
        return Int(v)
    }
    /// The string, if this is one.
    public var string: String? { if case let .string(v) = self { v } else { nil } }
    /// The boolean, if this is one.
    public var boolean: Bool? { if case let .boolean(v) = self { v } else { nil } }
    /// Whether this is Lua's `nil`.
    public var isNil: Bool { if case .nil = self { true } else { false } }
    /// The table, if this is one; for a class instance, the table of its fields.
    public var table: Torch7Table? {
        switch self {
        case let .table(t): t
        case let .object(o): o.fields
        default: nil
        }
    }
    /// The tensor, if this is one.
    public var tensor: Torch7Tensor? { if case let .tensor(v) = self { v } else { nil } }
    /// The storage, if this is one.
    public var storage: Torch7Storage? { if case let .storage(v) = self { v } else { nil } }
    /// The class instance, if this is one (not a tensor or storage).
    public var classObject: Torch7ClassObject? { if case let .object(v) = self { v } else { nil } }
    /// The function, if this is one.
    public var function: Torch7Function? { if case let .function(v) = self { v } else { nil } }

    /// The Torch class name (`"nn.Linear"`, `"torch.FloatTensor"`), or nil for plain Lua values.
    public var className: String? {
        switch self {
        case let .tensor(t): t.className
        case let .storage(s): s.className
        case let .object(o): o.className
        default: nil
        }
    }

    /// The field `key` of a table or class instance (`model["modules"]`), nil when absent.
    public subscript(key: String) -> Torch7Object? { table?[key] }

    /// What this value is, in a few words, for messages: `"number"`, `"table"`, `"nn.Linear"`...
    public var kindDescription: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .number: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        case .tensor, .storage, .object: className ?? "object"
        }
    }
}

/// A Lua table: key-value pairs in file order, looked up by string, number or boolean key (or by
/// identity for a table, tensor... used as a key). A key that appears twice keeps its last value, as
/// Lua would.
public final class Torch7Table {
    /// The pairs in the order the file stores them (Lua's `pairs` order when it was written).
    public private(set) var entries: [(key: Torch7Object, value: Torch7Object)] = []
    private var positions: [Torch7Key: Int] = [:]

    /// An empty table.
    public init() {}

    /// A table of `pairs`, in order.
    public convenience init(_ pairs: [(key: Torch7Object, value: Torch7Object)]) {
        self.init()
        for (k, v) in pairs { set(v, for: k) }
    }

    /// The number of pairs.
    public var count: Int { entries.count }

    /// Sets `value` for `key` (replacing an earlier value of the same key; `nil` keys are ignored,
    /// as Lua cannot hold them).
    public func set(_ value: Torch7Object, for key: Torch7Object) {
        guard let k = Torch7Key(key) else { return }
        if let i = positions[k] {
            entries[i].value = value
        } else {
            positions[k] = entries.count
            entries.append((key, value))
        }
    }

    /// The value of the string key `key`.
    public subscript(key: String) -> Torch7Object? { positions[.string(key)].map { entries[$0].value } }
    /// The value of the number key `key` (Lua lists start at 1).
    public subscript(number key: Double) -> Torch7Object? { positions[.number(key)].map { entries[$0].value } }
    /// The value of any key.
    public subscript(key key: Torch7Object) -> Torch7Object? { Torch7Key(key).flatMap { positions[$0] }.map { entries[$0].value } }

    /// The values of keys 1, 2, ... n when those are exactly the table's keys (a Lua list, as
    /// `ipairs` sees it), else nil. An empty table is an empty list.
    public var list: [Torch7Object]? {
        var values: [Torch7Object] = []
        values.reserveCapacity(entries.count)
        for i in 0..<entries.count {
            guard let v = self[number: Double(i + 1)] else { return nil }
            values.append(v)
        }
        return values
    }

    /// The string keys and their values, in file order (other keys left out).
    public var fields: [(name: String, value: Torch7Object)] {
        entries.compactMap { e in e.key.string.map { ($0, e.value) } }
    }
}

/// How a key is looked up: by value for strings, numbers and booleans, by identity for the rest.
private enum Torch7Key: Hashable {
    case string(String), number(Double), boolean(Bool), reference(ObjectIdentifier)

    init?(_ key: Torch7Object) {
        switch key {
        case .nil: return nil
        case let .string(s): self = .string(s)
        case let .number(n): self = .number(n == 0 ? 0 : n)  // -0 and 0 are one key in Lua
        case let .boolean(b): self = .boolean(b)
        case let .table(t): self = .reference(ObjectIdentifier(t))
        case let .tensor(t): self = .reference(ObjectIdentifier(t))
        case let .storage(s): self = .reference(ObjectIdentifier(s))
        case let .object(o): self = .reference(ObjectIdentifier(o))
        case let .function(f): self = .reference(ObjectIdentifier(f))
        }
    }
}

/// An instance of a Torch class (`torch.class`) other than a tensor or storage: its class name,
/// the version number of its `"V n"` string, and what it stored (a table of fields, for the
/// classes that keep Torch7's default serialization such as every `nn` module).
public final class Torch7ClassObject {
    /// The class name, e.g. `"nn.Linear"` or a user's `"Blah"`.
    public let className: String
    /// The class version (`"V 1"` is 1; 0 for files older than versioning).
    public let version: Int
    /// What the instance stored: a table of its fields for default serialization; for `tds.Hash`
    /// and `tds.Vec` a table of their elements (a `tds.Vec`'s keyed 1...n).
    public internal(set) var value: Torch7Object

    /// An instance of `className` holding `value`.
    public init(className: String, version: Int = 1, value: Torch7Object = .nil) {
        self.className = className
        self.version = version
        self.value = value
    }

    /// The table of the instance's fields (nil when it stored something else).
    public var fields: Torch7Table? { if case let .table(t) = value { t } else { nil } }
    /// The field `name`, nil when absent.
    public subscript(name: String) -> Torch7Object? { fields?[name] }
}

/// A Lua function as Torch7 stores it: the byte code of `string.dump` (LuaJIT's or Lua's, which
/// Wick does not run) and its upvalues.
public final class Torch7Function {
    /// The dumped byte code.
    public let byteCode: [UInt8]
    /// The upvalues: a list of `{name = ..., value = ...}` tables (tags 8), or of values (tags 6, 7).
    public internal(set) var upvalues: Torch7Object
    /// The type tag the function was stored with: 6 (plain), 7 (legacy recursive) or 8 (recursive,
    /// what current Torch7 writes).
    public let typeTag: Int32

    /// A function of `byteCode` and `upvalues`.
    public init(byteCode: [UInt8], upvalues: Torch7Object = .nil, typeTag: Int32 = 8) {
        self.byteCode = byteCode
        self.upvalues = upvalues
        self.typeTag = typeTag
    }
}
