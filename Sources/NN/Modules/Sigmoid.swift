/// `y = 1 / (1 + e⁻ˣ)`, element-wise; `dy/dx = y (1 − y)`.
///
/// Both are computed from `e = e^(−|x|)`, which never overflows: `y = 1 / (1 + e)` for `x ≥ 0`
/// and `e / (1 + e)` below, `dy/dx = e / (1 + e)²`. Outputs and gradients in the tails keep
/// their relative precision down to the subnormals (σ(−710) is 4.5e-309, and the gradient at
/// x = 40 is e⁻⁴⁰, where `y (1 − y)` would give 0). The exponentials of a whole batch are one
/// vectorised call.
public final class Sigmoid<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// A sigmoid layer; it has no parameters.
    public init() {}

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        output.resize(like: input)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                exponentialsOfMinusMagnitude(x, times: 1, into: y)
                for i in y.indices { y[i] = (x[i] >= 0 ? 1 : y[i]) / (1 + y[i]) }
            }
        }
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
                    exponentialsOfMinusMagnitude(x, times: 1, into: dx)
                    for i in dx.indices { dx[i] = g[i] * dx[i] / ((1 + dx[i]) * (1 + dx[i])) }
                }
            }
        }
        return gradInput
    }

    public var description: String { "nn.Sigmoid" }
}

/// `y[i] = e^(−c·|x[i]|)` (`c` is `times`), in one vectorised call: the saturating functions'
/// (`Sigmoid`, `Tanh`) way to their tails without overflow.
@inlinable
func exponentialsOfMinusMagnitude<Scalar: TensorScalar>(_ x: UnsafeBufferPointer<Scalar>, times c: Scalar, into y: UnsafeMutableBufferPointer<Scalar>) {
    guard let yBase = y.baseAddress else { return }
    for i in x.indices { y[i] = -c * Swift.abs(x[i]) }
    Scalar.kernelExp(yBase, into: yBase, count: x.count)
}

// How a model file records this module (see ModuleRegistry).
extension Sigmoid: PlainModule {
    public static var kind: String { "Sigmoid" }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { Sigmoid() } }
}
