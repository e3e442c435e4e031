// Torch7's serialization format, read. Facts from Torch7's `File.lua` (object tags, references,
// class version strings), `generic/Tensor.c` and `generic/Storage.c` (the `write` methods of tensors
// and storages), `THDiskFile.c` (binary and ascii encodings of numbers, `longSize`) and tds's
// `tds_vec`/`tds_hash` writers; the same facts as Python's `torchfile`.

/// How to read a `.t7` file.
public struct Torch7ReadOptions: Sendable {
    /// Binary (`torch.save`'s default) or ascii (`torch.save(f, x, 'ascii')`).
    public enum Format: Sendable {
        /// Decided from the first byte: a binary file starts with a type tag 0...8 as a 4-byte
        /// integer, an ascii one with a digit.
        case automatic
        /// Torch7's binary encoding, little-endian (x86, ARM).
        case binary
        /// Torch7's ascii encoding: numbers as text, strings as raw bytes.
        case ascii
    }

    /// The encoding; automatic by default.
    public var format: Format = .automatic
    /// The size of a C `long` in the file (tensor sizes, strides, storage sizes; `LongStorage`
    /// elements): 8 on Linux and macOS, 4 on Windows. `nil` (the default) tries 8, then 4.
    public var longSize: Int? = nil
    /// The deepest nesting of tables and objects accepted: deeper files throw
    /// ``Torch7FileError/tooDeep(limit:)`` rather than exhaust the stack.
    public var maximumDepth: Int = 400

    /// Options with the defaults: automatic format, long size 8 then 4, depth 400.
    public init(format: Format = .automatic, longSize: Int? = nil, maximumDepth: Int = 400) {
        self.format = format
        self.longSize = longSize
        self.maximumDepth = maximumDepth
    }
}

/// The low level: numbers, strings and arrays in the binary or the ascii encoding.
struct Torch7Input {
    let bytes: [UInt8]
    var offset = 0
    let ascii: Bool
    let longSize: Int

    var remaining: Int { bytes.count - offset }

    private func need(_ n: Int) throws {
        guard n <= remaining else { throw Torch7FileError.truncated(offset: offset, needed: n - remaining) }
    }

