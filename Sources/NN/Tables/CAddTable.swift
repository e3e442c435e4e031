/// The element-wise sum of a table of tensors of one shape (Torch7's `nn.CAddTable`).
///
/// Input: a table of `n ≥ 1` tensors of one shape; output: their sum, of that shape. Backward,
/// every entry's gradient is `gradOutput`. Torch7's `inplace` option (reusing the first entry's
/// storage) has no equivalent: Wick's output is always a buffer of the module's own.
public final class CAddTable<Scalar: TensorScalar>: TableModule {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true

    /// A sum of tables; it has no parameters.
    public init() {}

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        let xs = sameShapeTensors(input)
        var sum = takeOutputBuffer()
        if xs.count == 1 { sum.assign(xs[0]) } else { addTensors(xs[0], xs[1], into: &sum) }
        for x in xs.dropFirst(2) { accumulate(x, into: &sum) }
        tableOutput = .tensor(sum)
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        let xs = sameShapeTensors(input), g = tensorGradOutput(gradOutput)
        fillGradInputTable(count: xs.count) { _, b in b.assign(g) }
        return tableGradInput
    }

    public var description: String { "nn.CAddTable" }
}

// How a model file records this module (see ModuleRegistry).
extension CAddTable: PlainModule {
    public static var kind: String { "CAddTable" }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(CAddTable(), table: [[5, 4], [5, 4]], note: "two entries"),
         ModuleExample(CAddTable(), table: [[2, 3, 2, 2], [2, 3, 2, 2], [2, 3, 2, 2]], note: "three rank-4 entries")]
    }
}
