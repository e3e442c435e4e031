/// The element-wise difference of a table of two tensors of one shape, first minus second
/// (Torch7's `nn.CSubTable`).
///
/// Backward, the first entry's gradient is `gradOutput` and the second's `−gradOutput`.
public final class CSubTable<Scalar: TensorScalar>: TableModule {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true

    /// A difference of two tensors; it has no parameters.
    public init() {}

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        let xs = sameShapeTensors(input, exactly: 2)
        var out = takeOutputBuffer()
        out.assign(xs[0], xs[1]) { $0 - $1 }
        tableOutput = .tensor(out)
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        _ = sameShapeTensors(input, exactly: 2)
        let g = tensorGradOutput(gradOutput)
        fillGradInputTable(count: 2) { i, b in
            if i == 0 { b.assign(g) } else { b.assign(g) { -$0 } }
        }
        return tableGradInput
    }

    public var description: String { "nn.CSubTable" }
}

// How a model file records this module (see ModuleRegistry).
extension CSubTable: PlainModule {
    public static var kind: String { "CSubTable" }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(CSubTable(), table: [[5, 4], [5, 4]]), ModuleExample(CSubTable(), table: [[2, 2, 3], [2, 2, 3]], note: "rank 3")]
    }
}
