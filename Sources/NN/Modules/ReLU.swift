/// `y = max(0, x)`, element-wise (the gradient at 0 is taken as 0, as in Torch7).
public final class ReLU<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// A ReLU layer; it has no parameters.
    public init() {}

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        output.resize(like: input)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                runInHalves(count: input.count, Rectify(x: x.baseAddress!, y: y.baseAddress!))
            }
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        wickPrecondition(input.shape == output.shape,
            "\(description): input \(formatShape(input.shape)) does not match the last forward's \(formatShape(output.shape))")
        gradInput.resize(like: input)
        input.withUnsafeBufferPointer { x in
            gradOutput.withUnsafeBufferPointer { g in
                gradInput.withUnsafeMutableBufferPointer { dx in
                    runInHalves(count: input.count, RectifyGradient(x: x.baseAddress!, g: g.baseAddress!, dx: dx.baseAddress!))
                }
            }
        }
        return gradInput
    }

    public var description: String { "nn.ReLU" }
}

/// `y = max(0, x)` over a range of elements: ReLU's forward loop, which the helper thread can
/// share (see `runInHalves`).
struct Rectify<Scalar: TensorScalar>: HalvableLoop {
    let x: UnsafePointer<Scalar>, y: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        for i in start..<end { y[i] = Swift.max(x[i], 0) }
    }
}

/// `dx = g` where `x > 0`, else 0, over a range of elements: ReLU's backward loop.
struct RectifyGradient<Scalar: TensorScalar>: HalvableLoop {
    let x: UnsafePointer<Scalar>, g: UnsafePointer<Scalar>, dx: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        // Both loads before the select: a load of g behind the comparison stops vectorisation.
        for i in start..<end {
            let gradient = g[i]
            dx[i] = x[i] > 0 ? gradient : 0
        }
    }
}

// How a model file records this module (see ModuleRegistry).
extension ReLU: PlainModule {
    public static var kind: String { "ReLU" }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { ReLU() } }
}
