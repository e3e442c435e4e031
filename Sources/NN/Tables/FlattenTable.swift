/// Flattens a table of tensors and tables into one table of tensors, depth first (Torch7's
/// `nn.FlattenTable`): `{a, {b, {c}}, d}` becomes `{a, b, c, d}`.
///
/// Backward, the gradients are put back into the input's nesting.
public final class FlattenTable<Scalar: TensorScalar>: TableModule {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true

    /// A flattening of tables; it has no parameters.
    public init() {}

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        _ = input.table(for: "nn.FlattenTable")
        tableOutput = Activation(input.tensors)
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        _ = input.table(for: "nn.FlattenTable")
        checkTableGradOutput(gradOutput)
        var flat = gradOutput.tensors(for: "nn.FlattenTable", "gradOutput")[...]
        tableGradInput = input.map { _ in flat.removeFirst() }
        return tableGradInput
    }

    public var description: String { "nn.FlattenTable" }
}

// How a model file records this module (see ModuleRegistry).
extension FlattenTable: PlainModule {
    public static var kind: String { "FlattenTable" }
    public static func examples() -> [ModuleExample<Scalar>] {
        let z = { (shape: [Int]) in Activation<Scalar>.tensor(Tensor.zeros(shape: shape)) }
        return [ModuleExample(FlattenTable(), input: .table([z([2]), .table([z([3, 2]), .table([z([1])])]), z([2, 2])]), note: "nested"),
                ModuleExample(FlattenTable(), table: [[2], [3]], note: "already flat")]
    }
}
