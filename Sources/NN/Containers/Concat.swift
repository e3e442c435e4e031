/// Gives the same input to every child and joins their outputs along `dimension`
/// (Torch7's `nn.Concat`; dimensions are 0-based, and negative ones count from the end).
public final class Concat<Scalar: TensorScalar>: ModuleContainer {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The dimension the outputs are joined along; `-1` (the default) is the feature dimension of
    /// both single samples and batches.
    public let dimension: Int
    /// The children, in the order their outputs are joined.
    public private(set) var modules: [any Module<Scalar>]

    /// An empty container joining along `dimension`; fill it with ``add(_:)``.
    public init(dimension: Int = -1) {
        self.dimension = dimension
        modules = []
    }

    /// A container of the modules listed in the block, joining along `dimension`.
    public init(dimension: Int = -1, @ModuleBuilder<Scalar> _ build: () -> [any Module<Scalar>]) {
        self.dimension = dimension
        modules = build()
    }

    /// Appends a module given as an existential (e.g. one loaded from a file).
    public func append(_ module: any Module<Scalar>) { modules.append(module) }

    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        wickPrecondition(!modules.isEmpty, "nn.Concat: has no modules")
        output = Tensor.concatenated(modules.map { $0.updateOutput(input) }, alongDimension: resolved(modules[0].output))
        return output
    }

    private func resolved(_ t: Tensor<Scalar>) -> Int { t.resolvedDimension(dimension, "nn.Concat") }

    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        // (The one-line name, not the multi-line description, in messages.)
        wickPrecondition(gradOutput.shape == output.shape,
            "nn.Concat: gradOutput \(formatShape(gradOutput.shape)) does not match output \(formatShape(output.shape)) of the last forward pass")
        var total = Tensor<Scalar>.zeros(shape: input.shape)
        var offset = 0
        for m in modules {
            let d = resolved(m.output), width = m.output.shape[d]
            total += m.updateGradInput(input, gradOutput.narrowed(alongDimension: d, start: offset, length: width))
            offset += width
        }
        gradInput = total
        return gradInput
    }

    public func accGradParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) {
        var offset = 0
        for m in modules {
            let d = resolved(m.output), width = m.output.shape[d]
            m.accGradParameters(input, gradOutput.narrowed(alongDimension: d, start: offset, length: width), scale: scale)
            offset += width
        }
    }

    public var description: String { containerDescription("nn.Concat", modules) }
}

/// Torch7's branching layout for Concat and Parallel.
func containerDescription<Scalar>(_ name: String, _ modules: [any Module<Scalar>]) -> String {
    var lines = ["\(name) {", "  input"]
    for (i, m) in modules.enumerated() {
        let last = i == modules.count - 1
        lines.append("    |`-> (\(i + 1)): " + indentingNestedLines(m.description, by: last ? "         " : "    |    "))
    }
    lines.append("     ... -> output")
    lines.append("}")
    return lines.joined(separator: "\n")
}

// How a model file records this module (see ModuleRegistry).
extension Concat: SerializableModule {
    public static var kind: String { "Concat" }
    public func record() -> ModuleRecord<Scalar> { ModuleRecord(kind: Self.kind, hyperParameters: [("dimension", .int(dimension))]) }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Concat {
        let m = Concat(dimension: try r.int("dimension"))
        for c in r.children { m.append(c) }
        return m
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(Concat { Linear(4, 3); Identity() }, input: [5, 4], note: "features"),
         ModuleExample(Concat(dimension: 1) { Tanh(); Identity() }, input: [2, 3, 4, 5], note: "rank-4 batch along channels")]
    }
}
