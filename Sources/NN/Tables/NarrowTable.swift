/// The `length` entries of a table from `offset` on, as a table (Torch7's `nn.NarrowTable`, with
/// a 0-based offset; a negative one counts from the end).
///
/// Backward, those entries' gradients are the entries of `gradOutput` and the others are zeros.
public final class NarrowTable<Scalar: TensorScalar>: TableModule {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true
    /// The first entry taken (0-based; negative from the end).
    public let offset: Int
    /// The number of entries taken (at least 1).
    public let length: Int

    /// Takes `length` entries from `offset` on.
    public init(_ offset: Int, _ length: Int = 1) {
        wickPrecondition(length >= 1, "nn.NarrowTable: length \(length) must be at least 1")
        self.offset = offset
        self.length = length
    }

    private func range(_ input: Activation<Scalar>) -> (entries: [Activation<Scalar>], range: Range<Int>) {
        let entries = input.table(for: "nn.NarrowTable")
        let start = offset < 0 ? entries.count + offset : offset
        wickPrecondition(start >= 0 && start + length <= entries.count,
            "nn.NarrowTable: entries \(offset)..<\(offset + length) out of range for \(input.kindDescription)")
        return (entries, start..<(start + length))
    }

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        let (entries, r) = range(input)
        tableOutput = .table(Array(entries[r]))
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        let (entries, r) = range(input)
        checkTableGradOutput(gradOutput)
        let g = gradOutput.table(for: "nn.NarrowTable", "gradOutput")
        tableGradInput = .table(entries.enumerated().map { r.contains($0.offset) ? g[$0.offset - r.lowerBound] : $0.element.zerosLike })
        return tableGradInput
    }

    public var description: String { "nn.NarrowTable" }
}

// How a model file records this module (see ModuleRegistry).
extension NarrowTable: SerializableModule {
    public static var kind: String { "NarrowTable" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("offset", .int(offset)), ("length", .int(length))])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> NarrowTable {
        let length = try r.int("length")
        guard length >= 1 else { throw ModelFileError.corrupted("NarrowTable: length \(length) must be at least 1") }
        return NarrowTable(try r.int("offset"), length)
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(NarrowTable(1, 2), table: [[3], [5, 4], [5, 2], [2]], note: "the middle two"),
         ModuleExample(NarrowTable(-1), table: [[3], [2, 2]], note: "the last")]
    }
}
