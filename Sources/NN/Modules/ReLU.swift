/// `y = max(0, x)`, element-wise (the gradient at 0 is taken as 0, as in Torch7).
public final class ReLU<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// A ReLU layer; it has no parameters.
    public init() {}

    /// Torch7's `nn.ReLU(true)`: the in-place flag is accepted and changes nothing. Wick computes the same result out of place (each module writes its own buffer; see Docs/Torch7.md).
    public convenience init(_ inPlace: Bool) { self.init() }

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

// How a model file records this module (see ModuleRegistry).
extension ReLU: PlainModule {
    public static var kind: String { "ReLU" }
    public static func examples() -> [ModuleExample<Scalar>] { elementwiseExamples { ReLU() } }
}
