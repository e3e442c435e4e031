/// The element-wise quotient of a table of two tensors of one shape, first over second
/// (Torch7's `nn.CDivTable`).
///
/// Backward, the first entry's gradient is `gradOutput / second` and the second's
/// `−gradOutput · first / second²`.
public final class CDivTable<Scalar: TensorScalar>: TableModule {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true

    /// A quotient of two tensors; it has no parameters.
    public init() {}

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        let xs = sameShapeTensors(input, exactly: 2)
        var out = takeOutputBuffer()
        out.assign(xs[0], xs[1]) { $0 / $1 }
        tableOutput = .tensor(out)
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        let xs = sameShapeTensors(input, exactly: 2), g = tensorGradOutput(gradOutput)
        fillGradInputTable(count: 2) { i, b in
            if i == 0 { b.assign(g, xs[1]) { $0 / $1 } } else { b.assign(g, xs[0], xs[1]) { -$0 * $1 / ($2 * $2) } }
        }
        return tableGradInput
    }

    public var description: String { "nn.CDivTable" }
}

// How a model file records this module (see ModuleRegistry).
extension CDivTable: PlainModule {
    public static var kind: String { "CDivTable" }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(CDivTable(), table: [[5, 4], [5, 4]]), ModuleExample(CDivTable(), table: [[2, 2, 3], [2, 2, 3]], note: "rank 3")]
    }
}
