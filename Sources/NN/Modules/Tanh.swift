/// `y = tanh(x)`, element-wise; `dy/dx = 1 − y² = sech² x`.
///
/// The gradient is computed from the input as `4e / (1 + e)²` with `e = e^(−2|x|)` (one
/// vectorised call for the batch), so it keeps its relative precision where `y` rounds to ±1:
/// at x = 20 it is 1.7e-17, where `1 − y²` would give 0.
public final class Tanh<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// A tanh layer; it has no parameters.
    public init() {}

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        output.assign(input) { Scalar.tanh($0) }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        gradInput.resize(like: input)
        input.withUnsafeBufferPointer { x in
            gradOutput.withUnsafeBufferPointer { g in
                gradInput.withUnsafeMutableBufferPointer { dx in
                    exponentialsOfMinusMagnitude(x, times: 2, into: dx)
                    for i in dx.indices { dx[i] = g[i] * 4 * dx[i] / ((1 + dx[i]) * (1 + dx[i])) }
                }
            }
        }
        return gradInput
    }

    public var description: String { "nn.Tanh" }
}

// How a model file records this module (see ModuleRegistry).
extension Tanh: PlainModule {
    public static var kind: String { "Tanh" }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { Tanh() } }
}
