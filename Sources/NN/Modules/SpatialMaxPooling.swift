/// Max pooling over images (`nn.SpatialMaxPooling`): each output is the largest input under a
/// `kW x kH` window moved `dW` columns and `dH` rows at a time over each plane, padded by `padW`
/// columns and `padH` rows on each side (padding never wins: windows are clipped to the input).
///
/// It takes one image `C x H x W` or a batch `N x C x H x W` and keeps the planes. The output is
/// `oH x oW` per plane, with `oH = (H + 2·padH − kH) / dH + 1` rounded down (the default,
/// ``floor()``) or up (``ceil()``), and one less when the last window would start past the input
/// and its top padding (likewise `oW`): Torch7's rule. Among equal maxima the first in row-major
/// order wins (Torch7's scan), and its gradient is the only one passed back. As in Torch7 the
/// padding is at most half the kernel, and the input must be at least `kH − padH` by `kW − padW`.
public final class SpatialMaxPooling<Scalar: TensorScalar>: Module {
    @exclusivity(unchecked) public var output = Tensor<Scalar>()
    @exclusivity(unchecked) public var gradInput = Tensor<Scalar>()
    public var isTraining = true

    /// Window width and height.
    public let kW: Int, kH: Int
    /// Steps between windows, along the width and the height.
    public let dW: Int, dH: Int
    /// Padding on the left and right (`padW`) and on the top and bottom (`padH`).
    public let padW: Int, padH: Int
    /// Whether output sizes are rounded up (``ceil()``) rather than down (``floor()``, the default).
    public var ceilMode = false {
        didSet { outputShape = CachedShape() }
    }

    /// Where each output's maximum is in its input plane: `row · W + column`, 0-based (Torch7 keeps
    /// the same index, 1-based), laid out like ``output``.
    public var indices: [Int] { maxIndices.prefix(output.count).map(Int.init) }
    @exclusivity(unchecked) private var maxIndices: [Int32] = []
    @exclusivity(unchecked) private var outputShape = CachedShape()

    /// Max pooling with a `kW x kH` window moved by `dW` and `dH` (by default the window's size,
    /// as in Torch7), over the input padded by `padW` and `padH`.
    ///
    /// Stops unless the window and the steps are positive and the padding is between 0 and half
    /// the window (`padW <= kW / 2`, `padH <= kH / 2`), Torch7's limits.
    public init(_ kW: Int, _ kH: Int, _ dW: Int? = nil, _ dH: Int? = nil, _ padW: Int = 0, _ padH: Int = 0) {
        let (dW, dH) = (dW ?? kW, dH ?? kH)
        wickPrecondition(kW > 0 && kH > 0 && dW > 0 && dH > 0 && padW >= 0 && padH >= 0 && padW <= kW / 2 && padH <= kH / 2,
            "nn.SpatialMaxPooling: window and steps must be positive and padding at most half the window, got \(kW)x\(kH), \(dW),\(dH), \(padW),\(padH)")
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

    /// The geometry of the windows over every plane of `input` and the number of planes, after
    /// checking it.
    private func windows(_ input: Tensor<Scalar>) -> (SpatialWindows, planes: Int) {
        let (n, c, h, w) = checkImages(input, planes: nil, minimumHeight: kH - padH, minimumWidth: kW - padW)
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
        if maxIndices.count < output.count { maxIndices = Array(repeating: 0, count: output.count) }
        // y = the largest x under each window
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                maxIndices.withUnsafeMutableBufferPointer { at in
                    runInHalves(count: planes, minimumCount: rowsWorthSharing(g.inputPlaneSize), MaxPoolingForward(
                        windows: g, input: x.baseAddress!, output: y.baseAddress!, indices: at.baseAddress!))
                }
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
        // dx = dy at the maximum of each window, summed where windows overlap
        gradOutput.withUnsafeBufferPointer { dy in
            gradInput.withUnsafeMutableBufferPointer { dx in
                maxIndices.withUnsafeBufferPointer { at in
                    runInHalves(count: planes, minimumCount: rowsWorthSharing(g.inputPlaneSize), MaxPoolingBackward(
                        windows: g, gradOutput: dy.baseAddress!, indices: at.baseAddress!, gradInput: dx.baseAddress!))
                }
            }
        }
        return gradInput
    }

    public func clearState() {
        output = Tensor(); gradInput = Tensor(); maxIndices = []
    }

    public var description: String {
        "nn.SpatialMaxPooling(\(kW)x\(kH), \(dW),\(dH)" + (padW != 0 || padH != 0 ? ", \(padW),\(padH))" : ")")
    }
}

// How a model file records this module (see ModuleRegistry).
extension SpatialMaxPooling: SerializableModule {
    public static var kind: String { "SpatialMaxPooling" }
    public func record() -> ModuleRecord<Scalar> {
        ModuleRecord(kind: Self.kind, hyperParameters: [
            ("kW", .int(kW)), ("kH", .int(kH)), ("dW", .int(dW)), ("dH", .int(dH)), ("padW", .int(padW)), ("padH", .int(padH)),
            ("ceilMode", .bool(ceilMode)),
        ])
    }
    public static func make(from r: ModuleRecord<Scalar>) throws -> SpatialMaxPooling {
        let (kW, kH, dW, dH) = (try r.int("kW"), try r.int("kH"), try r.int("dW"), try r.int("dH"))
        let (padW, padH, ceilMode) = (try r.int("padW"), try r.int("padH"), try r.bool("ceilMode"))
        guard kW > 0, kH > 0, dW > 0, dH > 0, padW >= 0, padH >= 0, padW <= kW / 2, padH <= kH / 2 else {
            throw ModelFileError.corrupted("SpatialMaxPooling has window \(kW)x\(kH), stride \(dW),\(dH), padding \(padW),\(padH)")
        }
        let m = SpatialMaxPooling(kW, kH, dW, dH, padW, padH)
        m.ceilMode = ceilMode
        return m
    }
    public static func examples() -> [ModuleExample<Scalar>] {
        [ModuleExample(SpatialMaxPooling(2, 2), input: [2, 3, 4, 6], note: "batch, 2x2"),
         ModuleExample(SpatialMaxPooling(3, 2, 2, 1, 1, 0).ceil(), input: [2, 2, 5, 6], note: "batch, stride 2,1, padding 1,0, ceil"),
         ModuleExample(SpatialMaxPooling(3, 3, 2, 2), input: [2, 5, 7], note: "one image, overlapping windows")]
    }
}
