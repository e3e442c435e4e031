/// Average pooling over images (`nn.SpatialAveragePooling`): each output is the mean of the
/// inputs under a `kW x kH` window moved `dW` columns and `dH` rows at a time over each plane,
/// padded with zeros by `padW` columns and `padH` rows on each side.
///
/// It takes one image `C x H x W` or a batch `N x C x H x W` and keeps the planes. Output sizes
/// follow the same rule as ``SpatialMaxPooling`` (rounded down by default, up after ``ceil()``).
/// With ``countIncludePad`` (Torch7's default) every window divides by its size within the
/// padded input, the zeros of the padding included; ``setCountExcludePad()`` divides by the
/// number of inputs under the window instead. A window that ceil mode lets reach past the
/// padding counts only up to the padding's end, as in Torch7. As in Torch7 the padding is at
/// most half the kernel, and the input must be at least `kH − 2·padH` by `kW − 2·padW` (and 1x1).
public final class SpatialAveragePooling<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// Window width and height.
    public let kW: Int, kH: Int
    /// Steps between windows, along the width and the height.
    public let dW: Int, dH: Int
    /// Zeros added on the left and right (`padW`) and on the top and bottom (`padH`).
    public let padW: Int, padH: Int
    /// Whether output sizes are rounded up (``ceil()``) rather than down (``floor()``, the default).
    public var ceilMode = false {
        didSet { outputShape = CachedShape() }
    }
    /// Whether the padding's zeros count in a window's mean (true by default, as in Torch7).
    public var countIncludePad = true
    @exclusivity(unchecked) private var outputShape = CachedShape()

    /// Average pooling with a `kW x kH` window moved by `dW` and `dH` (1 by default, as in
    /// Torch7), over the input padded with `padW` and `padH` zeros.
    ///
    /// Stops unless the window and the steps are positive and the padding is between 0 and half
    /// the window (`padW <= kW / 2`, `padH <= kH / 2`), Torch7's limits.
    public init(_ kW: Int, _ kH: Int, _ dW: Int = 1, _ dH: Int = 1, _ padW: Int = 0, _ padH: Int = 0) {
        wickPrecondition(kW > 0 && kH > 0 && dW > 0 && dH > 0 && padW >= 0 && padH >= 0 && padW <= kW / 2 && padH <= kH / 2,
            "nn.SpatialAveragePooling: window and steps must be positive and padding at most half the window, got \(kW)x\(kH), \(dW),\(dH), \(padW),\(padH)")
        (self.kW, self.kH, self.dW, self.dH, self.padW, self.padH) = (kW, kH, dW, dH, padW, padH)
    }

    /// Rounds output sizes up, so that windows cover the end of the input (Torch7's `:ceil()`).
    @discardableResult
    public func ceil() -> Self {
        ceilMode = true
        return self
    }

    /// Rounds output sizes down, the default (Torch7's `:floor()`).
    @discardableResult
    public func floor() -> Self {
        ceilMode = false
        return self
    }

    /// Counts the padding's zeros in every window's mean, the default (Torch7's `:setCountIncludePad()`).
    @discardableResult
    public func setCountIncludePad() -> Self {
        countIncludePad = true
        return self
    }

    /// Divides each window's sum by the number of inputs under it (Torch7's `:setCountExcludePad()`).
    @discardableResult
    public func setCountExcludePad() -> Self {
        countIncludePad = false
        return self
    }

    /// The geometry of the windows over every plane of `input` and the number of planes, after
    /// checking it.
    private func windows(_ input: Tensor<Scalar>) -> (SpatialWindows, planes: Int) {
        let (n, c, h, w) = checkImages(input, planes: nil, minimumHeight: Swift.max(kH - 2 * padH, 1),
                                       minimumWidth: Swift.max(kW - 2 * padW, 1))
        let windows = SpatialWindows(planes: 1, inputHeight: h, inputWidth: w, kernelHeight: kH, kernelWidth: kW,
                                     strideHeight: dH, strideWidth: dW, padHeight: padH, padWidth: padW,
                                     outputHeight: pooledSize(h, kernel: kH, stride: dH, pad: padH, ceilMode: ceilMode),
                                     outputWidth: pooledSize(w, kernel: kW, stride: dW, pad: padW, ceilMode: ceilMode))
        return (windows, n * c)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let (g, planes) = windows(input)
        output.resize(shape: outputShape.output(for: input.shape) { Array(input.shape.dropLast(2)) + [g.outputHeight, g.outputWidth] })
        // y = Σ x under the window / its size
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                runInHalves(count: planes, minimumCount: rowsWorthSharing(g.inputPlaneSize), AveragePoolingForward(
                    windows: g, countIncludePad: countIncludePad, input: x.baseAddress!, output: y.baseAddress!))
            }
        }
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        let (g, planes) = windows(input)
        checkGradOutput(gradOutput)
        gradInput.resize(like: input)
        // dx = Σ over the windows covering x of dy / the window's size
        gradOutput.withUnsafeBufferPointer { dy in
            gradInput.withUnsafeMutableBufferPointer { dx in
                runInHalves(count: planes, minimumCount: rowsWorthSharing(g.inputPlaneSize), AveragePoolingBackward(
                    windows: g, countIncludePad: countIncludePad, gradOutput: dy.baseAddress!, gradInput: dx.baseAddress!))
            }
        }
        return gradInput
    }

    public var description: String {
        "nn.SpatialAveragePooling(\(kW)x\(kH), \(dW),\(dH)" + (padW != 0 || padH != 0 ? ", \(padW),\(padH))" : ")")
    }
}

// How a model file records this module (see ModuleRegistry).
extension SpatialAveragePooling: SerializableModule {
    public static var kind: String { "SpatialAveragePooling" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [
            ("kW", .int(kW)), ("kH", .int(kH)), ("dW", .int(dW)), ("dH", .int(dH)), ("padW", .int(padW)), ("padH", .int(padH)),
            ("ceilMode", .bool(ceilMode)), ("countIncludePad", .bool(countIncludePad)),
        ])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> SpatialAveragePooling {
        let (kW, kH, dW, dH) = (try r.int("kW"), try r.int("kH"), try r.int("dW"), try r.int("dH"))
        let (padW, padH) = (try r.int("padW"), try r.int("padH"))
        let (ceilMode, countIncludePad) = (try r.bool("ceilMode"), try r.bool("countIncludePad"))
        guard kW > 0, kH > 0, dW > 0, dH > 0, padW >= 0, padH >= 0, padW <= kW / 2, padH <= kH / 2 else {
            throw ModelFileError.corrupted("SpatialAveragePooling has window \(kW)x\(kH), stride \(dW),\(dH), padding \(padW),\(padH)")
        }
        let m = SpatialAveragePooling(kW, kH, dW, dH, padW, padH)
        (m.ceilMode, m.countIncludePad) = (ceilMode, countIncludePad)
        return m
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(SpatialAveragePooling(2, 2, 2, 2), input: [2, 3, 4, 6], note: "batch, 2x2"),
         ModuleExample(SpatialAveragePooling(3, 2, 2, 1, 1, 1).ceil(), input: [2, 2, 5, 6], note: "batch, stride 2,1, padding 1,1, ceil"),
         ModuleExample(SpatialAveragePooling(3, 3, 2, 2, 1, 1).setCountExcludePad(), input: [2, 5, 7],
                       note: "one image, padding excluded from the count")]
    }
}
