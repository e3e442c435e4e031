/// `yᵢ = xᵢ − log Σⱼ e^(xⱼ)` over the last dimension: log-probabilities for `ClassNLLCriterion`.
public final class LogSoftMax<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// A log-soft-max layer; it has no parameters.
    public init() {}

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        checkSampleOrBatch(input)
        output.assignLogSoftMax(of: input)
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        gradInput.resize(like: input)
        let columns = input.shape[input.rank - 1]
        output.withUnsafeBufferPointer { y in
            gradOutput.withUnsafeBufferPointer { g in
                gradInput.withUnsafeMutableBufferPointer { dx in
                    forEachRow(count: y.count, columns: columns) { start in
                        let y = y.baseAddress! + start, g = g.baseAddress! + start, dx = dx.baseAddress! + start
                        // dxᵢ = gᵢ − e^(yᵢ) Σⱼ gⱼ
                        var total: Scalar = 0
                        for j in 0..<columns { total += g[j] }
                        for j in 0..<columns { dx[j] = g[j] - Scalar.exp(y[j]) * total }
                    }
                }
            }
        }
        return gradInput
    }

    public var description: String { "nn.LogSoftMax" }
}

// How a model file records this module (see ModuleRegistry).
extension LogSoftMax: PlainModule {
    public static var kind: String { "LogSoftMax" }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(LogSoftMax(), input: [4], note: "one sample"), ModuleExample(LogSoftMax(), input: [5, 4], note: "batch")]
    }
}
