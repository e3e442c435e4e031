/// A 2-D convolution over images (`nn.SpatialConvolution`): output plane `o` of an image is
///
///     y[o] = b[o] + Σ_c W[o][c] ⋆ x[c]
///
/// where `⋆` slides the `kH x kW` kernel over the input padded with `padH` rows and `padW`
/// columns of zeros on each side, `dH` rows and `dW` columns at a time. The output of an
/// `nInputPlane x H x W` image is `nOutputPlane x oH x oW` with
/// `oH = (H + 2·padH − kH) / dH + 1` and `oW = (W + 2·padW − kW) / dW + 1` (rounded down).
///
/// It takes one image `nInputPlane x H x W` or a batch `N x nInputPlane x H x W`. `weight` is
/// `nOutputPlane x nInputPlane x kH x kW` and `bias` `nOutputPlane`, both initialised uniform in
/// ±1/√(kW·kH·nInputPlane) (Torch7's default). As in Torch7 (THNN's `SpatialConvolutionMM`),
/// each image is unfolded into the matrix of its windows, `(nInputPlane·kH·kW) x (oH·oW)`, and
/// the output is one GEMM, `W · unfolded`; the backward pass is `Wᵀ · dY` folded back onto the
/// image (at stride 1, the same product taken as a convolution of `dY` with the flipped kernel,
/// which unfolds `dY` instead of folding) and `dW += dY · unfoldedᵀ` (the image unfolded again,
/// where it stays in cache). A 3x3 kernel at stride 1 with padding 1 (and 16 or more planes in
/// and out) computes its output and its input gradient by Winograd's F(2x2, 3x3) instead (Lavin
/// and Gray, 2016): the same sums with 2.25 times fewer multiplications, rounded differently. The
/// layer's buffers are reused, so a training step after the first allocates nothing. The batch's
/// images are shared between the calling thread and Wick's helper thread (with OpenBLAS held to
/// one thread when their products are large, see Docs/Design.md).
public final class SpatialConvolution<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// Planes (channels) in and out.
    public let nInputPlane: Int, nOutputPlane: Int
    /// Kernel width and height.
    public let kW: Int, kH: Int
    /// Steps between windows, along the width and the height.
    public let dW: Int, dH: Int
    /// Zeros added on the left and right (`padW`) and on the top and bottom (`padH`).
    public let padW: Int, padH: Int
    /// The weight and its gradient (`nOutputPlane x nInputPlane x kH x kW`).
    public let weightParameter: Parameter<Scalar>
    /// The bias and its gradient (`nOutputPlane`), or nil for `bias: false`.
    public let biasParameter: Parameter<Scalar>?
    private let parameterList: [Parameter<Scalar>]

    // Reused buffers: one unfolded image (or its gradient) per thread, and the parameter gradients
    // of each block of images.
    private let columns = ScratchBuffer<Scalar>(), gradientBlocks = ScratchBuffer<Scalar>()
    // The weight transposed, `(nInputPlane·kH·kW) x nOutputPlane`, which the forward products read.
    private let transposedWeight = ScratchBuffer<Scalar>()
    // The kernel flipped in both directions with its planes swapped, `nInputPlane x (nOutputPlane·kH·kW)`,
    // which the input gradient's products read at stride 1.
    private let flippedWeight = ScratchBuffer<Scalar>()
    // Winograd's transformed kernels (16 matrices) and the two threads' scratch.
    private let winogradKernelBuffer = ScratchBuffer<Scalar>(), winogradScratch = ScratchBuffer<Scalar>()
    @exclusivity(unchecked) private var outputShape = CachedShape()

    /// A convolution from `nInputPlane` to `nOutputPlane` planes with a `kW x kH` kernel, moved by
    /// `dW` columns and `dH` rows, over the input padded by `padW` columns and `padH` rows
    /// (`padH` defaults to `padW`, as in Torch7), initialised from `generator`.
    ///
    /// Stops unless the sizes are positive and the padding is not negative.
    public init(_ nInputPlane: Int, _ nOutputPlane: Int, _ kW: Int, _ kH: Int, _ dW: Int = 1, _ dH: Int = 1,
                _ padW: Int = 0, _ padH: Int? = nil, bias: Bool = true, generator: inout RandomGenerator) {
        let padH = padH ?? padW
        wickPrecondition(nInputPlane > 0 && nOutputPlane > 0 && kW > 0 && kH > 0 && dW > 0 && dH > 0 && padW >= 0 && padH >= 0,
            "nn.SpatialConvolution: planes, kernel and stride must be positive and padding not negative, got \(nInputPlane) -> \(nOutputPlane), \(kW)x\(kH), \(dW),\(dH), \(padW),\(padH)")
        (self.nInputPlane, self.nOutputPlane, self.kW, self.kH) = (nInputPlane, nOutputPlane, kW, kH)
        (self.dW, self.dH, self.padW, self.padH) = (dW, dH, padW, padH)
        weightParameter = Parameter(name: "weight", shape: [nOutputPlane, nInputPlane, kH, kW])
        biasParameter = bias ? Parameter(name: "bias", shape: [nOutputPlane]) : nil
        parameterList = [weightParameter] + (biasParameter.map { [$0] } ?? [])
        reset(generator: &generator)
    }

    /// A convolution initialised from the global generator (see
    /// ``init(_:_:_:_:_:_:_:_:bias:generator:)``).
    public convenience init(_ nInputPlane: Int, _ nOutputPlane: Int, _ kW: Int, _ kH: Int, _ dW: Int = 1, _ dH: Int = 1,
                            _ padW: Int = 0, _ padH: Int? = nil, bias: Bool = true) {
        var generator = withGlobalGenerator { RandomGenerator(seed: $0.next()) }
        self.init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH, bias: bias, generator: &generator)
    }

    /// The weight (`nOutputPlane x nInputPlane x kH x kW`).
    public var weight: Tensor<Scalar> {
        get { weightParameter.value }
        set { weightParameter.value = newValue }
    }
    /// The accumulated weight gradient.
    public var gradWeight: Tensor<Scalar> {
        get { weightParameter.grad }
        set { weightParameter.grad = newValue }
    }
    /// The bias (`nOutputPlane`), nil without bias.
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

    /// Fresh weights and biases uniform in ±1/√(kW·kH·nInputPlane), from `generator`.
    public func reset(generator: inout RandomGenerator) {
        let bound = 1 / Double(kW * kH * nInputPlane).squareRoot()
        for p in parameterList {
            for i in 0..<p.count { p.valuePointer[i] = Scalar(generator.uniform(-bound, bound)) }
        }
    }

    public func reset() {
        var generator = withGlobalGenerator { RandomGenerator(seed: $0.next()) }
        reset(generator: &generator)
    }

    /// The geometry of the windows over `input` and the number of images, after checking it.
    private func windows(_ input: Tensor<Scalar>) -> (SpatialWindows, count: Int) {
        let (n, c, h, w) = checkImages(input, planes: nInputPlane, minimumHeight: Swift.max(kH - 2 * padH, 1),
                                       minimumWidth: Swift.max(kW - 2 * padW, 1))
        let windows = SpatialWindows(planes: c, inputHeight: h, inputWidth: w, kernelHeight: kH, kernelWidth: kW,
                                     strideHeight: dH, strideWidth: dW, padHeight: padH, padWidth: padW,
                                     outputHeight: (h + 2 * padH - kH) / dH + 1, outputWidth: (w + 2 * padW - kW) / dW + 1)
        return (windows, n)
    }

    /// The scratch of each of the two threads that can share a batch: one group's unfolded images
    /// and output planes, and one padded plane (with 8 scalars of room, see `unfold`); room too for
    /// the unfolded output gradients and input gradient planes of the input gradient's windows `t`
    /// when given.
    private func unfoldBuffers(_ g: SpatialWindows, inputGradient t: SpatialWindows? = nil) -> UnfoldBuffers<Scalar> {
        let group = imagesSideBySide(g), positions = group * g.outputPlaneSize
        var size = g.unfoldsToItself ? 0 : g.unfoldedRows * positions, plane = g.paddedPlaneSize + 8
        var staging = group == 1 ? 0 : nOutputPlane * positions
        if let t {
            size = Swift.max(size, t.unfoldedRows * group * t.outputPlaneSize)
            plane = Swift.max(plane, t.paddedPlaneSize + 8)
            if group > 1 { staging = Swift.max(staging, nInputPlane * group * t.outputPlaneSize) }
        }
        let start = columns.pointer(count: 2 * (size + plane + staging))
        let planes = start + 2 * size, outputs = planes + 2 * plane
        return UnfoldBuffers(group: group, columns: (start, start + size), planes: (planes, planes + plane),
                             outputs: (outputs, outputs + staging))
    }

    /// Runs `loop` over the batch's `n` images, in groups of `group`, shared with the helper thread
    /// from 16 images. Images whose products OpenBLAS would run on its own
    /// threads are shared with OpenBLAS held to one thread (see
    /// ``runInHalves(count:minimumCount:callsLargeProducts:_:)``).
    private func runOverImages<Loop: HalvableLoop>(_ n: Int, _ g: SpatialWindows, group: Int, _ loop: Loop) {
        let products = nOutputPlane * g.unfoldedRows * group * g.outputPlaneSize  // one group's
        let large = products > GEMMDispatch.thresholds.openBLASSingleThreadMaximum
        runInHalves(count: n, minimumCount: 2 * imagesPerCutStep, callsLargeProducts: large, loop)
    }

    /// Runs a convolution of the batch's `n` images by Winograd's F(2x2, 3x3), shared like the
    /// unfolded one: `destination` gets `bias` plus `source` convolved with the weight, or, for
    /// the input gradient, the output gradient convolved with the flipped weight.
    private func runWinograd(_ n: Int, _ g: SpatialWindows, _ source: UnsafePointer<Scalar>, into destination: UnsafeMutablePointer<Scalar>,
                             forInputGradient: Bool, bias: UnsafePointer<Scalar>?) {
        let (inputs, outputs) = forInputGradient ? (nOutputPlane, nInputPlane) : (nInputPlane, nOutputPlane)
        let tiles = WinogradTiles(inputs: inputs, outputs: outputs, height: g.inputHeight, width: g.inputWidth)
        let kernels = winogradKernelBuffer.pointer(count: 16 * inputs * outputs)
        winogradKernels(weightParameter.valuePointer, outputs: nOutputPlane, inputs: nInputPlane, into: kernels,
                        forInputGradient: forInputGradient)
        runOverImages(n, g, group: tiles.group, WinogradLoop(
            source: source, destination: destination, tiles: tiles, kernels: kernels, bias: bias,
            scratch: winogradScratch.pointer(count: 2 * tiles.scratchSize)))
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let (g, n) = windows(input)
        output.resize(shape: outputShape.output(for: input.shape) {
            imageShape(batched: input.rank == 4, n, nOutputPlane, g.outputHeight, g.outputWidth)
        })
        if WinogradTiles.applies(g, outputPlanes: nOutputPlane) {  // Y = b + W ⋆ X by F(2x2, 3x3)
            input.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    runWinograd(n, g, x.baseAddress!, into: y.baseAddress!, forInputGradient: false, bias: biasParameter?.valuePointer)
                }
            }
            return output
        }
        // Y = b + W · unfold(X), image by image
        var w = UnsafePointer(weightParameter.valuePointer)
        let b = biasParameter?.valuePointer
        let weightIsTransposed = readsTransposedWeight(nOutputPlane, g)
        if weightIsTransposed {
            let t = transposedWeight.pointer(count: weightParameter.count)
            transpose(weightParameter.valuePointer, rows: nOutputPlane, columns: g.unfoldedRows, into: t)
            w = UnsafePointer(t)
        }
        let buffers = unfoldBuffers(g)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                runOverImages(n, g, group: buffers.group, ConvolutionForward(
                    windows: g, outputPlanes: nOutputPlane, input: x.baseAddress!, weight: w,
                    weightIsTransposed: weightIsTransposed, bias: b, output: y.baseAddress!, buffers: buffers))
            }
        }
        return output
    }

    /// The backward pass over the batch: the input gradient into ``gradInput`` when `inputGradient`,
    /// and `scale` times the parameter gradients added into their buffers when `parameterGradients`.
    private func backward(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar,
                          inputGradient: Bool, parameterGradients: Bool) {
        let (g, n) = windows(input)
        checkGradOutput(gradOutput)
        let rows = g.unfoldedRows
        // Two blocks of images, cut where a shared loop is cut (one when the batch is too small to share).
        let middle = halvesMiddle(n), blocks = middle > 0 ? 2 : 1
        let blockSize = nOutputPlane * rows + (biasParameter == nil ? 0 : nOutputPlane)
        // Every block's first group writes its sums, the others add to them: no zeroing.
        let sums = parameterGradients ? gradientBlocks.pointer(count: blocks * blockSize) : nil
        let biasSums = biasParameter == nil ? nil : sums.map { $0 + blocks * nOutputPlane * rows }
        // dX by F(2x2, 3x3): dY convolved with the flipped kernel, in a loop of its own.
        let winograd = inputGradient && WinogradTiles.applies(g, outputPlanes: nOutputPlane)
        if winograd {
            gradInput.resize(like: input)
            gradOutput.withUnsafeBufferPointer { dy in
                gradInput.withUnsafeMutableBufferPointer { dx in
                    runWinograd(n, g, dy.baseAddress!, into: dx.baseAddress!, forInputGradient: true, bias: nil)
                }
            }
            if !parameterGradients { return }
        }
        // Otherwise at stride 1, dX is the convolution of dY with the flipped kernel, whose weight this builds.
        let t = inputGradient && !winograd ? g.inputGradientWindows(outputPlanes: nOutputPlane) : nil
        let flippedIsTransposed = t.map { readsTransposedWeight(nInputPlane, $0) } ?? false
        let flipped = t.map { _ in flippedKernel(transposed: flippedIsTransposed) }
        input.withUnsafeBufferPointer { x in
            gradOutput.withUnsafeBufferPointer { dy in
                var loop = ConvolutionBackward(
                    windows: g, outputPlanes: nOutputPlane, input: x.baseAddress!, gradOutput: dy.baseAddress!,
                    weight: weightParameter.valuePointer, gradInput: nil, weightSums: sums, biasSums: biasSums,
                    secondBlockStart: middle > 0 ? middle : n, flippedConvolution: nil,
                    buffers: unfoldBuffers(g, inputGradient: t))
                if inputGradient && !winograd {
                    gradInput.resize(like: input)
                    gradInput.withUnsafeMutableBufferPointer { dx in
                        loop.gradInput = dx.baseAddress!
                        if let t, let flipped {
                            loop.flippedConvolution = ConvolutionForward(
                                windows: t, outputPlanes: nInputPlane, input: dy.baseAddress!, weight: flipped,
                                weightIsTransposed: flippedIsTransposed, bias: nil, output: dx.baseAddress!, buffers: loop.buffers)
                        }
                        runOverImages(n, g, group: loop.buffers.group, loop)
                    }
                } else {
                    runOverImages(n, g, group: loop.buffers.group, loop)
                }
            }
        }
        // dW += scale · Σ_blocks dW_block, db += scale · Σ_blocks db_block
        if let sums { addBlockSums(sums, blockCount: blocks, count: nOutputPlane * rows, scale: scale, into: weightParameter.gradPointer) }
        if let biasSums, let gb = biasParameter?.gradPointer {
            addBlockSums(biasSums, blockCount: blocks, count: nOutputPlane, scale: scale, into: gb)
        }
    }

    /// The kernel flipped in both directions with its planes swapped,
    /// `F[c][o][kH − 1 − ky][kW − 1 − kx] = W[o][c][ky][kx]`, in scratch: a
    /// `nInputPlane x (nOutputPlane·kH·kW)` matrix, or its transpose when `transposed`.
    private func flippedKernel(transposed: Bool) -> UnsafePointer<Scalar> {
        let k = kH * kW, w = weightParameter.valuePointer, columns = nOutputPlane * k
        let f = flippedWeight.pointer(count: weightParameter.count)
        for o in 0..<nOutputPlane {
            for c in 0..<nInputPlane {
                let from = w + (o * nInputPlane + c) * k
                for i in 0..<k {  // flipping both directions reverses the plane
                    let column = o * k + k - 1 - i
                    f[transposed ? column * nInputPlane + c : c * columns + column] = from[i]
                }
            }
        }
        return UnsafePointer(f)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        backward(input, gradOutput, scale: 1, inputGradient: true, parameterGradients: false)
        return gradInput
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func accGradParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) {
        backward(input, gradOutput, scale: scale, inputGradient: false, parameterGradients: true)
    }

    /// Both gradients in one pass over the batch (each image's output gradient is read once).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) -> Tensor<Scalar> {
        backward(input, gradOutput, scale: scale, inputGradient: true, parameterGradients: true)
        return gradInput
    }

    public func clearState() {
        output = Tensor(); gradInput = Tensor()
        columns.release(); gradientBlocks.release(); transposedWeight.release(); flippedWeight.release()
        winogradKernelBuffer.release(); winogradScratch.release()
    }

    public var description: String {
        var s = "nn.SpatialConvolution(\(nInputPlane) -> \(nOutputPlane), \(kW)x\(kH)"
        if dW != 1 || dH != 1 || padW != 0 || padH != 0 { s += ", \(dW),\(dH)" }
        if padW != 0 || padH != 0 { s += ", \(padW),\(padH)" }
        return s + ")" + (biasParameter == nil ? " without bias" : "")
    }
}

