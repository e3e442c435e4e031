/// The entry of a table at `index` (Torch7's `nn.SelectTable`, 0-based; negative indices count
/// from the end, so `-1` is the last entry).
///
/// Input: a table; output: its entry `index`, a tensor or a table. Backward, that entry's
/// gradient is `gradOutput` and every other entry's is zeros of its shape.
public final class SelectTable<Scalar: TensorScalar>: TableModule {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true
    /// The entry selected (0-based; negative from the end).
    public let index: Int

    /// Selects entry `index` (0-based; negative from the end).
    public init(_ index: Int) { self.index = index }

    private func resolved(_ entries: [Activation<Scalar>], _ input: Activation<Scalar>) -> Int {
        let i = index < 0 ? entries.count + index : index
        wickPrecondition(i >= 0 && i < entries.count, "nn.SelectTable(\(index)): index out of range for \(input.kindDescription)")
        return i
    }

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        let entries = input.table(for: "nn.SelectTable(\(index))")
        tableOutput = entries[resolved(entries, input)]
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        let entries = input.table(for: "nn.SelectTable(\(index))"), selected = resolved(entries, input)
        checkTableGradOutput(gradOutput)
        tableGradInput = .table(entries.enumerated().map { $0.offset == selected ? gradOutput : $0.element.zerosLike })
        return tableGradInput
    }

    public var description: String { "nn.SelectTable(\(index))" }
}

// How a model file records this module (see ModuleRegistry).
extension SelectTable: SerializableModule {
    public static var kind: String { "SelectTable" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("index", .int(index))]) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> SelectTable { SelectTable(try r.int("index")) }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(SelectTable(1), table: [[5, 4], [5, 3], [2]], note: "the second"),
         ModuleExample(SelectTable(-1), input: .table([.tensor(Tensor.zeros(shape: [2])), Activation([Tensor.zeros(shape: [3]), Tensor.zeros(shape: [2, 2])])]),
                       note: "the last, a table")]
    }
}
