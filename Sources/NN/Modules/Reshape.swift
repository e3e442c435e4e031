/// Views each sample as the given shape (Torch7's `nn.Reshape`): `Reshape(4, 4)` turns a 16-vector
/// into `4 x 4` and a batch `N x 16` (or `N x 4 x 2 x 2`) into `N x 4 x 4`.
///
/// Whether the input is a batch follows Torch7: with `batchMode` nil (the default) it is one
/// sample when it holds exactly the elements of one sample and its first dimension is not 1, and
/// a batch along its first dimension otherwise (so a batch of one stays a batch); `batchMode: true`
/// always takes the first dimension as the batch, `false` never does. ``View`` is the other
/// Torch7 spelling, with `-1` for an inferred size and ``View/setNumInputDims(_:)``.
///
/// The elements are copied into the module's own buffer (a memory copy, no allocation in steady
/// state) rather than shared: sharing would make the previous layer reallocate on every step.
public final class Reshape<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The shape of one sample.
    public let sampleShape: [Int]
    /// Whether the first dimension is the batch: always (`true`), never (`false`), or decided from
    /// the input (nil, Torch7's default; see ``Reshape``).
    public let batchMode: Bool?
    private let sampleCount: Int
    private var batchShape: [Int] = []  // cached so that a steady batch size allocates nothing

    /// A reshape of each sample to `shape`, e.g. `Reshape(4, 4)` or `Reshape(4, 4, batchMode: true)`.
    public convenience init(_ shape: Int..., batchMode: Bool? = nil) { self.init(shape: shape, batchMode: batchMode) }

    /// A reshape of each sample to `shape`; see ``Reshape`` for `batchMode`.
    public init(shape: [Int], batchMode: Bool? = nil) {
        wickPrecondition(!shape.isEmpty && shape.allSatisfy { $0 > 0 }, "nn.Reshape: sizes must be positive, got \(shape)")
        wickPrecondition(checkedElementCount(shape) != nil, "nn.Reshape: the sizes \(shape) overflow")
        sampleShape = shape
        self.batchMode = batchMode
        sampleCount = shape.reduce(1, *)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let oneSample = batchMode == false || (batchMode == nil && input.count == sampleCount && input.shape.first != 1)
        if oneSample {
            wickPrecondition(input.count == sampleCount,
                "\(description): cannot view \(formatShape(input.shape)) as \(formatShape(sampleShape))")
            output.assign(input)
            output.resize(shape: sampleShape)
        } else {
            let n = input.shape.first ?? 0
            wickPrecondition(input.rank >= 1 && n > 0 && input.count == n * sampleCount,
                "\(description): cannot view \(formatShape(input.shape)) as \(batchMode == true ? "" : formatShape(sampleShape) + " or ")Nx\(formatShape(sampleShape))")
            if batchShape.first != n { batchShape = [n] + sampleShape }
            output.assign(input)
            output.resize(shape: batchShape)
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        reshapedGradient(input, gradOutput)
    }

    public var description: String { "nn.Reshape(\(formatShape(sampleShape)))" }
}

extension Module {
    /// The input gradient of a module that only changes the shape (``Reshape``, ``View``):
    /// `gradOutput`'s elements in the input's shape, copied into ``gradInput``'s own buffer.
    @inlinable
    func reshapedGradient(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        checkGradOutput(gradOutput)
        gradInput.assign(gradOutput)
        gradInput.resize(like: input)
        return gradInput
    }
}

// How a model file records this module (see ModuleRegistry).
extension Reshape: SerializableModule {
    public static var kind: String { "Reshape" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("shape", .ints(sampleShape))] + (batchMode.map { [("batchMode", .bool($0))] } ?? []))
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> Reshape {
        let shape = try r.ints("shape")
        guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }), checkedElementCount(shape) != nil else {
            throw ModelFileError.corrupted("Reshape has shape \(shape)")
        }
        return Reshape(shape: shape, batchMode: r.has("batchMode") ? try r.bool("batchMode") : nil)
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(Reshape(2, 2), input: [5, 4], note: "batch"),
         ModuleExample(Reshape(6), input: [2, 3, 2, 1], note: "rank-4 batch flattened"),
         ModuleExample(Reshape(2, 2, batchMode: true), input: [1, 4], note: "batch of one"),
         ModuleExample(Reshape(3, 2, batchMode: false), input: [2, 3], note: "one sample")]
    }
}
