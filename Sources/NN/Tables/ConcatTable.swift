/// Gives the same input (a tensor or a table) to every child and outputs the table of their
/// outputs (Torch7's `nn.ConcatTable`): entry `i` of the output is child `i`'s output.
///
/// Backward, entry `i` of `gradOutput` goes to child `i`, and the input gradient is the sum of the
/// children's input gradients (element-wise, entry by entry for a table input). With a branch and
/// an ``Identity`` it is the fork of a residual block; ``CAddTable`` joins it again.
public final class ConcatTable<Scalar: TensorScalar>: TableModule, ModuleContainer {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true
    /// The children, in the order of the output's entries.
    public private(set) var modules: [any Module<Scalar>]

    /// An empty container; fill it with ``add(_:)``.
    public init() { modules = [] }

    /// A container of the modules listed in the block.
    public init(@ModuleBuilder<Scalar> _ build: () -> [any Module<Scalar>]) { modules = build() }

    /// Appends a module given as an existential (e.g. one loaded from a file).
    public func append(_ module: any Module<Scalar>) { modules.append(module) }

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        wickPrecondition(!modules.isEmpty, "nn.ConcatTable: has no modules")
        // Last step's array, reused; each entry is emptied before its module runs, so that the
        // module's own output buffer is not held here and is reused too.
        var entries = tableOutput.entries ?? []
        tableOutput = .tensor(Tensor())
        if entries.count != modules.count { entries = Array(repeating: .tensor(Tensor()), count: modules.count) }
        for i in modules.indices {
            entries[i] = .tensor(Tensor())
            entries[i] = modules[i].updateOutput(table: input)
        }
        tableOutput = .table(entries)
        return tableOutput
    }

    private func branchGradients(_ gradOutput: Activation<Scalar>) -> [Activation<Scalar>] {
        let g = gradOutput.table(for: "nn.ConcatTable", "gradOutput")
        wickPrecondition(g.count == modules.count,
            "nn.ConcatTable: gradOutput \(gradOutput.kindDescription) has \(g.count) entries for \(modules.count) modules")
        return g
    }

    /// The sum of the children's input gradients.
    private func sumOfBranches(_ input: Activation<Scalar>, _ gradOutput: Activation<Scalar>,
                               _ branch: (any Module<Scalar>, Activation<Scalar>) -> Activation<Scalar>) -> Activation<Scalar> {
        let g = branchGradients(gradOutput)
        // Last step's buffer, reused in place when nobody else holds it.
        var sum = tableGradInput.tensor ?? Tensor()
        tableGradInput = .tensor(Tensor())
        var total = branch(modules[0], g[0])
        if modules.count > 1, case .tensor(let first) = total {
            // A tensor input (a residual block): the branches' input gradients added up.
            for i in 1..<modules.count {
                let gi = branch(modules[i], g[i]).tensor(for: "nn.ConcatTable", "input gradient of module \(i)")
                wickPrecondition(gi.shape == first.shape,
                    "nn.ConcatTable: cannot add input gradients \(formatShape(first.shape)) and \(formatShape(gi.shape))")
                if i == 1 { addTensors(first, gi, into: &sum) } else { accumulate(gi, into: &sum) }
            }
            total = .tensor(sum)
        } else {
            for i in modules.indices.dropFirst() { total = Activation.sum(total, branch(modules[i], g[i]), "nn.ConcatTable") }
        }
        tableGradInput = total
        return total
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        sumOfBranches(input, gradOutput) { $0.updateGradInput(table: input, $1) }
    }

    public func accGradParameters(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) {
        for (m, g) in zip(modules, branchGradients(gradOutput)) { m.accGradParameters(table: input, g, scale: scale) }
    }

    public func backward(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) -> Activation<Scalar> {
        sumOfBranches(input, gradOutput) { $0.backward(table: input, $1, scale: scale) }
    }

    public var description: String { tableContainerDescription("nn.ConcatTable", modules) }
}

// How a model file records this module (see ModuleRegistry).
extension ConcatTable: SerializableModule {
    public static var kind: String { "ConcatTable" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> ConcatTable {
        let m = ConcatTable()
        for c in r.children { m.append(c) }
        return m
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(ConcatTable { Linear(4, 3); Identity() }, input: [5, 4], note: "a tensor to a table"),
         ModuleExample(ConcatTable { SelectTable(0); CAddTable() }, table: [[2, 3], [2, 3]], note: "a table to a table")]
    }
}
