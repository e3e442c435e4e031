/// A fully connected layer: `y = W x + b` for one sample, `Y = X Wᵀ + b` for a batch.
///
/// `weight` is `outputSize x inputSize` as in Torch7, and both weight and bias start uniform in
/// ±1/√inputSize (Torch7's default). Forward and backward are one GEMM each on the whole batch.
public final class Linear<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// Features in and out.
    public let inputSize: Int, outputSize: Int
    /// The weight matrix and its gradient (`outputSize x inputSize`).
    public let weightParameter: Parameter<Scalar>
    /// The bias vector and its gradient, or nil for `bias: false`.
    public let biasParameter: Parameter<Scalar>?
    private let parameterList: [Parameter<Scalar>]

    /// A layer from `inputSize` to `outputSize` features, initialised from `generator`.
    public init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true, generator: inout RandomGenerator) {
        wickPrecondition(inputSize > 0 && outputSize > 0, "nn.Linear: sizes must be positive, got \(inputSize) -> \(outputSize)")
        self.inputSize = inputSize
        self.outputSize = outputSize
        weightParameter = Parameter(name: "weight", shape: [outputSize, inputSize])
        biasParameter = bias ? Parameter(name: "bias", shape: [outputSize]) : nil
        parameterList = [weightParameter] + (biasParameter.map { [$0] } ?? [])
        reset(generator: &generator)
    }

    /// A layer from `inputSize` to `outputSize` features, initialised from the global generator.
    public convenience init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true) {
        var generator = withGlobalGenerator { RandomGenerator(seed: $0.next()) }
        self.init(inputSize, outputSize, bias: bias, generator: &generator)
    }

    /// The weight (`outputSize x inputSize`).
    public var weight: Tensor<Scalar> {
        get { weightParameter.value }
        set { weightParameter.value = newValue }
    }
    /// The accumulated weight gradient.
    public var gradWeight: Tensor<Scalar> {
        get { weightParameter.grad }
        set { weightParameter.grad = newValue }
    }
    /// The bias (`outputSize`), nil without bias.
    public var bias: Tensor<Scalar>? {
        get { biasParameter?.value }
        set { if let newValue { biasParameter?.value = newValue } }
    }
    /// The accumulated bias gradient, nil without bias.
    public var gradBias: Tensor<Scalar>? {
        get { biasParameter?.grad }
        set { if let newValue { biasParameter?.grad = newValue } }
    }

    public func parameters() -> [Parameter<Scalar>] { parameterList }

    /// Fresh weights and biases uniform in ±1/√inputSize, from `generator`.
    public func reset(generator: inout RandomGenerator) {
        let bound = 1 / Double(inputSize).squareRoot()
        for p in parameterList {
            for i in 0..<p.count { p.valuePointer[i] = Scalar(generator.uniform(-bound, bound)) }
        }
    }

    public func reset() {
        var generator = withGlobalGenerator { RandomGenerator(seed: $0.next()) }
        reset(generator: &generator)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let n = checkFeatures(input, inputSize)
        if input.rank == 1 { output.resize(count: outputSize) } else { output.resize(rows: n, columns: outputSize) }
        let w = weightParameter.valuePointer, b = biasParameter?.valuePointer
        let (inSize, outSize) = (inputSize, outputSize)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                let y = y.baseAddress!
                if let b {  // start from the bias in every row, then add X Wᵀ
                    runInHalves(count: n, minimumCount: rowsWorthSharing(outSize), CopyToRows(row: b, rows: y, columns: outSize))
                }
                gemm(x.baseAddress!, rows: n, columns: inSize, transposed: false,
                     w, rows: outSize, columns: inSize, transposed: true,
                     into: y, beta: b == nil ? 0 : 1)
            }
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        let n = checkFeatures(input, inputSize)
        checkGradOutput(gradOutput)
        gradInput.resize(like: input)
        let w = weightParameter.valuePointer
        let (inSize, outSize) = (inputSize, outputSize)
        gradOutput.withUnsafeBufferPointer { g in
            gradInput.withUnsafeMutableBufferPointer { dx in
                // dX = dY W
                gemm(g.baseAddress!, rows: n, columns: outSize, transposed: false,
                     w, rows: outSize, columns: inSize, transposed: false, into: dx.baseAddress!)
            }
        }
        return gradInput
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func accGradParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) {
        let n = checkFeatures(input, inputSize)
        checkGradOutput(gradOutput)
        let gw = weightParameter.gradPointer, gb = biasParameter?.gradPointer
        let (inSize, outSize) = (inputSize, outputSize)
        gradOutput.withUnsafeBufferPointer { g in
            input.withUnsafeBufferPointer { x in
                // dW += scale · dYᵀ X
                gemm(g.baseAddress!, rows: n, columns: outSize, transposed: true,
                     x.baseAddress!, rows: n, columns: inSize, transposed: false,
                     into: gw, alpha: scale, beta: 1)
            }
            if let gb {  // db += scale · column sums of dY
                let g = g.baseAddress!
                runInHalves(count: outSize, minimumCount: rowsWorthSharing(n),
                            AddColumnSums(rows: g, rowCount: n, columns: outSize, scale: scale, sums: gb))
            }
        }
    }

    public var description: String {
        "nn.Linear(\(inputSize) -> \(outputSize))" + (biasParameter == nil ? " without bias" : "")
    }
}

// How a model file records this module (see ModuleRegistry).
extension Linear: SerializableModule {
    public static var kind: String { "Linear" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [
            ("inputSize", .int(inputSize)), ("outputSize", .int(outputSize)), ("bias", .bool(bias != nil)),
        ], tensors: [("weight", weight)] + (bias.map { [("bias", $0)] } ?? []))
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Linear {
        let (i, o, hasBias) = (try r.int("inputSize"), try r.int("outputSize"), try r.bool("bias"))
        guard i > 0, o > 0 else { throw ModelFileError.corrupted("Linear has sizes \(i) -> \(o)") }
        // The stored tensors first: sizes the file does not back with data build nothing.
        let weight = try r.tensor("weight", shape: [o, i])
        let bias = hasBias ? try r.tensor("bias", shape: [o]) : nil
        var generator = RandomGenerator(seed: 0)  // overwritten below
        let m = Linear(i, o, bias: hasBias, generator: &generator)
        m.weight = weight
        if let bias { m.bias = bias }
        return m
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(Linear(4, 3), input: [5, 4], note: "batch"),
         ModuleExample(Linear(4, 3, bias: false), input: [4], note: "one sample, no bias")]
    }
}
