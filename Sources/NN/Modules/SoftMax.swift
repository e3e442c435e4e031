/// `yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)` over the last dimension (each sample of a batch separately).
///
/// The row maximum is subtracted before exponentiating, so logits of any size stay finite.
public final class SoftMax<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// A soft-max layer; it has no parameters.
    public init() {}

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        checkSampleOrBatch(input)
        output.assignSoftMax(of: input)
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
                        // dxᵢ = yᵢ (gᵢ − Σⱼ gⱼ yⱼ)
                        var dotGY: Scalar = 0
                        for j in 0..<columns { dotGY += g[j] * y[j] }
                        for j in 0..<columns { dx[j] = y[j] * (g[j] - dotGY) }
                    }
                }
            }
        }
        return gradInput
    }

    public var description: String { "nn.SoftMax" }
}

/// Calls `body` with the offset of each row of `columns` scalars in a buffer of `count`.
@inlinable
func forEachRow(count: Int, columns: Int, _ body: (Int) -> Void) {
    guard columns > 0 else { return }
    for start in stride(from: 0, to: count, by: columns) { body(start) }
}

// How a model file records this module (see ModuleRegistry).
extension SoftMax: PlainModule {
    public static var kind: String { "SoftMax" }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(SoftMax(), input: [4], note: "one sample"), ModuleExample(SoftMax(), input: [5, 4], note: "batch")]
    }
}