// How a model file records this module (see ModuleRegistry).
extension SpatialConvolution: SerializableModule {
    public static var kind: String { "SpatialConvolution" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [
            ("nInputPlane", .int(nInputPlane)), ("nOutputPlane", .int(nOutputPlane)), ("kW", .int(kW)), ("kH", .int(kH)),
            ("dW", .int(dW)), ("dH", .int(dH)), ("padW", .int(padW)), ("padH", .int(padH)), ("bias", .bool(bias != nil)),
        ], tensors: [("weight", weight)] + (bias.map { [("bias", $0)] } ?? []))
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> SpatialConvolution {
        let (i, o, kW, kH) = (try r.int("nInputPlane"), try r.int("nOutputPlane"), try r.int("kW"), try r.int("kH"))
        let (dW, dH, padW, padH, hasBias) = (try r.int("dW"), try r.int("dH"), try r.int("padW"), try r.int("padH"), try r.bool("bias"))
        guard i > 0, o > 0, kW > 0, kH > 0, dW > 0, dH > 0, padW >= 0, padH >= 0 else {
            throw ModelFileError.corrupted("SpatialConvolution has planes \(i) -> \(o), kernel \(kW)x\(kH), stride \(dW),\(dH), padding \(padW),\(padH)")
        }
        // The stored tensors first: sizes the file does not back with data build nothing.
        let weight = try r.tensor("weight", shape: [o, i, kH, kW])
        let bias = hasBias ? try r.tensor("bias", shape: [o]) : nil
        var generator = RandomGenerator(seed: 0)  // overwritten below
        let m = SpatialConvolution(i, o, kW, kH, dW, dH, padW, padH, bias: hasBias, generator: &generator)
        m.weight = weight
        if let bias { m.bias = bias }
        return m
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(SpatialConvolution(2, 3, 3, 2, 2, 1, 1, 0), input: [2, 2, 5, 4], note: "batch, stride 2,1, padding 1,0"),
         ModuleExample(SpatialConvolution(1, 2, 2, 2), input: [1, 4, 3], note: "one image"),
         ModuleExample(SpatialConvolution(3, 2, 3, 3, 2, 2, 1, bias: false), input: [2, 3, 5, 5], note: "batch, stride 2, padding 1, no bias"),
         ModuleExample(SpatialConvolution(3, 2, 1, 1), input: [2, 3, 3, 2], note: "1x1 kernel"),
         ModuleExample(SpatialConvolution(2, 3, 3, 3, 1, 1, 1, 1), input: [2, 2, 5, 4], note: "batch, 3x3, stride 1, padding 1"),
         ModuleExample(SpatialConvolution(2, 2, 3, 2, 1, 1, 2, 0), input: [2, 2, 3, 4], note: "stride 1, padding 2,0"),
         ModuleExample(SpatialConvolution(16, 17, 3, 3, 1, 1, 1, 1), input: [1, 16, 2, 3], note: "Winograd F(2x2, 3x3)")]
    }
}
