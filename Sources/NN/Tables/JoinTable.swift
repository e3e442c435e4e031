/// Joins a table of tensors along `dimension` (Torch7's `nn.JoinTable`, with a 0-based
/// dimension; negative ones count from the end, so `-1` is the feature dimension of samples and
/// batches alike).
///
/// Input: a table of tensors of one rank that agree outside `dimension`; output: their
/// concatenation. Backward, entry `i`'s gradient is its slice of `gradOutput`. With
/// `nInputDims` (Torch7's batch rule) a non-negative `dimension` counts from the second
/// dimension of inputs of rank `nInputDims + 1`.
public final class JoinTable<Scalar: TensorScalar>: TableModule {
    public var tableOutput: Activation<Scalar> = .tensor(Tensor())
    public var tableGradInput: Activation<Scalar> = .tensor(Tensor())
    public var isTraining = true
    /// The dimension the entries are joined along (0-based; negative from the end).
    public let dimension: Int
    /// The rank of one sample's entries, or nil: see the type's documentation.
    public let nInputDims: Int?

    /// Joins along `dimension`; `nInputDims` as in Torch7 (see the type).
    public init(_ dimension: Int, nInputDims: Int? = nil) {
        self.dimension = dimension
        self.nInputDims = nInputDims
    }

    /// The 0-based dimension for entries like `first`.
    private func resolved(_ first: Tensor<Scalar>) -> Int {
        batchRuleDimension(dimension, nInputDims: nInputDims, of: first, "nn.JoinTable")
    }

    private func entries(_ input: Activation<Scalar>) -> (xs: [Tensor<Scalar>], d: Int) {
        let xs = input.tensors(for: "nn.JoinTable")
        wickPrecondition(!xs.isEmpty, "nn.JoinTable: expected a table of tensors, got an empty table")
        let d = resolved(xs[0])
        for x in xs {
            var a = x.shape, b = xs[0].shape
            if a.count == b.count { a[d] = 0; b[d] = 0 }
            wickPrecondition(a == b, "nn.JoinTable: entries \(input.shapeDescription) do not agree outside dimension \(d)")
        }
        return (xs, d)
    }

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        let (xs, d) = entries(input)
        tableOutput = .tensor(Tensor())
        tableOutput = .tensor(Tensor.concatenated(xs, alongDimension: d))
        return tableOutput
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        let (xs, d) = entries(input), g = tensorGradOutput(gradOutput)
        var offset = 0
        tableGradInput = Activation(xs.map { x in
            defer { offset += x.shape[d] }
            return g.narrowed(alongDimension: d, start: offset, length: x.shape[d])
        })
        return tableGradInput
    }

    public var description: String { "nn.JoinTable" }
}

// How a model file records this module (see ModuleRegistry).
extension JoinTable: SerializableModule {
    public static var kind: String { "JoinTable" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("dimension", .int(dimension))] + (nInputDims.map { [("nInputDims", .int($0))] } ?? []))
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> JoinTable {
        JoinTable(try r.int("dimension"), nInputDims: r.hyperParameters.contains { $0.name == "nInputDims" } ? try r.int("nInputDims") : nil)
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(JoinTable(-1), table: [[5, 2], [5, 3]], note: "features of a batch"),
         ModuleExample(JoinTable(0, nInputDims: 3), table: [[2, 1, 2, 2], [2, 3, 2, 2]], note: "channels of a rank-4 batch"),
         ModuleExample(JoinTable(0), table: [[2, 3], [1, 3]], note: "rows")]
    }
}
