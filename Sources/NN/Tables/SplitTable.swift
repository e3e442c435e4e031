/// Splits a tensor along `dimension` into the table of its slices, that dimension removed
/// (Torch7's `nn.SplitTable`, with a 0-based dimension; negative ones count from the end).
///
/// Input: a tensor with `n` slices along `dimension`; output: a table of `n` tensors. Backward,
/// the slices' gradients are put back together. `nInputDims` is Torch7's batch rule: a
/// non-negative `dimension` counts from the second dimension of inputs of rank `nInputDims + 1`.
public final class SplitTable<Scalar: TensorScalar>: TableModule {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true
    /// The dimension the input is split along (0-based; negative from the end).
    public let dimension: Int
    /// The rank of one sample, or nil: see the type's documentation.
    public let nInputDims: Int?

    /// Splits along `dimension`; `nInputDims` as in Torch7 (see the type).
    public init(_ dimension: Int, nInputDims: Int? = nil) {
        self.dimension = dimension
        self.nInputDims = nInputDims
    }

    private func resolved(_ x: Tensor<Scalar>) -> Int {
        batchRuleDimension(dimension, nInputDims: nInputDims, of: x, "nn.SplitTable")
    }

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        let x = input.tensor(for: "nn.SplitTable"), d = resolved(x)
        tableOutput = Activation((0..<x.shape[d]).map { x.selecting(index: $0, alongDimension: d) })
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        let x = input.tensor(for: "nn.SplitTable"), d = resolved(x)
        checkTableGradOutput(gradOutput)
        var result = Tensor<Scalar>.zeros(shape: x.shape)
        var sliceShape = x.shape
        sliceShape[d] = 1
        for (i, g) in gradOutput.tensors(for: "nn.SplitTable", "gradOutput").enumerated() {
            result.replaceNarrowed(alongDimension: d, start: i, with: g.reshaped(to: sliceShape))
        }
        tableGradInput = .tensor(result)
        return tableGradInput
    }

    public var description: String { "nn.SplitTable" }
}

// How a model file records this module (see ModuleRegistry).
extension SplitTable: SerializableModule {
    public static var kind: String { "SplitTable" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("dimension", .int(dimension))] + (nInputDims.map { [("nInputDims", .int($0))] } ?? []))
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> SplitTable {
        SplitTable(try r.int("dimension"), nInputDims: r.hyperParameters.contains { $0.name == "nInputDims" } ? try r.int("nInputDims") : nil)
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(SplitTable(0), input: [3, 4], note: "rows"),
         ModuleExample(SplitTable(0, nInputDims: 2), input: [2, 3, 4], note: "batch rule"),
         ModuleExample(SplitTable(-1), input: [2, 2, 3], note: "last dimension")]
    }
}
