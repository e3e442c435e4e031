/// Views its input with new sizes (Torch7's `nn.View`): `View(16)` turns a `4 x 4` sample into a
/// 16-vector and a batch `N x 4 x 4` into `N x 16`; one size may be `-1`, inferred from the input.
///
/// With `s` the product of the given sizes (the `-1` left out), Torch7's rule for finding the batch:
/// - Without ``setNumInputDims(_:)``, the input is one sample when it holds `s` elements, or any
///   number of elements when a size is `-1`; otherwise its elements are `N` samples of `s`, and the
///   output is `N x sizes`. So `View(-1)` flattens everything, the batch too.
/// - With `setNumInputDims(d)`, the last `d` dimensions of the input make one sample and any
///   dimensions before them are the batch (multiplied together): `View(-1).setNumInputDims(3)`
///   turns `N x C x H x W` into `N x (C·H·W)` and a `C x H x W` sample into a `C·H·W` vector.
///
/// ``Reshape`` is the other Torch7 spelling (fixed sizes, a batch-mode flag). The elements are
/// copied into the module's own buffer, as in ``Reshape``.
public final class View<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true
    /// The sizes of one sample; at most one is `-1`.
    public let sizes: [Int]
    /// How many trailing dimensions of the input make one sample (nil: decided from the element
    /// count, see ``View``).
    public private(set) var numInputDims: Int?
    private let knownCount: Int  // the product of the sizes other than -1
    private var lastInputShape: [Int] = [], lastOutputShape: [Int] = []  // steady shapes allocate nothing

    /// A view with `sizes`, e.g. `View(16)`, `View(-1, 16)`.
    public convenience init(_ sizes: Int...) { self.init(sizes: sizes) }

    /// A view with `sizes`; at most one of them may be `-1`.
    public init(sizes: [Int]) {
        wickPrecondition(!sizes.isEmpty && sizes.allSatisfy { $0 > 0 || $0 == -1 } && sizes.filter { $0 == -1 }.count <= 1,
            "nn.View: sizes must be positive, with at most one -1, got \(sizes)")
        let known = checkedElementCount(sizes.filter { $0 != -1 })
        wickPrecondition(known != nil, "nn.View: the sizes \(sizes) overflow")
        self.sizes = sizes
        knownCount = known!
    }

    /// Takes the last `count` dimensions of an input as one sample and any before them as the
    /// batch (Torch7's `setNumInputDims`); returns the module, for chaining.
    @discardableResult
    public func setNumInputDims(_ count: Int) -> View {
        wickPrecondition(count >= 1, "\(description): setNumInputDims needs at least 1 dimension, got \(count)")
        numInputDims = count
        lastInputShape = []
        return self
    }

    /// The output shape for an input of shape `shape` (Torch7's `View` batch rule).
    private func outputShape(for shape: [Int], count: Int) -> [Int] {
        let rank = shape.count
        let sampleRank = numInputDims ?? rank
        wickPrecondition(sampleRank <= rank,
            "\(description): expected at least \(sampleRank) dimensions (setNumInputDims(\(sampleRank))), got \(formatShape(shape))")
        let sampleElements = shape.suffix(sampleRank).reduce(1, *)
        wickPrecondition(sampleElements % knownCount == 0,
            "\(description): cannot view \(formatShape(shape)) as \(sizesText)")
        var batch = sizes.contains(-1) ? 1 : sampleElements / knownCount
        for d in shape.prefix(rank - sampleRank) { batch *= d }
        let batched = !(batch == 1 && (numInputDims == nil || rank <= numInputDims!))
        var result = batched ? [batch] + sizes : sizes
        if let free = result.firstIndex(of: -1) {
            let known = knownCount * (batched ? batch : 1)
            wickPrecondition(known > 0 && count % known == 0, "\(description): cannot view \(formatShape(shape)) as \(sizesText)")
            result[free] = count / known
        }
        wickPrecondition(result.reduce(1, *) == count,
            "\(description): cannot view \(formatShape(shape)) as \(batched ? "Nx" : "")\(sizesText)")
        return result
    }

    private var sizesText: String { sizes.map(String.init).joined(separator: "x") }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        if input.shape != lastInputShape {
            lastOutputShape = outputShape(for: input.shape, count: input.count)
            lastInputShape = input.shape
        }
        output.assign(input)
        output.resize(shape: lastOutputShape)
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        reshapedGradient(input, gradOutput)
    }

    public var description: String { "nn.View(\(sizes.map(String.init).joined(separator: ", ")))" }
}

// How a model file records this module (see ModuleRegistry).
extension View: SerializableModule {
    public static var kind: String { "View" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [("sizes", .ints(sizes))] + (numInputDims.map { [("numInputDims", .int($0))] } ?? []))
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> View {
        let sizes = try r.ints("sizes")
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 || $0 == -1 }), sizes.filter({ $0 == -1 }).count <= 1,
              checkedElementCount(sizes.filter { $0 != -1 }) != nil else {
            throw ModelFileError.corrupted("View has sizes \(sizes)")
        }
        let view = View(sizes: sizes)
        if r.has("numInputDims") {
            let d = try r.int("numInputDims")
            guard d >= 1, d <= 64 else { throw ModelFileError.corrupted("View has numInputDims \(d)") }
            view.setNumInputDims(d)
        }
        return view
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(View(4), input: [5, 2, 2], note: "batch"),
         ModuleExample(View(-1, 2), input: [5, 4], note: "inferred size"),
         ModuleExample(View(-1).setNumInputDims(3), input: [2, 3, 2, 2], note: "rank-4 batch flattened"),
         ModuleExample(View(-1).setNumInputDims(3), input: [3, 2, 2], note: "one image flattened")]
    }
}
