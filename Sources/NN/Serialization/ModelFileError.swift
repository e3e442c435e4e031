/// Why a model file could not be read or written.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The file ends before the data it announces (`needed` more bytes at `offset`).
    case truncated(offset: Int, needed: Int)
    /// The file does not start with Wick's magic bytes: not a Wick model.
    case wrongMagic
    /// The file was written by a newer format version than this Wick reads.
    case unsupportedVersion(found: UInt32, supported: UInt32)
    /// The payload's checksum does not match: the file was damaged.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// The structure inside is inconsistent (a bad tag, size or value), described.
    case corrupted(String)
    /// The file holds `Float` tensors and `Double` was asked for, or the other way round.
    case scalarTypeMismatch(file: String, requested: String)
    /// A module kind this program does not know (register it with ``ModuleRegistry/register(_:)``).
    case unknownModuleKind(String)
    /// A module cannot be saved: its Swift type (`type`) does not conform to
    /// ``SerializableModule`` (`kind` is empty), or its kind `kind` is not registered for that type
    /// (register it with ``ModuleRegistry/register(_:)``). Nothing is written.
    case unregisteredKind(type: String, kind: String)
    /// The loaded model is not of the requested Swift type.
    case typeMismatch(loaded: String, requested: String)
    /// The file system refused (path and reason).
    case io(path: String, reason: String)

    /// A sentence naming what went wrong with the model file, for error messages.
    public var description: String {
        switch self {
        case let .truncated(offset, needed):
            return "model file is truncated: \(needed) more bytes needed at offset \(offset)"
        case .wrongMagic:
            return "not a Wick model file (wrong magic bytes; a Torch7 .t7 file loads with Torch7.loadModel(_:from:))"
        case let .unsupportedVersion(found, supported):
            return "model file format version \(found) is newer than the supported version \(supported)"
        case let .checksumMismatch(stored, computed):
            return "model file is corrupted: checksum \(stored) stored, \(computed) computed"
        case let .corrupted(what):
            return "model file is corrupted: \(what)"
        case let .scalarTypeMismatch(file, requested):
            return "model file holds \(file) tensors but \(requested) was requested"
        case let .unknownModuleKind(kind):
            return "model file contains an unknown module kind '\(kind)'"
        case let .unregisteredKind(type, kind):
            return kind.isEmpty
                ? "cannot save \(type): it does not conform to SerializableModule"
                : "cannot save \(type): its kind '\(kind)' is not registered for it; call ModuleRegistry.register(ModuleKind(...)) first"
        case let .typeMismatch(loaded, requested):
            return "model file holds \(loaded), not the requested \(requested)"
        case let .io(path, reason):
            return "cannot access \(path): \(reason)"
        }
    }
}
