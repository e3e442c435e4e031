/// Gives entry `i` of its input table to child `i` and outputs the table of their outputs
/// (Torch7's `nn.ParallelTable`).
///
/// Input: a table with one entry per child; backward, entry `i` of `gradOutput` goes to child
/// `i`, whose input gradient is entry `i` of the input gradient.
public final class ParallelTable<Scalar: TensorScalar>: TableModule, ModuleContainer {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true
    /// The children: child `i` gets entry `i` of the input.
    public private(set) var modules: [any Module<Scalar>]

    /// An empty container; fill it with ``add(_:)``.
    public init() { modules = [] }

    /// A container of the modules listed in the block.
    public init(@ModuleBuilder<Scalar> _ build: () -> [any Module<Scalar>]) { modules = build() }

    /// Appends a module given as an existential (e.g. one loaded from a file).
    public func append(_ module: any Module<Scalar>) { modules.append(module) }

    private func entries(_ value: Activation<Scalar>, _ what: String) -> [Activation<Scalar>] {
        let e = value.table(for: "nn.ParallelTable", what)
        wickPrecondition(e.count == modules.count,
            "nn.ParallelTable: \(what) \(value.kindDescription) has \(e.count) entries for \(modules.count) modules")
        return e
    }

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        wickPrecondition(!modules.isEmpty, "nn.ParallelTable: has no modules")
        let xs = entries(input, "input")
        tableOutput = .tensor(Tensor())
        tableOutput = .table(zip(modules, xs).map { $0.updateOutput(table: $1) })
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        let xs = entries(input, "input"), gs = entries(gradOutput, "gradOutput")
        tableGradInput = .tensor(Tensor())
        tableGradInput = .table(modules.indices.map { modules[$0].updateGradInput(table: xs[$0], gs[$0]) })
        return tableGradInput
    }

    public func accGradParameters(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) {
        let xs = entries(input, "input"), gs = entries(gradOutput, "gradOutput")
        for i in modules.indices { modules[i].accGradParameters(table: xs[i], gs[i], scale: scale) }
    }

    public func backward(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) -> Activation<Scalar> {
        let xs = entries(input, "input"), gs = entries(gradOutput, "gradOutput")
        tableGradInput = .tensor(Tensor())
        tableGradInput = .table(modules.indices.map { modules[$0].backward(table: xs[$0], gs[$0], scale: scale) })
        return tableGradInput
    }

    public var description: String { tableContainerDescription("nn.ParallelTable", modules) }
}

// How a model file records this module (see ModuleRegistry).
extension ParallelTable: SerializableModule {
    public static var kind: String { "ParallelTable" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> ParallelTable {
        let m = ParallelTable()
        for c in r.children { m.append(c) }
        return m
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(ParallelTable { Linear(4, 3); Tanh() }, table: [[5, 4], [2, 3]], note: "two tensors"),
         ModuleExample(ParallelTable { CAddTable(); Identity() }, input: .table([Activation([Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [2, 3])]), .tensor(Tensor.zeros(shape: [4]))]),
                       note: "a nested table")]
    }
}
