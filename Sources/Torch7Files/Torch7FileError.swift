/// Why a Torch7 `.t7` file could not be read, mapped to Wick modules, or written.
///
/// Every malformed, truncated or hostile input ends in one of these; the reader never traps, never
/// allocates more than the file could hold, and never nests deeper than
/// ``Torch7ReadOptions/maximumDepth``.
public enum Torch7FileError: Error, Equatable, CustomStringConvertible {
    /// The file ends before the data it announces: `needed` more bytes at byte `offset`.
    case truncated(offset: Int, needed: Int)
    /// An object's type tag is none of Torch7's (0 nil, 1 number, 2 string, 3 table, 4 Torch
    /// class, 5 boolean, 6/7/8 function).
    case unknownTypeTag(Int32, offset: Int)
    /// The file announces more than it could hold, or a size or index out of range, described.
    case corrupted(String, offset: Int)
    /// Objects nest deeper than ``Torch7ReadOptions/maximumDepth``.
    case tooDeep(limit: Int)
    /// The file has bytes after its one top-level object (`count` of them, at `offset`).
    case trailingBytes(offset: Int, count: Int)
    /// A Torch7 class Wick cannot turn into a module, with the object's path in the model (e.g.
    /// `modules[3].modules[1]`, 1-based like Lua's) and the reason.
    case unsupported(path: String, className: String, reason: String)
    /// A module's fields are inconsistent (sizes that do not match its tensors, a bad value), with
    /// its path in the model and Wick's reason.
    case invalidModule(path: String, className: String, reason: String)
    /// An object is not what was asked for (e.g. a table where a tensor was expected), described.
    case typeMismatch(path: String, expected: String, found: String)
    /// A Wick module cannot be written as Torch7 (its Swift type and why).
    case notWritable(type: String, reason: String)
    /// The file system refused (path and reason).
    case io(path: String, reason: String)

    /// A sentence naming what went wrong, for error messages.
    public var description: String {
        switch self {
        case let .truncated(offset, needed):
            return "Torch7 file is truncated: \(needed) more bytes needed at offset \(offset)"
        case let .unknownTypeTag(tag, offset):
            if offset == 0 && tag == 0x4B43_4957 {  // "WICK" read as a little-endian Int32
                return "this is a Wick model file, not a Torch7 one: load it with Sequential<Float>.load(from:)"
            }
            return "Torch7 file is corrupted: unknown object type \(tag) at offset \(offset)"
        case let .corrupted(what, offset):
            return "Torch7 file is corrupted at offset \(offset): \(what)"
        case let .tooDeep(limit):
            return "Torch7 file nests objects deeper than \(limit) levels"
        case let .trailingBytes(offset, count):
            return "Torch7 file has \(count) bytes after its object, at offset \(offset)"
        case let .unsupported(path, className, reason):
            return "\(path.isEmpty ? "model" : path): \(className) is not supported (\(reason))"
        case let .invalidModule(path, className, reason):
            return "\(path.isEmpty ? "model" : path): \(className) is invalid: \(reason)"
        case let .typeMismatch(path, expected, found):
            return "\(path.isEmpty ? "object" : path): expected \(expected), found \(found)"
        case let .notWritable(type, reason):
            return "cannot write \(type) as Torch7: \(reason)"
        case let .io(path, reason):
            return "cannot access \(path): \(reason)"
        }
    }
}
