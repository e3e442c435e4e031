import Foundation

/// Writes and reads Wick's model files (format specified in `Docs/ModelFormat.md`).
///
/// A file holds a header (magic, version, scalar type, payload size, CRC-32) and the module
/// tree: each module's kind, mode, hyper-parameters and tensors (little-endian IEEE-754), then
/// its children. Gradients are not stored; a loaded model starts with zero gradients. Reading
/// never crashes on a bad file: every inconsistency is a ``ModelFileError``.
public enum ModelSerializer<Scalar: TensorScalar> {
    /// `WICKMODL`.
    public static var magic: [UInt8] { Array("WICKMODL".utf8) }
    /// The format version this code writes and the newest it reads.
    public static var version: UInt32 { 1 }
    static var headerSize: Int { 8 + 4 + 4 + 8 + 4 }

    /// The bytes of a model file for `module`.
    public static func encode(_ module: any Module<Scalar>) throws -> [UInt8] {
        var payload = ByteWriter()
        try encodeModule(module, into: &payload)
        var out = ByteWriter()
        out.bytes.append(contentsOf: magic)
        out.integer(version)
        out.integer(UInt32(MemoryLayout<Scalar>.size))  // 4: Float, 8: Double
        out.integer(UInt64(payload.bytes.count))
        out.integer(crc32(payload.bytes[...]))
        out.bytes.append(contentsOf: payload.bytes)
        return out.bytes
    }

    private static func encodeModule(_ module: any Module<Scalar>, into w: inout ByteWriter) throws {
        // A module is written only if a reader would know its kind again.
        guard let serializable = module as? any SerializableModule else {
            throw ModelFileError.unregisteredKind(type: String(describing: type(of: module)), kind: "")
        }
        let r = record(of: serializable)
        guard let kind = ModuleRegistry.kind(named: r.kind), kind.accepts(module) else {
            throw ModelFileError.unregisteredKind(type: String(describing: type(of: module)), kind: r.kind)
        }
        w.string(r.kind)
        w.integer(UInt8(module.isTraining ? 1 : 0))
        w.integer(UInt32(r.hyperParameters.count))
        for (name, value) in r.hyperParameters {
            w.string(name)
            switch value {
            case let .int(v): w.integer(UInt8(1)); w.integer(Int64(v))
            case let .double(v): w.integer(UInt8(2)); w.integer(v.bitPattern)
            case let .bool(v): w.integer(UInt8(3)); w.integer(UInt8(v ? 1 : 0))
            case let .string(v): w.integer(UInt8(4)); w.string(v)
            case let .ints(v): w.integer(UInt8(5)); w.integer(UInt32(v.count)); for x in v { w.integer(Int64(x)) }
            case let .words(v): w.integer(UInt8(6)); w.integer(UInt32(v.count)); for x in v { w.integer(x) }
            }
        }
        w.integer(UInt32(r.tensors.count))
        for (name, tensor) in r.tensors {
            w.string(name)
            w.integer(UInt32(tensor.rank))
            for d in tensor.shape { w.integer(UInt64(d)) }
            tensor.withUnsafeBufferPointer { w.scalars($0) }
        }
        w.integer(UInt32(module.children.count))
        for child in module.children { try encodeModule(child, into: &w) }
    }

    private static func record<M: SerializableModule>(of module: M) -> ModuleRecord<Scalar> {
        // The module's Scalar is this serializer's (checked by the caller's types).
        module.record() as! ModuleRecord<Scalar>
    }

    /// The model in the bytes of a model file.
    public static func decode(_ bytes: [UInt8]) throws -> any Module<Scalar> {
        var r = ByteReader(bytes)
        try r.need(headerSize)
        guard Array(bytes[0..<8]) == magic else { throw ModelFileError.wrongMagic }
        r.offset = 8
        let fileVersion = try r.integer(UInt32.self)
        guard fileVersion <= version, fileVersion >= 1 else {
            throw ModelFileError.unsupportedVersion(found: fileVersion, supported: version)
        }
        let scalarSize = try r.integer(UInt32.self)
        guard scalarSize == 4 || scalarSize == 8 else { throw ModelFileError.corrupted("scalar size \(scalarSize)") }
        guard Int(scalarSize) == MemoryLayout<Scalar>.size else {
            throw ModelFileError.scalarTypeMismatch(file: scalarSize == 4 ? "Float" : "Double", requested: Scalar.typeName)
        }
        let length = try r.integer(UInt64.self), checksum = try r.integer(UInt32.self)
        let available = bytes.count - headerSize
        guard length <= UInt64(available) else {
            // (A length beyond Int.max is reported as Int.max: it is only a number in a message.)
            let needed = length - UInt64(available)
            throw ModelFileError.truncated(offset: bytes.count, needed: needed > UInt64(Int.max) ? Int.max : Int(needed))
        }
        guard length == UInt64(available) else { throw ModelFileError.corrupted("\(available - Int(length)) unexpected bytes after the model") }
        let computed = crc32(bytes[headerSize...])
        guard computed == checksum else { throw ModelFileError.checksumMismatch(stored: checksum, computed: computed) }
        let module = try decodeModule(&r, depth: 0)
        guard r.offset == bytes.count else { throw ModelFileError.corrupted("the module tree ends before the payload") }
        return module
    }

