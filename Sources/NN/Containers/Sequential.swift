/// Modules applied one after another: the output of each is the input of the next.
public final class Sequential<Scalar: TensorScalar>: ModuleContainer {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The modules, in order.
    public private(set) var modules: [any Module<Scalar>]
    // The last results of the table path when they were tables (nil otherwise: then `output` and
    // `gradInput` are the results).
    private var outputTable: Activation<Scalar>?
    private var gradInputTable: Activation<Scalar>?

    /// An empty container; fill it with ``add(_:)``.
    public init() { modules = [] }

    /// A container of the modules listed in the block.
    public init(@ModuleBuilder<Scalar> _ build: () -> [any Module<Scalar>]) { modules = build() }

    /// A container of the given modules.
    public init(_ modules: [any Module<Scalar>]) { self.modules = modules }

    /// Appends a module given as an existential (e.g. one loaded from a file).
    public func append(_ module: any Module<Scalar>) { modules.append(module) }

    /// Inserts a module at `index` (0-based).
    public func insert<M: Module>(_ module: M, at index: Int) where M.Scalar == Scalar {
        wickPrecondition(index >= 0 && index <= modules.count, "nn.Sequential.insert: index \(index) out of range 0...\(modules.count)")
        modules.insert(module, at: index)
    }

    /// Removes and returns the module at `index` (0-based; the last one by default).
    @discardableResult
    public func remove(at index: Int? = nil) -> any Module<Scalar> {
        let i = index ?? modules.count - 1
        wickPrecondition(i >= 0 && i < modules.count, "nn.Sequential.remove: index \(i) out of range for \(modules.count) modules")
        return modules.remove(at: i)
    }

    /// The module at `index` (0-based; Torch7's `get` is 1-based).
    public func get(_ index: Int) -> any Module<Scalar> { self[index] }

    /// The module at `index` (0-based).
    public subscript(index: Int) -> any Module<Scalar> {
        wickPrecondition(index >= 0 && index < modules.count, "nn.Sequential[\(index)]: out of range for \(modules.count) modules")
        return modules[index]
    }