    private mutating func fixed<T: FixedWidthInteger>(_: T.Type) throws -> T {
        try need(MemoryLayout<T>.size)
        var v: T = 0
        withUnsafeMutableBytes(of: &v) { dst in
            for i in 0..<MemoryLayout<T>.size { dst[i] = bytes[offset + i] }
        }
        offset += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    // Ascii: C's `fscanf` skips white space before a number; after each array of numbers (and
    // after a string's bytes) one newline is consumed, as `THDiskFile`'s auto-spacing does.

    private mutating func skipSpace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    private mutating func endOfArray() {
        if offset < bytes.count, bytes[offset] == 0x0A { offset += 1 }
    }

    private mutating func token() throws -> String {
        skipSpace()
        let start = offset
        while offset < bytes.count, offset - start < 64, !" \t\n\u{0B}\u{0C}\r".utf8.contains(bytes[offset]) { offset += 1 }
        guard offset > start else { throw Torch7FileError.truncated(offset: offset, needed: 1) }
        guard offset - start < 64 else { throw Torch7FileError.corrupted("a number longer than 64 characters", offset: start) }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private mutating func asciiInteger() throws -> Int {
        let start = offset
        let t = try token()
        guard let v = Int(t) else { throw Torch7FileError.corrupted("'\(t)' is not an integer", offset: start) }
        return v
    }

    private mutating func asciiReal() throws -> Double {
        let start = offset
        let t = try token()
        if let v = Double(t) { return v }
        switch t.lowercased() {  // what C's printf writes for non-finite values
        case "nan", "-nan", "+nan": return .nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: throw Torch7FileError.corrupted("'\(t)' is not a number", offset: start)
        }
    }

    /// A C `int` (object tags, indices, lengths).
    mutating func int() throws -> Int32 {
        guard ascii else { return try fixed(Int32.self) }
        let start = offset
        let v = try asciiInteger()
        guard let i = Int32(exactly: v) else { throw Torch7FileError.corrupted("\(v) is not a 32-bit integer", offset: start) }
        endOfArray()
        return i
    }

    /// A C `long` (sizes, strides, offsets).
    mutating func long() throws -> Int {
        guard ascii else { return longSize == 8 ? Int(try fixed(Int64.self)) : Int(try fixed(Int32.self)) }
        let v = try asciiInteger()
        endOfArray()
        return v
    }

    /// `n` longs written as one array.
    mutating func longs(_ n: Int) throws -> [Int] {
        guard n > 0 else { return [] }
        try need(ascii ? n : n * longSize)  // before allocating: each takes a byte at least
        var result: [Int] = []
        result.reserveCapacity(n)
        for _ in 0..<n {
            if ascii { result.append(try asciiInteger()) } else { result.append(try long()) }
        }
        if ascii { endOfArray() }
        return result
    }

    /// A C `double` (Lua numbers).
    mutating func double() throws -> Double {
        guard ascii else { return Double(bitPattern: try fixed(UInt64.self)) }
        let v = try asciiReal()
        endOfArray()
        return v
    }

    /// `n` raw bytes (`writeChar`: strings, byte code, Byte and Char storages), in either encoding.
    mutating func chars(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0 else { throw Torch7FileError.corrupted("negative length \(n)", offset: offset) }
        guard n > 0 else { return [] }
        try need(n)
        let slice = bytes[offset..<offset + n]
        offset += n
        if ascii { endOfArray() }
        return slice
    }

    /// A string as `File.lua` writes one: its length as an `int`, then its bytes.
    mutating func string() throws -> String {
        let n = Int(try int())
        return String(decoding: try chars(n), as: UTF8.self)
    }

    /// The `count` elements of a storage of type `type`.
    mutating func storage(_ type: Torch7ScalarType, count: Int) throws -> Torch7StorageData {
        guard count >= 0 else { throw Torch7FileError.corrupted("storage of \(count) elements", offset: offset) }
        let size = type.elementSize(longSize: longSize)
        // Before allocating: the file must hold the elements (one byte each at least in ascii).
        let (bytesNeeded, overflow) = count.multipliedReportingOverflow(by: ascii ? 1 : size)
        guard !overflow, bytesNeeded <= remaining else {
            throw Torch7FileError.truncated(offset: offset, needed: overflow ? Int.max : bytesNeeded - remaining)
        }
        switch type {
        case .byte: return .byte(Array(try chars(count)))
        case .char: return .char(try chars(count).map { Int8(bitPattern: $0) })
        case .short: return .short(try integers(Int16.self, count))
        case .int: return .int(try integers(Int32.self, count))
        case .half: return .half(try integers(UInt16.self, count))
        case .long:
            if ascii || longSize == 8 { return .long(try integers(Int64.self, count)) }
            return .long(try integers(Int32.self, count).map(Int64.init))
        case .float:
            if ascii { return .float(try reals(count).map(Float.init)) }
            return .float(try integers(UInt32.self, count).map(Float.init(bitPattern:)))
        case .double:
            if ascii { return .double(try reals(count)) }
            return .double(try integers(UInt64.self, count).map(Double.init(bitPattern:)))
        }
    }

    private mutating func integers<T: FixedWidthInteger>(_: T.Type, _ count: Int) throws -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        if ascii {
            for _ in 0..<count {
                let start = offset
                let v = try asciiInteger()
                guard let x = T(exactly: v) else { throw Torch7FileError.corrupted("\(v) does not fit in \(T.self)", offset: start) }
                result.append(x)
            }
            if count > 0 { endOfArray() }
        } else {
            for _ in 0..<count { result.append(try fixed(T.self)) }
        }
        return result
    }

    private mutating func reals(_ count: Int) throws -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try asciiReal()) }
        if count > 0 { endOfArray() }
        return result
    }

    /// Whether only white space (ascii) or nothing (binary) is left.
    mutating func atEnd() -> Bool {
        if ascii { skipSpace() }
        return offset == bytes.count
    }
}

/// Reads one object tree: `File.lua`'s `readObject`, with its table of objects by index.
struct Torch7Parser {
    var input: Torch7Input
    let maximumDepth: Int
    private var objects: [Int32: Torch7Object] = [:]

    init(input: Torch7Input, maximumDepth: Int) {
        self.input = input
        self.maximumDepth = maximumDepth
    }

    /// The file's one object; bytes after it are an error.
    mutating func readFile() throws -> Torch7Object {
        let object = try readObject(depth: 0)
        guard input.atEnd() else { throw Torch7FileError.trailingBytes(offset: input.offset, count: input.remaining) }
        return object
    }

    mutating func readObject(depth: Int) throws -> Torch7Object {
        guard depth < maximumDepth else { throw Torch7FileError.tooDeep(limit: maximumDepth) }
        let tagOffset = input.offset
        let tag = try input.int()
        switch tag {
        case 0: return .nil
        case 1: return .number(try input.double())
        case 2: return .string(try input.string())
        case 5: return .boolean(try input.int() == 1)
        case 6:  // a function stored without a reference index
            let function = Torch7Function(byteCode: Array(try input.chars(Int(try input.int()))), typeTag: tag)
            function.upvalues = try readObject(depth: depth + 1)
            return .function(function)
        case 3, 4, 7, 8:
            let index = try input.int()
            if let known = objects[index] { return known }
            switch tag {
            case 3:
                let table = Torch7Table()
                objects[index] = .table(table)  // before its contents: a table may hold itself
                try readPairs(into: table, count: Int(try input.int()), depth: depth)
                return .table(table)
            case 4:
                return try readClassInstance(index: index, depth: depth)
            default:
                let function = Torch7Function(byteCode: Array(try input.chars(Int(try input.int()))), typeTag: tag)
                objects[index] = .function(function)
                function.upvalues = try readObject(depth: depth + 1)
                return .function(function)
            }
        default:
            throw Torch7FileError.unknownTypeTag(tag, offset: tagOffset)
        }
    }

