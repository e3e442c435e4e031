/// Views each sample as the given shape (`nn.Reshape` / `nn.View`): `Reshape(4, 4)` turns a
/// 16-vector into 4x4 and a batch `N x 16` into `N x 4 x 4`.
///
/// The elements are copied into the module's own buffer (a memory copy, no allocation in steady
/// state) rather than shared: sharing would make the previous layer reallocate on every step.
public final class Reshape<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The shape of one sample.
    public let sampleShape: [Int]
    private let sampleCount: Int
    private var batchShape: [Int] = []  // cached so that a steady batch size allocates nothing

    /// A reshape of each sample to `shape`, e.g. `Reshape(4, 4)`.
    public convenience init(_ shape: Int...) { self.init(shape: shape) }

    /// A reshape of each sample to `shape`.
    public init(shape: [Int]) {
        wickPrecondition(!shape.isEmpty && shape.allSatisfy { $0 > 0 }, "nn.Reshape: sizes must be positive, got \(shape)")
        sampleShape = shape
        sampleCount = shape.reduce(1, *)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        if input.count == sampleCount && input.shape.first != 1 {
            output.assign(input)
            output.resize(shape: sampleShape)
        } else {
            let n = input.shape.first ?? 0
            wickPrecondition(input.rank >= 1 && n > 0 && input.count == n * sampleCount,
                "\(description): cannot view \(formatShape(input.shape)) as \(formatShape(sampleShape)) or Nx\(formatShape(sampleShape))")
            if batchShape.first != n { batchShape = [n] + sampleShape }
            output.assign(input)
            output.resize(shape: batchShape)
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        gradInput.assign(gradOutput)
        gradInput.resize(like: input)
        return gradInput
    }

    public var description: String { "nn.Reshape(\(formatShape(sampleShape)))" }
}

/// Torch7's `nn.View`: the same as ``Reshape`` in Wick, since tensors are values.
public typealias View = Reshape