    /// The number of modules.
    public var count: Int { modules.count }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        if usesTables {
            return updateOutput(table: .tensor(input)).tensor(for: "nn.Sequential", "output (use forward(table:) for a table)")
        }
        if outputTable != nil { outputTable = nil }
        // Let go of last step's output first, so the last child can overwrite its buffer in place.
        output = Tensor()
        var current = input
        for module in modules { current = module.updateOutput(current) }
        output = current
        return output
    }

    /// The input module `i` saw in the last forward pass.
    private func input(of i: Int, _ input: Tensor<Scalar>) -> Tensor<Scalar> {
        i == 0 ? input : modules[i - 1].output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        if usesTables {
            return updateGradInput(table: .tensor(input), .tensor(gradOutput)).tensor(for: "nn.Sequential", "input gradient")
        }
        gradInput = Tensor()
        var current = gradOutput
        for i in modules.indices.reversed() {
            current = modules[i].updateGradInput(self.input(of: i, input), current)
        }
        gradInput = current
        return gradInput
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func accGradParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) {
        if usesTables { return accGradParameters(table: .tensor(input), .tensor(gradOutput), scale: scale) }
        var current = gradOutput
        for i in modules.indices.reversed() {
            modules[i].accGradParameters(self.input(of: i, input), current, scale: scale)
            current = modules[i].gradInput
        }
    }

    /// One pass backwards through the children, each doing both of its backward steps.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) -> Tensor<Scalar> {
        if usesTables {
            return backward(table: .tensor(input), .tensor(gradOutput), scale: scale).tensor(for: "nn.Sequential", "input gradient")
        }
        gradInput = Tensor()
        var current = gradOutput
        for i in modules.indices.reversed() {
            current = modules[i].backward(self.input(of: i, input), current, scale: scale)
        }
        gradInput = current
        return gradInput
    }

    /// A backward pass that skips the first child's input gradient.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backwardParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) {
        if usesTables {  // the table path, still without the first child's input gradient when it is a tensor module
            gradInput = Tensor(); gradInputTable = nil
            var current = Activation.tensor(gradOutput)
            for i in modules.indices.reversed() {
                if i == 0 && !modules[0].usesTables {
                    modules[0].backwardParameters(input, current.tensor(for: "nn.Sequential", "gradient of its first module's output"), scale: scale)
                } else {
                    current = modules[i].backward(table: tableInput(of: i, .tensor(input)), current, scale: scale)
                }
            }
            return
        }
        gradInput = Tensor()
        var current = gradOutput
        for i in modules.indices.reversed() {
            if i == 0 {
                modules[0].backwardParameters(input, current, scale: scale)
            } else {
                current = modules[i].backward(self.input(of: i, input), current, scale: scale)
            }
        }
    }

    // The table path: the same passes over `Activation`s, taken when a child uses tables.

    /// True when a child takes or gives tables; the tensor methods then take the table path.
    public var usesTables: Bool {
        for module in modules where module.usesTables { return true }
        return false
    }

    public var tableOutput: Activation<Scalar> { outputTable ?? .tensor(output) }

    public var tableGradInput: Activation<Scalar> { gradInputTable ?? .tensor(gradInput) }

    /// The input module `i` saw in the last forward pass, as a tensor or a table.
    private func tableInput(of i: Int, _ input: Activation<Scalar>) -> Activation<Scalar> {
        i == 0 ? input : modules[i - 1].tableOutput
    }

    /// Keeps `result` as the output (a tensor in `output`, a table in `outputTable`).
    private func storeOutput(_ result: Activation<Scalar>) {
        if case .tensor(let t) = result { output = t; outputTable = nil } else { output = Tensor(); outputTable = result }
    }

    private func storeGradInput(_ result: Activation<Scalar>) {
        if case .tensor(let t) = result { gradInput = t; gradInputTable = nil } else { gradInput = Tensor(); gradInputTable = result }
    }

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        output = Tensor(); outputTable = nil
        var current = input
        for module in modules { current = module.updateOutput(table: current) }
        storeOutput(current)
        return current
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        gradInput = Tensor(); gradInputTable = nil
        var current = gradOutput
        for i in modules.indices.reversed() {
            current = modules[i].updateGradInput(table: tableInput(of: i, input), current)
        }
        storeGradInput(current)
        return current
    }

    public func accGradParameters(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) {
        var current = gradOutput
        for i in modules.indices.reversed() {
            modules[i].accGradParameters(table: tableInput(of: i, input), current, scale: scale)
            current = modules[i].tableGradInput
        }
    }

    public func backward(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) -> Activation<Scalar> {
        gradInput = Tensor(); gradInputTable = nil
        var current = gradOutput
        for i in modules.indices.reversed() {
            current = modules[i].backward(table: tableInput(of: i, input), current, scale: scale)
        }
        storeGradInput(current)
        return current
    }

    public func clearState() {
        output = Tensor(); gradInput = Tensor(); outputTable = nil; gradInputTable = nil
        for m in modules { m.clearState() }
    }

    public var description: String {
        let arrows = (["input"] + modules.indices.map { "(\($0 + 1))" } + ["output"]).joined(separator: " -> ")
        var lines = ["nn.Sequential {", "  [\(arrows)]"]
        for (i, m) in modules.enumerated() {
            lines.append("  (\(i + 1)): " + indentingNestedLines(m.description, by: "  "))
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}

// How a model file records this module (see ModuleRegistry).
extension Sequential: SerializableModule {
    public static var kind: String { "Sequential" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Sequential { Sequential(r.children) }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(Sequential { Linear(4, 3); Tanh(); Linear(3, 2) }, input: [5, 4], note: "a multilayer perceptron"),
         ModuleExample(Sequential { Tanh() }, input: [2, 3, 4, 5], note: "rank-4 batch"),
         ModuleExample(Sequential { ReLU(); Reshape(12); Linear(12, 2) }, input: [2, 3, 2, 2], note: "images to a linear layer")]
    }
}
