/// The header dictionary of a `.npy` file: `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
///
/// The header is a Python literal; this parses the small subset NumPy writes (strings, `True`,
/// `False`, integers, tuples, lists, nested dictionaries) and picks out the three keys.
struct NPYHeader: Equatable {
    var descriptor: String
    var fortranOrder: Bool
    var shape: [Int]

    /// A parsed Python literal.
    indirect enum Literal {
        case string(String)
        case bool(Bool)
        case integer(Int)
        case tuple([Literal])
        case list([Literal])
        case dictionary([(String, Literal)])
    }

    /// Parses the header text; throws ``DatasetError/malformed(format:reason:)`` on anything else.
    init(parsing text: String) throws {
        var parser = LiteralParser(text: Array(text.utf8))
        let literal = try parser.parseValue()
        parser.skipSpace()
        guard parser.position == parser.text.count else { throw NPYHeader.malformed("text after the dictionary") }
        guard case let .dictionary(entries) = literal else { throw NPYHeader.malformed("the header is not a dictionary") }
        func value(_ key: String) throws -> Literal {
            guard let entry = entries.first(where: { $0.0 == key }) else { throw NPYHeader.malformed("no '\(key)' key") }
            return entry.1
        }
        switch try value("descr") {
        case let .string(d): descriptor = d
        default: throw DatasetError.unsupported(format: "NPY", reason: "structured arrays (a 'descr' that is not a type string)")
        }
        guard case let .bool(f) = try value("fortran_order") else { throw NPYHeader.malformed("'fortran_order' is not True or False") }
        fortranOrder = f
        guard case let .tuple(items) = try value("shape") else { throw NPYHeader.malformed("'shape' is not a tuple") }
        shape = try items.map {
            guard case let .integer(n) = $0, n >= 0 else { throw NPYHeader.malformed("'shape' holds something other than sizes") }
            return n
        }
    }

    init(descriptor: String, fortranOrder: Bool, shape: [Int]) {
        self.descriptor = descriptor
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// The header text as NumPy writes it (without padding).
    var text: String {
        let sizes = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        return "{'descr': '\(descriptor)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(sizes), }"
    }

    static func malformed(_ reason: String) -> DatasetError {
        DatasetError.malformed(format: "NPY", reason: "header: \(reason)")
    }

    /// A recursive-descent parser over the header's bytes. Nesting deeper than ``maximumDepth``
    /// is an error (a header of nested brackets would otherwise overflow the stack).
    struct LiteralParser {
        let text: [UInt8]
        var position = 0
        var depth = 0
        /// The deepest nesting of tuples, lists and dictionaries a header may have; NumPy writes 2
        /// (a dictionary holding the shape tuple), structured dtypes a few more.
        static let maximumDepth = 32

        mutating func skipSpace() {
            while position < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[position]) { position += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            skipSpace()
            guard position < text.count, text[position] == byte else {
                throw NPYHeader.malformed("expected '\(Character(Unicode.Scalar(byte)))' at offset \(position)")
            }
            position += 1
        }

        /// True (and consumes it) when the next non-space byte is `byte`.
        mutating func accept(_ byte: UInt8) -> Bool {
            skipSpace()
            if position < text.count, text[position] == byte { position += 1; return true }
            return false
        }

        mutating func parseValue() throws -> Literal {
            skipSpace()
            guard position < text.count else { throw NPYHeader.malformed("unexpected end") }
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else {
                throw NPYHeader.malformed("nested more than \(Self.maximumDepth) deep at offset \(position)")
            }
            switch text[position] {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "{"): return .dictionary(try parseDictionary())
            case UInt8(ascii: "("): return .tuple(try parseSequence(open: "(", close: ")"))
            case UInt8(ascii: "["): return .list(try parseSequence(open: "[", close: "]"))
            default: return try parseWord()
            }
        }

        mutating func parseString() throws -> String {
            let quote = text[position]
            position += 1
            let start = position
            while position < text.count, text[position] != quote { position += 1 }
            guard position < text.count else { throw NPYHeader.malformed("unterminated string") }
            defer { position += 1 }
            return String(decoding: text[start..<position], as: UTF8.self)
        }

        mutating func parseSequence(open: Unicode.Scalar, close: Unicode.Scalar) throws -> [Literal] {
            try expect(UInt8(ascii: open))
            var items = [Literal]()
            while !accept(UInt8(ascii: close)) {
                items.append(try parseValue())
                if !accept(UInt8(ascii: ",")) { try expect(UInt8(ascii: close)); break }
            }
            return items
        }

        mutating func parseDictionary() throws -> [(String, Literal)] {
            try expect(UInt8(ascii: "{"))
            var entries = [(String, Literal)]()
            while !accept(UInt8(ascii: "}")) {
                guard case let .string(key) = try parseValue() else { throw NPYHeader.malformed("a dictionary key is not a string") }
                try expect(UInt8(ascii: ":"))
                entries.append((key, try parseValue()))
                if !accept(UInt8(ascii: ",")) { try expect(UInt8(ascii: "}")); break }
            }
            return entries
        }

        /// `True`, `False` or an integer (Python 2 headers may write `3L`).
        mutating func parseWord() throws -> Literal {
            let start = position
            while position < text.count,
                  let c = Optional(text[position]), (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D {
                position += 1
            }
            let word = String(decoding: text[start..<position], as: UTF8.self)
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            default:
                let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
                guard let n = Int(digits) else { throw NPYHeader.malformed("unexpected '\(word.isEmpty ? String(decoding: text[start...].prefix(1), as: UTF8.self) : word)' at offset \(start)") }
                return .integer(n)
            }
        }
    }
}
