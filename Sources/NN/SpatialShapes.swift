// What the spatial modules (convolution, pooling, padding, spatial dropout) share: their input
// check, the geometry of a sliding window over an image, Torch7's pooled-size rule, the output
// shape kept from call to call, and a reusable scratch buffer. An image is `C x H x W`, a batch
// `N x C x H x W` (see Docs/Design.md, "Shapes: the first dimension is the batch").

/// The sizes of one image and of a window sliding over it: what a convolution or pooling layer
/// computes per image.
struct SpatialWindows {
    /// Planes (channels) of the image.
    var planes: Int
    var inputHeight: Int, inputWidth: Int
    var kernelHeight: Int, kernelWidth: Int
    var strideHeight: Int, strideWidth: Int
    var padHeight: Int, padWidth: Int
    var outputHeight: Int, outputWidth: Int

    /// Scalars in one input plane (`H·W`).
    var inputPlaneSize: Int { inputHeight * inputWidth }
    /// Scalars in one input image (`C·H·W`).
    var inputImageSize: Int { planes * inputHeight * inputWidth }
    /// Positions of the window, the scalars of one output plane (`oH·oW`).
    var outputPlaneSize: Int { outputHeight * outputWidth }
    /// Rows of the unfolded image: one per plane and kernel element (`C·kH·kW`).
    var unfoldedRows: Int { planes * kernelHeight * kernelWidth }
    /// Scalars in one input plane with its padding (`(H + 2·padH)·(W + 2·padW)`).
    var paddedPlaneSize: Int { (inputHeight + 2 * padHeight) * (inputWidth + 2 * padWidth) }
    /// Whether the unfolded image is the image itself (a 1x1 kernel, stride 1, no padding).
    var unfoldsToItself: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1 && padHeight == 0 && padWidth == 0
    }

    /// With a stride of 1 and less padding than the kernel, the input gradient is itself a
    /// convolution: the output gradient (`outputPlanes x oH x oW`), padded by `kH − 1 − padH` rows
    /// and `kW − 1 − padW` columns, convolved with the kernel flipped in both directions and with
    /// its planes swapped, gives the `H x W` input gradient planes. These are that convolution's
    /// windows; nil for other strides or padding, and for a convolution whose image is its own
    /// unfolding.
    func inputGradientWindows(outputPlanes: Int) -> SpatialWindows? {
        guard strideHeight == 1 && strideWidth == 1 && padHeight < kernelHeight && padWidth < kernelWidth && !unfoldsToItself
        else { return nil }
        return SpatialWindows(planes: outputPlanes, inputHeight: outputHeight, inputWidth: outputWidth,
                              kernelHeight: kernelHeight, kernelWidth: kernelWidth, strideHeight: 1, strideWidth: 1,
                              padHeight: kernelHeight - 1 - padHeight, padWidth: kernelWidth - 1 - padWidth,
                              outputHeight: inputHeight, outputWidth: inputWidth)
    }
}

/// The number of positions of a window of `kernel` moved by `stride` over `input` padded by `pad`
/// on both sides, by Torch7's rule: `(input + 2·pad − kernel) / stride + 1`, rounded down, or up
/// in ceil mode; and then one less if the last window would start past the input and its left
/// padding (`(size − 1)·stride >= input + pad`). Torch7 applies that last rule only with padding;
/// without padding it can only matter in ceil mode with a stride larger than the kernel, where
/// Torch7 pools an empty window (and PyTorch applies the rule), so Wick applies it always.
/// `input + 2·pad >= kernel`.
func pooledSize(_ input: Int, kernel: Int, stride: Int, pad: Int, ceilMode: Bool) -> Int {
    let span = input + 2 * pad - kernel
    var size = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
    if (size - 1) * stride >= input + pad { size -= 1 }
    return size
}

extension Module {
    /// Checks that `input` is one image `planes x H x W` or a batch `N x planes x H x W` (`N > 0`;
    /// any number of planes when `planes` is nil) with `H >= minimumHeight` and `W >= minimumWidth`,
    /// and returns the images' count (1 for a single image) and sizes. Stops otherwise with a
    /// message naming the module, what it expects and the shape it got.
    func checkImages(_ input: Tensor<Scalar>, planes: Int?, minimumHeight: Int, minimumWidth: Int)
        -> (count: Int, planes: Int, height: Int, width: Int) {
        let shape = input.shape
        let batched = shape.count == 4
        let (c, h, w) = shape.count >= 3 ? (shape[shape.count - 3], shape[shape.count - 2], shape[shape.count - 1]) : (0, 0, 0)
        if (shape.count == 3 || (batched && shape[0] > 0)) && (planes.map { c == $0 } ?? (c > 0))
            && h >= minimumHeight && w >= minimumWidth {
            return (batched ? shape[0] : 1, c, h, w)
        }
        let p = planes.map(String.init) ?? "C"
        wickFatalError("\(description): expected \(p)xHxW or Nx\(p)xHxW with H >= \(minimumHeight) and W >= \(minimumWidth), got \(formatShape(shape))")
    }
}

/// The output shape a spatial module computed for the last input shape, so that a training loop,
/// whose shapes repeat, builds (and allocates) the shape array once.
struct CachedShape {
    private var input: [Int] = []
    private var output: [Int] = []

    /// The output shape for `inputShape`, from `make` when the input shape changed.
    mutating func output(for inputShape: [Int], _ make: () -> [Int]) -> [Int] {
        if inputShape != input {
            input = inputShape
            output = make()
        }
        return output
    }
}

/// `[n, c, h, w]` for a batch (`batched`), `[c, h, w]` for one image.
func imageShape(batched: Bool, _ n: Int, _ c: Int, _ h: Int, _ w: Int) -> [Int] {
    batched ? [n, c, h, w] : [c, h, w]
}

/// A heap buffer of scalars that a layer keeps from call to call (unfolded images, partial
/// gradients): it grows when asked for more than it holds and is otherwise reused, so a steady
/// training step allocates nothing.
final class ScratchBuffer<Scalar: TensorScalar> {
    @exclusivity(unchecked) private var start: UnsafeMutablePointer<Scalar>?
    @exclusivity(unchecked) private var capacity = 0

    /// At least `count` scalars (their values are left from earlier use, zero when new).
    func pointer(count: Int) -> UnsafeMutablePointer<Scalar> {
        if let start, count <= capacity { return start }
        release()
        let size = Swift.max(count, 1)
        let fresh = UnsafeMutablePointer<Scalar>.allocate(capacity: size)
        fresh.initialize(repeating: 0, count: size)
        (start, capacity) = (fresh, size)
        return fresh
    }

    /// Frees the scalars (the next `pointer(count:)` allocates again).
    func release() {
        start?.deallocate()
        (start, capacity) = (nil, 0)
    }

    deinit { release() }
}
