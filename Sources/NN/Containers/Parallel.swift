/// Gives child `i` the `i`-th slice of the input along `inputDimension` (that dimension removed)
/// and joins the outputs along `outputDimension` (Torch7's `nn.Parallel`, with 0-based dimensions).
public final class Parallel<Scalar: TensorScalar>: ModuleContainer {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The dimension the input is sliced along and the one the outputs are joined along (0-based;
    /// negative ones count from the end).
    public let inputDimension: Int, outputDimension: Int
    /// The children, in order: child `i` gets slice `i` of the input.
    public private(set) var modules: [any Module<Scalar>]
    private var slices: [Tensor<Scalar>] = []

    /// An empty container slicing along `inputDimension` and joining along `outputDimension`; fill
    /// it with ``add(_:)``.
    public init(inputDimension: Int, outputDimension: Int) {
        self.inputDimension = inputDimension
        self.outputDimension = outputDimension
        modules = []
    }

    /// Appends a module given as an existential (e.g. one loaded from a file).
    public func append(_ module: any Module<Scalar>) { modules.append(module) }

    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        wickPrecondition(!modules.isEmpty, "nn.Parallel: has no modules")
        let d = input.resolvedDimension(inputDimension, "nn.Parallel")
        wickPrecondition(input.shape[d] == modules.count,
            "nn.Parallel: input \(formatShape(input.shape)) has \(input.shape[d]) slices along dimension \(d) for \(modules.count) modules")
        slices = modules.indices.map { input.selecting(index: $0, alongDimension: d) }
        let outputs = zip(modules, slices).map { $0.updateOutput($1) }
        output = Tensor.concatenated(outputs, alongDimension: outputs[0].resolvedDimension(outputDimension, "nn.Parallel"))
        return output
    }

    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        // (The one-line name, not the multi-line description, in messages.)
        wickPrecondition(gradOutput.shape == output.shape,
            "nn.Parallel: gradOutput \(formatShape(gradOutput.shape)) does not match output \(formatShape(output.shape)) of the last forward pass")
        let d = input.resolvedDimension(inputDimension, "nn.Parallel")
        var result = Tensor<Scalar>.zeros(shape: input.shape)
        var offset = 0
        for (i, m) in modules.enumerated() {
            let od = m.output.resolvedDimension(outputDimension, "nn.Parallel"), width = m.output.shape[od]
            let g = m.updateGradInput(slices[i], gradOutput.narrowed(alongDimension: od, start: offset, length: width))
            var shape = g.shape
            shape.insert(1, at: d)
            result.replaceNarrowed(alongDimension: d, start: i, with: g.reshaped(to: shape))
            offset += width
        }
        gradInput = result
        return gradInput
    }

    public func accGradParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) {
        var offset = 0
        for (i, m) in modules.enumerated() {
            let od = m.output.resolvedDimension(outputDimension, "nn.Parallel"), width = m.output.shape[od]
            m.accGradParameters(slices[i], gradOutput.narrowed(alongDimension: od, start: offset, length: width), scale: scale)
            offset += width
        }
    }

    public func clearState() {
        output = Tensor(); gradInput = Tensor(); slices = []
        for m in modules { m.clearState() }
    }

    public var description: String { containerDescription("nn.Parallel", modules) }
}

// How a model file records this module (see ModuleRegistry).
extension Parallel: SerializableModule {
    public static var kind: String { "Parallel" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("inputDimension", .int(inputDimension)), ("outputDimension", .int(outputDimension))])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Parallel {
        let m = Parallel(inputDimension: try r.int("inputDimension"), outputDimension: try r.int("outputDimension"))
        for c in r.children { m.append(c) }
        return m
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(Parallel(inputDimension: 0, outputDimension: 0).add(Linear(4, 2)).add(Tanh()), input: [2, 4]),
         ModuleExample(Parallel(inputDimension: 1, outputDimension: 1).add(Sigmoid()).add(Tanh()), input: [2, 2, 3, 4], note: "rank-4 input")]
    }
}
