/// Applies one module to every entry of a table and outputs the table of the results (Torch7's
/// `nn.MapTable`).
///
/// Entry `i` goes through clone `i` of ``module``: each clone keeps its own buffers (so backward
/// sees what its forward saw) and shares the module's parameters and their gradients, which
/// therefore accumulate the gradients of every entry. ``Module/parameters()`` lists the module's
/// once. The module is cloned through its model-file record, so it must be registered
/// (``ModuleRegistry``); a module of no registered kind stops with a message. As in Torch7, the
/// clones do not share anything that is not a parameter (batch normalization's running
/// statistics), and ``Module/clearState()`` drops them.
public final class MapTable<Scalar: TensorScalar>: TableModule {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true
    /// The module applied to every entry.
    public let module: any Module<Scalar>
    // Clone i is applied to entry i; clone 0 is the module itself.
    private var clones: [any Module<Scalar>]

    /// Applies `module` to every entry.
    public init(_ module: any Module<Scalar>) {
        self.module = module
        clones = [module]
    }

    public var children: [any Module<Scalar>] { [module] }

    /// At least `n` clones, each sharing the module's parameters and in its mode.
    private func clones(_ n: Int) -> [any Module<Scalar>] {
        while clones.count < n {
            do {
                clones.append(try ModelSerializer<Scalar>.decode(try ModelSerializer<Scalar>.encode(module)))
            } catch {
                wickFatalError("nn.MapTable: cannot clone \(tableName(of: module)): \(error)")
            }
        }
        let own = module.parameters()
        for clone in clones.dropFirst().prefix(Swift.max(n - 1, 0)) {
            let theirs = clone.parameters()
            for (p, q) in zip(own, theirs) where !q.shares(p) { q.share(p) }  // again after getParameters() moved them
            if clone.isTraining != module.isTraining { module.isTraining ? clone.training() : clone.evaluate() }
        }
        return Array(clones.prefix(n))
    }

    private func tableName(of m: any Module<Scalar>) -> String { m.description.prefix { $0 != "\n" }.description }

    private func entries(_ value: Activation<Scalar>, _ what: String, count: Int? = nil) -> [Activation<Scalar>] {
        let e = value.table(for: "nn.MapTable", what)
        if let count {
            wickPrecondition(e.count == count, "nn.MapTable: \(what) \(value.kindDescription) has \(e.count) entries for an input of \(count)")
        }
        return e
    }

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        let xs = entries(input, "input")
        let ms = clones(xs.count)
        tableOutput = .tensor(Tensor())
        tableOutput = .table(zip(ms, xs).map { $0.updateOutput(table: $1) })
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        let xs = entries(input, "input"), gs = entries(gradOutput, "gradOutput", count: xs.count), ms = clones(xs.count)
        tableGradInput = .tensor(Tensor())
        tableGradInput = .table(xs.indices.map { ms[$0].updateGradInput(table: xs[$0], gs[$0]) })
        return tableGradInput
    }

    public func accGradParameters(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) {
        let xs = entries(input, "input"), gs = entries(gradOutput, "gradOutput", count: xs.count), ms = clones(xs.count)
        for i in xs.indices { ms[i].accGradParameters(table: xs[i], gs[i], scale: scale) }
    }

    public func backward(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) -> Activation<Scalar> {
        let xs = entries(input, "input"), gs = entries(gradOutput, "gradOutput", count: xs.count), ms = clones(xs.count)
        tableGradInput = .tensor(Tensor())
        tableGradInput = .table(xs.indices.map { ms[$0].backward(table: xs[$0], gs[$0], scale: scale) })
        return tableGradInput
    }

    public func clearState() {
        tableOutput = .tensor(Tensor()); tableGradInput = .tensor(Tensor())
        clones = [module]
        module.clearState()
    }

    public var description: String { "nn.MapTable {\n  " + indentingNestedLines(module.description, by: "        ") + "\n}" }
}

// How a model file records this module (see ModuleRegistry).
extension MapTable: SerializableModule {
    public static var kind: String { "MapTable" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> MapTable {
        // (Torch7 files list the clones too; they are the same module.)
        guard let first = r.children.first else { throw ModelFileError.corrupted("MapTable: no module") }
        return MapTable(first)
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(MapTable(Linear(3, 2)), table: [[4, 3], [2, 3], [3]], note: "a shared Linear"),
         ModuleExample(MapTable(Sequential { Linear(2, 2); Tanh() }), table: [[2, 2], [2, 2]], note: "a shared chain")]
    }
}
