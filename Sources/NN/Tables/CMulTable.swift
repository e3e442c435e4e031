/// The element-wise product of a table of tensors of one shape (Torch7's `nn.CMulTable`).
///
/// Backward, entry `i`'s gradient is `gradOutput` times the product of the other entries
/// (computed as that product, not as `output / input[i]`, so zeros in the input are fine).
public final class CMulTable<Scalar: TensorScalar>: TableModule {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true

    /// A product of tables; it has no parameters.
    public init() {}

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        let xs = sameShapeTensors(input)
        var product = takeOutputBuffer()
        product.assign(xs[0])
        for i in 1..<xs.count { product *= xs[i] }
        tableOutput = .tensor(product)
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        let xs = sameShapeTensors(input), g = tensorGradOutput(gradOutput)
        fillGradInputTable(count: xs.count) { i, b in
            b.assign(g)
            for j in 0..<xs.count where j != i { b *= xs[j] }
        }
        return tableGradInput
    }

    public var description: String { "nn.CMulTable" }
}

// How a model file records this module (see ModuleRegistry).
extension CMulTable: PlainModule {
    public static var kind: String { "CMulTable" }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(CMulTable(), table: [[5, 4], [5, 4]], note: "two entries"),
         ModuleExample(CMulTable(), table: [[2, 3, 2], [2, 3, 2], [2, 3, 2]], note: "three entries")]
    }
}
