// Torch7's binary serialization, written: the inverse of Torch7Reader.swift (same sources).

/// Writes an object tree in Torch7's binary encoding (little-endian, 8-byte longs), as
/// `torch.save(file, object)` does: each table, class instance and function gets the next
/// reference index when first written, and an instance met again is written as its index only,
/// so shared objects and cycles survive.
struct Torch7Output {
    private(set) var bytes: [UInt8] = []
    private var indices: [ObjectIdentifier: Int32] = [:]
    private var lastIndex: Int32 = 0

    private mutating func int(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    private mutating func long(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { bytes.append(contentsOf: $0) } }
    private mutating func string(_ s: String) {
        int(Int32(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }

    /// Writes the reference index of `object`; true when it was written before (only the index
    /// is then written).
    private mutating func reference(_ object: AnyObject) -> Bool {
        let id = ObjectIdentifier(object)
        if let known = indices[id] {
            int(known)
            return true
        }
        lastIndex += 1
        indices[id] = lastIndex
        int(lastIndex)
        return false
    }

    private mutating func classHeader(_ className: String, version: Int) {
        string("V \(version)")
        string(className)
    }

    mutating func write(_ object: Torch7Object) {
        switch object {
        case .nil:
            int(0)
        case let .number(v):
            int(1)
            withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case let .string(s):
            int(2)
            string(s)
        case let .boolean(b):
            int(5)
            int(b ? 1 : 0)
        case let .table(t):
            int(3)
            if reference(t) { return }
            int(Int32(t.count))
            for (k, v) in t.entries {
                write(k)
                write(v)
            }
        case let .function(f):
            int(f.typeTag)
            if f.typeTag != 6, reference(f) { return }
            int(Int32(f.byteCode.count))
            bytes.append(contentsOf: f.byteCode)
            write(f.upvalues)
        case let .storage(s):
            int(4)
            if reference(s) { return }
            classHeader(s.className, version: 1)
            long(s.count)
            append(s.data)
        case let .tensor(t):
            int(4)
            if reference(t) { return }
            classHeader(t.className, version: 1)
            int(Int32(t.shape.count))
            for s in t.shape { long(s) }
            for s in t.strides { long(s) }
            long(t.storageOffset + 1)  // 1-based in the file
            write(t.storage.map { .storage($0) } ?? .nil)
        case let .object(o):
            int(4)
            if reference(o) { return }
            classHeader(o.className, version: o.version)
            if o.className == "tds.Vec" || o.className == "tds.Hash", let table = o.fields {
                let vector = o.className == "tds.Vec"
                let values = vector ? (table.list ?? table.entries.map(\.value)) : []
                int(Int32(vector ? values.count : table.count))
                write(.nil)
                if vector {
                    for v in values { write(v) }
                } else {
                    for (k, v) in table.entries { write(k); write(v) }
                }
            } else {
                write(o.value)
            }
        }
    }

    private mutating func append(_ data: Torch7StorageData) {
        func raw<T>(_ values: [T]) { values.withUnsafeBytes { bytes.append(contentsOf: $0) } }  // little-endian host
        switch data {
        case let .byte(a): raw(a)
        case let .char(a): raw(a)
        case let .short(a): raw(a)
        case let .int(a): raw(a)
        case let .long(a): raw(a)
        case let .float(a): raw(a)
        case let .double(a): raw(a)
        case let .half(a): raw(a)
        }
    }
}