    /// `count` key-value pairs. Nothing is reserved for `count`: each pair takes bytes, so a false
    /// count ends in ``Torch7FileError/truncated(offset:needed:)``.
    private mutating func readPairs(into table: Torch7Table, count: Int, depth: Int) throws {
        guard count >= 0 else { throw Torch7FileError.corrupted("table of \(count) entries", offset: input.offset) }
        for _ in 0..<count {
            let key = try readObject(depth: depth + 1)
            let value = try readObject(depth: depth + 1)
            table.set(value, for: key)
        }
    }

    /// A `torch.class` instance: the version string `"V n"` (absent in files older than
    /// versioning), the class name, then what the class writes.
    private mutating func readClassInstance(index: Int32, depth: Int) throws -> Torch7Object {
        let versionOffset = input.offset
        var className = try input.string()
        var version = 0
        if className.hasPrefix("V ") {
            guard let v = Double(className.dropFirst(2)), v.rounded() == v, abs(v) < 1e9 else {
                throw Torch7FileError.corrupted("version string '\(className)'", offset: versionOffset)
            }
            version = Int(v)
            className = try input.string()
        }
        if let (type, isTensor) = Torch7ScalarType.parse(className: className) {
            let object: Torch7Object = isTensor
                ? .tensor(try readTensor(className: className, type: type, depth: depth))
                : .storage(Torch7Storage(className: className, data: try input.storage(type, count: try input.long())))
            objects[index] = object
            return object
        }
        let instance = Torch7ClassObject(className: className, version: version)
        objects[index] = .object(instance)  // before its contents: an instance may refer to itself
        switch className {
        case "tds.Vec", "tds.Hash":  // tds's own writers: a count, an (unused) object, the elements
            let count = Int(try input.int())
            guard count >= 0 else { throw Torch7FileError.corrupted("\(className) of \(count) elements", offset: input.offset) }
            _ = try readObject(depth: depth + 1)
            let elements = Torch7Table()
            instance.value = .table(elements)
            if className == "tds.Vec" {
                for i in 0..<count { elements.set(try readObject(depth: depth + 1), for: .number(Double(i + 1))) }
            } else {
                try readPairs(into: elements, count: count, depth: depth)
            }
        default:
            instance.value = try readObject(depth: depth + 1)
        }
        return .object(instance)
    }

    /// A tensor (`generic/Tensor.c`): its rank as an `int`, sizes and strides as longs, the
    /// 1-based storage offset as a long, then its storage as an object (nil for an empty tensor).
    private mutating func readTensor(className: String, type: Torch7ScalarType, depth: Int) throws -> Torch7Tensor {
        let start = input.offset
        let rank = Int(try input.int())
        guard rank >= 0 else { throw Torch7FileError.corrupted("tensor of rank \(rank)", offset: start) }
        let shape = try input.longs(rank), strides = try input.longs(rank)
        let storageOffset = try input.long() - 1
        let storageObject = try readObject(depth: depth + 1)
        func bad(_ what: String) -> Torch7FileError { .corrupted("\(className) \(formatShape(shape)): \(what)", offset: start) }
        guard shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }) else { throw bad("negative size or stride \(strides)") }
        guard let count = checkedElementCount(shape) else { throw bad("more elements than Int can count") }
        if rank == 0 || count == 0 {  // Torch7's empty tensor
            return Torch7Tensor(className: className, scalarType: type, shape: rank == 0 ? [] : shape, strides: strides,
                                storageOffset: 0, storage: storageObject.storage)
        }
        guard let storage = storageObject.storage else { throw bad("its storage is \(storageObject.kindDescription)") }
        guard storage.scalarType == type else { throw bad("its storage is a \(storage.className)") }
        var last = storageOffset
        for (size, stride) in zip(shape, strides) {
            let (step, o1) = (size - 1).multipliedReportingOverflow(by: stride)
            let (next, o2) = last.addingReportingOverflow(step)
            guard !o1, !o2 else { throw bad("strides \(strides) overflow") }
            last = next
        }
        guard storageOffset >= 0, last < storage.count else {
            throw bad("strides \(strides) and offset \(storageOffset + 1) reach past its storage of \(storage.count) elements")
        }
        guard count <= storage.count else {
            throw bad("\(count) elements over a storage of \(storage.count) (expanded tensors larger than their storage are not read)")
        }
        return Torch7Tensor(className: className, scalarType: type, shape: shape, strides: strides,
                            storageOffset: storageOffset, storage: storage)
    }
}