    private static func decodeModule(_ r: inout ByteReader, depth: Int) throws -> any Module<Scalar> {
        guard depth < 1000 else { throw ModelFileError.corrupted("modules nested more than 1000 deep") }
        let kind = try r.string()
        let training = try r.integer(UInt8.self) != 0
        var record = ModuleRecord<Scalar>(kind: kind, isTraining: training)
        let hyperCount = try r.count(limit: r.bytes.count, "hyper-parameter")
        for _ in 0..<hyperCount {
            let name = try r.string()
            let value: HyperParameter
            switch try r.integer(UInt8.self) {
            case 1: value = .int(Int(try r.integer(Int64.self)))
            case 2: value = .double(Double(bitPattern: try r.integer(UInt64.self)))
            case 3: value = .bool(try r.integer(UInt8.self) != 0)
            case 4: value = .string(try r.string())
            case 5: value = .ints(try (0..<r.count(limit: r.bytes.count / 8, "list")).map { _ in Int(try r.integer(Int64.self)) })
            case 6: value = .words(try (0..<r.count(limit: r.bytes.count / 8, "list")).map { _ in try r.integer(UInt64.self) })
            case let tag: throw ModelFileError.corrupted("unknown value tag \(tag) for \(kind).\(name)")
            }
            record.hyperParameters.append((name, value))
        }
        let tensorCount = try r.count(limit: r.bytes.count, "tensor")
        for _ in 0..<tensorCount {
            let name = try r.string()
            let rank = try r.count(limit: 32, "dimension")
            var shape: [Int] = []
            var total = 1
            for _ in 0..<rank {
                let d = try r.integer(UInt64.self)
                guard d <= UInt64(r.bytes.count) else { throw ModelFileError.corrupted("\(kind).\(name) has a dimension of \(d)") }
                shape.append(Int(d))
                total = total.multipliedReportingOverflow(by: Int(d)).partialValue
                guard total <= r.bytes.count else { throw ModelFileError.truncated(offset: r.offset, needed: total * MemoryLayout<Scalar>.size) }
            }
            record.tensors.append((name, Tensor(shape: shape, scalars: try r.scalars(total, as: Scalar.self))))
        }
        let childCount = try r.count(limit: r.bytes.count, "child")
        for _ in 0..<childCount { record.children.append(try decodeModule(&r, depth: depth + 1)) }
        let module = try make(record)
        if !training { module.evaluate() }
        return module
    }

    private static func make(_ r: ModuleRecord<Scalar>) throws -> any Module<Scalar> {
        guard let kind = ModuleRegistry.kind(named: r.kind) else { throw ModelFileError.unknownModuleKind(r.kind) }
        return try kind.make(from: r)
    }

    /// Makes a module kind of your own loadable for this scalar type from a factory that rebuilds
    /// it from its record: the kind is registered by name only, so any ``SerializableModule`` that
    /// records it may be written. Prefer ``ModuleRegistry/register(_:)`` with the module's types,
    /// which also gives the kind's examples to tests.
    public static func register(kind: String, _ factory: @escaping @Sendable (ModuleRecord<Scalar>) throws -> any Module<Scalar>) {
        ModuleRegistry.register(ModuleKind(name: kind, scalar: Scalar.self, make: factory))
    }

    /// Writes `module` to `url` atomically: the bytes go to a temporary file beside it, which is
    /// flushed and then renamed over `url`, so a crash mid-save leaves any old file whole.
    public static func save(_ module: any Module<Scalar>, to url: URL) throws {
        let bytes = try encode(module)
        do {
            try AtomicFile.write(bytes, to: url)
        } catch {
            throw ModelFileError.io(path: error.path, reason: error.reason)
        }
    }

    /// Reads the model at `url`.
    public static func load(from url: URL) throws -> any Module<Scalar> {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ModelFileError.io(path: url.path, reason: "no readable file")
        }
        return try decode([UInt8](data))
    }
}

extension Module {
    /// Saves this model to `url` atomically (see ``ModelSerializer``).
    public func save(to url: URL) throws {
        try ModelSerializer<Scalar>.save(self, to: url)
    }

    /// Loads a model saved with ``save(to:)``; it must be of this type (e.g.
    /// `Sequential<Double>.load(from: url)`).
    public static func load(from url: URL) throws -> Self {
        let module = try ModelSerializer<Scalar>.load(from: url)
        guard let typed = module as? Self else {
            throw ModelFileError.typeMismatch(loaded: String(describing: type(of: module)), requested: String(describing: Self.self))
        }
        return typed
    }
}
