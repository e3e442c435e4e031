// The machinery of SpatialConvolution, kept out of its file so that the layer reads like its
// equations: unfolding an image into the matrix of its windows ("im2col") and folding such a
// matrix back with sums ("col2im"), and the per-image loops of the forward and backward passes,
// which `runInHalves` can share between the calling thread and Wick's helper thread.
//
// The unfolded image is Torch7's layout (`finput` in THNN's SpatialConvolutionMM): a
// `(C·kH·kW) x (oH·oW)` row-major matrix whose row `(c·kH + ky)·kW + kx` holds, for every output
// position `(oy, ox)`, the input scalar `x[c][oy·dH − padH + ky][ox·dW − padW + kx]` (0 in the
// padding). The layer's weight, `nOutputPlane x (C·kH·kW)` as a matrix, times it is the output
// image, `nOutputPlane x (oH·oW)`.

// Unfolding and folding go through a copy of one plane with its padding
// (`(H + 2·padH) x (W + 2·padW)`, zeros around the image) in a scratch buffer of the thread's own,
// which stays in L1: every window is then inside that plane, and each output row of an unfolded
// row is one short copy with no padding to work out (4, 7 or 14 scalars in fashion-resnet, where
// the checks and the calls to `memset` for the padding cost more than the copies). The fold adds
// into the padded plane and then copies its inside onto the image, so the image gradient needs no
// zeroing first.

@inline(__always)
func load8<Scalar: TensorScalar>(_ p: UnsafePointer<Scalar>) -> SIMD8<Scalar> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Scalar>.self)
}
@inline(__always)
func store8<Scalar: TensorScalar>(_ v: SIMD8<Scalar>, _ p: UnsafeMutablePointer<Scalar>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Scalar>.self)
}
@inline(__always)
func load4<Scalar: TensorScalar>(_ p: UnsafePointer<Scalar>) -> SIMD4<Scalar> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Scalar>.self)
}
@inline(__always)
func store4<Scalar: TensorScalar>(_ v: SIMD4<Scalar>, _ p: UnsafeMutablePointer<Scalar>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Scalar>.self)
}

/// `destination[i] = source[i]` for `i < count`, eight at a time, the last vector overlapping the
/// one before it instead of a scalar tail (a 7-scalar row is two overlapping copies of 4).
@inline(__always)
func copyRow<Scalar: TensorScalar>(_ source: UnsafePointer<Scalar>, _ destination: UnsafeMutablePointer<Scalar>, _ count: Int) {
    if count >= 8 {
        var i = 0
        while i + 8 <= count {
            store8(load8(source + i), destination + i)
            i += 8
        }
        if i < count { store8(load8(source + count - 8), destination + count - 8) }
    } else if count >= 4 {
        store4(load4(source), destination)
        store4(load4(source + count - 4), destination + count - 4)
    } else {
        for i in 0..<count { destination[i] = source[i] }
    }
}

/// `destination[i] = source[2·i]` for `i < count`, four at a time (the even half of eight). Reads
/// up to `source[2·count]` when `mayReadPast` (the scratch plane has room), else not past
/// `source[2·count − 2]`.
@inline(__always)
private func copyEveryOther<Scalar: TensorScalar>(_ source: UnsafePointer<Scalar>, _ destination: UnsafeMutablePointer<Scalar>,
                                                  _ count: Int, mayReadPast: Bool) {
    var i = 0
    let vectorEnd = mayReadPast ? count : count - 1  // i + 4 <= vectorEnd: the eight loaded end by 2·count (+ 1)
    while i + 4 <= vectorEnd {
        store4(load8(source + 2 * i).evenHalf, destination + i)
        i += 4
    }
    while i < count {
        destination[i] = source[2 * i]
        i += 1
    }
}

/// `destination[i] += source[i]` for `i < count`, eight at a time, then four, then one.
@inline(__always)
private func addRow<Scalar: TensorScalar>(_ source: UnsafePointer<Scalar>, _ destination: UnsafeMutablePointer<Scalar>, _ count: Int) {
    var i = 0
    while i + 8 <= count {
        store8(load8(destination + i) + load8(source + i), destination + i)
        i += 8
    }
    if i + 4 <= count {
        store4(load4(destination + i) + load4(source + i), destination + i)
        i += 4
    }
    while i < count {
        destination[i] += source[i]
        i += 1
    }
}

/// `destination[i] = 0` for `i < count`, eight at a time (no call to `memset` for a small plane).
@inline(__always)
func zeroRow<Scalar: TensorScalar>(_ destination: UnsafeMutablePointer<Scalar>, _ count: Int) {
    var i = 0
    while i + 8 <= count {
        store8(SIMD8(), destination + i)
        i += 8
    }
    while i < count {
        destination[i] = 0
        i += 1
    }
}

/// The sum of `count` scalars, with eight running sums (a single one would wait on each addition).
@inline(__always)
func sumOf<Scalar: TensorScalar>(_ values: UnsafePointer<Scalar>, _ count: Int) -> Scalar {
    var sums = SIMD8<Scalar>(), i = 0
    while i + 8 <= count {
        sums += load8(values + i)
        i += 8
    }
    var total = sums.sum()
    while i < count {
        total += values[i]
        i += 1
    }
    return total
}

/// Unfolds one image (`C x H x W`) into `columns`, its `(C·kH·kW) x (oH·oW)` matrix of windows,
/// whose rows start `leading` scalars apart (`oH·oW` for the image alone, more for images side by
/// side). `plane` is scratch for one padded plane (``SpatialWindows/paddedPlaneSize`` scalars and
/// 8 more, which copies of every other scalar may read).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func unfold<Scalar: TensorScalar>(_ image: UnsafePointer<Scalar>, into columns: UnsafeMutablePointer<Scalar>, leading: Int,
                                  _ g: SpatialWindows, plane: UnsafeMutablePointer<Scalar>) {
    let (oH, oW, h, w, dH, dW) = (g.outputHeight, g.outputWidth, g.inputHeight, g.inputWidth, g.strideHeight, g.strideWidth)
    let padded = g.padHeight > 0 || g.padWidth > 0
    let width = w + 2 * g.padWidth
    if padded { zeroRow(plane, g.paddedPlaneSize) }  // the padding, which the copies below leave alone
    var rowStart = columns
    for c in 0..<g.planes {
        var source = image + c * h * w  // without padding, the image's own plane
        if padded {
            for y in 0..<h { copyRow(source + y * w, plane + (y + g.padHeight) * width + g.padWidth, w) }
            source = UnsafePointer(plane)
        }
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                // Output row oy of this unfolded row reads the padded plane's row oy·dH + ky, from kx.
                var window = source + ky * width + kx, row = rowStart
                for _ in 0..<oH {
                    switch dW {
                    case 1: copyRow(window, row, oW)
                    case 2: copyEveryOther(window, row, oW, mayReadPast: padded)
                    default: for ox in 0..<oW { row[ox] = window[ox * dW] }
                    }
                    window += dH * width
                    row += oW
                }
                rowStart += leading
            }
        }
    }
}

/// Folds `columns`, a `(C·kH·kW) x (oH·oW)` matrix of windows whose rows start `leading` scalars
/// apart, back onto one image (`C x H x W`), each image scalar becoming the sum of the entries
/// unfolded from it (entries in the padding are dropped): the transpose of
/// ``unfold(_:into:leading:_:plane:)``. The image is overwritten, not added to. `plane` is scratch
/// for one padded plane.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func fold<Scalar: TensorScalar>(_ columns: UnsafePointer<Scalar>, leading: Int, into image: UnsafeMutablePointer<Scalar>,
                                _ g: SpatialWindows, plane: UnsafeMutablePointer<Scalar>) {
    let (oH, oW, h, w, dH, dW) = (g.outputHeight, g.outputWidth, g.inputHeight, g.inputWidth, g.strideHeight, g.strideWidth)
    let width = w + 2 * g.padWidth
    var rowStart = columns
    for c in 0..<g.planes {
        zeroRow(plane, g.paddedPlaneSize)
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                var window = plane + ky * width + kx, row = rowStart
                for _ in 0..<oH {
                    if dW == 1 {
                        addRow(row, window, oW)
                    } else {
                        for ox in 0..<oW { window[ox * dW] += row[ox] }
                    }
                    window += dH * width
                    row += oW
                }
                rowStart += leading
            }
        }
        let target = image + c * h * w
        for y in 0..<h { copyRow(plane + (y + g.padHeight) * width + g.padWidth, target + y * w, w) }
    }
}

/// `runInHalves` cuts a loop at a multiple of this many iterations (``halvesMiddle(_:)``): a group
/// of images side by side divides it, so no group straddles the cut.
let imagesPerCutStep = 8

/// How many images a convolution multiplies side by side: on small output planes one image's
/// products are thin (16 columns on 4x4 maps, 49 on 7x7) and OpenBLAS runs them at 80-85% of the
/// speed it reaches on 128 columns or more (`Benchmarks/openblas-grouped-images.c`), so images
/// are put side by side until the products have 128 columns: 1, 2, 4 or 8 images, a divisor of
/// ``imagesPerCutStep``, so that a group never straddles the cut between two threads' parts. A 1x1 kernel with
/// stride 1, whose image is its own unfolding, keeps one image at a time.
func imagesSideBySide(_ g: SpatialWindows) -> Int {
    if g.unfoldsToItself { return 1 }
    var count = 1
    while count < imagesPerCutStep && count * g.outputPlaneSize < 128 { count *= 2 }
    return count
}

/// Scratch for each of the two threads that can share a batch, sized for groups of `group` images
/// (``imagesSideBySide(_:)``): the unfolded images of one group (`(C·kH·kW) x (G·oH·oW)`), one
/// padded plane, and one group's output (or output gradient) planes side by side
/// (`nOutputPlane x (G·oH·oW)`). The part of a loop that starts at 0 (the calling thread's) uses
/// the first of each, any other part (the helper thread's) the second.
struct UnfoldBuffers<Scalar: TensorScalar> {
    let group: Int
    let columns: (UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>)
    let planes: (UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>)
    let outputs: (UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>)

    /// The buffers of the part of a loop that starts at `start`.
    func of(partStartingAt start: Int) -> (columns: UnsafeMutablePointer<Scalar>, plane: UnsafeMutablePointer<Scalar>,
                                           outputs: UnsafeMutablePointer<Scalar>) {
        start == 0 ? (columns.0, planes.0, outputs.0) : (columns.1, planes.1, outputs.1)
    }
}

/// The images `n..<n + count` of `input` unfolded side by side into `buffer` (rows of
/// `count·oH·oW` scalars), or the image itself when it is its own unfolding (then `count` is 1).
@inline(__always)
func unfoldedGroup<Scalar: TensorScalar>(_ input: UnsafePointer<Scalar>, _ n: Int, _ count: Int, _ g: SpatialWindows,
                                         into buffer: UnsafeMutablePointer<Scalar>,
                                         plane: UnsafeMutablePointer<Scalar>) -> UnsafePointer<Scalar> {
    if g.unfoldsToItself { return input + n * g.inputImageSize }
    for i in 0..<count {
        unfold(input + (n + i) * g.inputImageSize, into: buffer + i * g.outputPlaneSize, leading: count * g.outputPlaneSize,
               g, plane: plane)
    }
    return UnsafePointer(buffer)
}

/// `destination` (`columns x rows`) ← the transpose of `source` (`rows x columns`), both dense
/// row-major.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func transpose<Scalar: TensorScalar>(_ source: UnsafePointer<Scalar>, rows: Int, columns: Int,
                                     into destination: UnsafeMutablePointer<Scalar>) {
    for r in 0..<rows {
        for c in 0..<columns { destination[c * rows + r] = source[r * columns + c] }
    }
}

/// Whether a convolution's forward products read its weight transposed: when one image's product
/// is in OpenBLAS 0.3.21's small-matrix range (at most 10⁶ multiply-adds,
/// `sgemm_small_matrix_permit` of its SkylakeX and Cooperlake kernels). Its small kernel for
/// products without transposes allocates memory on every call when the output has 16 or 32 rows
/// (the 16- and 32-plane layers of fashion-resnet), and the one for a transposed first operand
/// does not (`Benchmarks/openblas-small-gemm-mallocs.c`). Larger products keep the weight as it
/// is.
func readsTransposedWeight(_ outputPlanes: Int, _ g: SpatialWindows) -> Bool {
    outputPlanes * g.unfoldedRows * g.outputPlaneSize <= 1_000_000
}

/// SpatialConvolution's forward pass over the images `start..<end` of a batch, a group of
/// ``imagesSideBySide(_:)`` images at a time: the group's images are unfolded side by side into
/// this thread's buffer, the weight times them is the group's output planes side by side (one
/// GEMM), and each image's output is its part of those plus `bias` (broadcast along each plane).
/// One image alone is multiplied straight into its output. The helper thread can take a part of
/// the images. The weight is `nOutputPlane x (C·kH·kW)`, or its transpose when
/// `weightIsTransposed` (see ``readsTransposedWeight(_:_:)``).
struct ConvolutionForward<Scalar: TensorScalar>: HalvableLoop {
    let windows: SpatialWindows, outputPlanes: Int
    let input: UnsafePointer<Scalar>
    let weight: UnsafePointer<Scalar>, weightIsTransposed: Bool, bias: UnsafePointer<Scalar>?
    let output: UnsafeMutablePointer<Scalar>
    let buffers: UnfoldBuffers<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let (buffer, plane, staging) = buffers.of(partStartingAt: start)
        var n = start
        while n < end {
            let count = Swift.min(buffers.group, end - n)
            convolve(n, count, buffer: buffer, plane: plane, staging: staging)
            n += count
        }
    }

    /// The images `n..<n + count` (at most `buffers.group`), through one thread's buffers.
    @inline(__always)
    func convolve(_ n: Int, _ count: Int, buffer: UnsafeMutablePointer<Scalar>, plane: UnsafeMutablePointer<Scalar>,
                  staging: UnsafeMutablePointer<Scalar>) {
        let (rows, positions) = (windows.unfoldedRows, windows.outputPlaneSize), width = count * positions
        let unfolded = unfoldedGroup(input, n, count, windows, into: buffer, plane: plane)
        let y = output + n * outputPlanes * positions
        // One image: its output is the product's, on top of the bias. Several: the product goes to
        // the staging buffer and is copied out, with the bias when there is one.
        let product = count == 1 ? y : staging
        let beta: Scalar = count == 1 && bias != nil ? 1 : 0
        if count == 1, let bias {
            for o in 0..<outputPlanes { (y + o * positions).update(repeating: bias[o], count: positions) }
        }
        if weightIsTransposed {
            gemm(weight, rows: rows, columns: outputPlanes, transposed: true,
                 unfolded, rows: rows, columns: width, transposed: false, into: product, beta: beta)
        } else {
            gemm(weight, rows: outputPlanes, columns: rows, transposed: false,
                 unfolded, rows: rows, columns: width, transposed: false, into: product, beta: beta)
        }
        if count > 1 {
            for i in 0..<count {
                for o in 0..<outputPlanes {
                    let from = staging + o * width + i * positions, to = y + (i * outputPlanes + o) * positions
                    if let bias {
                        let b = bias[o]
                        for p in 0..<positions { to[p] = from[p] + b }
                    } else {
                        to.update(from: from, count: positions)
                    }
                }
            }
        }
    }
}

/// SpatialConvolution's backward pass over the images `start..<end` of a batch, a group of
/// ``imagesSideBySide(_:)`` images at a time (their output gradients side by side in this
/// thread's staging buffer when there are several and the fold or the parameter gradients read
/// them):
/// - the input gradient (when `gradInput` is given): `weightᵀ` times the output gradients, each
///   image's part folded back onto it; or, when `flippedConvolution` is given (stride 1), that
///   forward convolution of the output gradients with the flipped kernel (its planes swapped),
///   which writes the input gradient: the same sums, with an unfolding in place of the slower
///   fold;
/// - the parameter gradients (when `weightSums` is given): the images are unfolded again (into
///   this thread's buffer, where they stay in cache; keeping the whole batch's unfolded images
///   from the forward pass would take 75 MB for a 64-plane 3x3 layer on 32 32x32 images), and
///   each of the batch's two blocks of images (cut at `secondBlockStart`, where `runInHalves`
///   cuts the batch when it shares it, ``halvesMiddle(_:)``) puts its output gradients times
///   their unfolded images (transposed) into its own slice of `weightSums` (the block's first
///   group writes, the others add), and the sums of its output gradient planes into its own
///   slice of `biasSums` (when given); the layer adds up the two blocks afterwards. The sums thus
///   never depend on whether the batch was shared.
struct ConvolutionBackward<Scalar: TensorScalar>: HalvableLoop {
    let windows: SpatialWindows, outputPlanes: Int
    let input: UnsafePointer<Scalar>, gradOutput: UnsafePointer<Scalar>, weight: UnsafePointer<Scalar>
    var gradInput: UnsafeMutablePointer<Scalar>?
    let weightSums: UnsafeMutablePointer<Scalar>?, biasSums: UnsafeMutablePointer<Scalar>?
    let secondBlockStart: Int
    var flippedConvolution: ConvolutionForward<Scalar>?
    let buffers: UnfoldBuffers<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let (rows, positions) = (windows.unfoldedRows, windows.outputPlaneSize)
        let (buffer, plane, staging) = buffers.of(partStartingAt: start)
        var n = start
        while n < end {
            let count = Swift.min(buffers.group, end - n), width = count * positions
            flippedConvolution?.convolve(n, count, buffer: buffer, plane: plane, staging: staging)
            var dy = gradOutput + n * outputPlanes * positions
            if count > 1 && (weightSums != nil || flippedConvolution == nil) {  // the group's output gradient planes side by side
                for i in 0..<count {
                    for o in 0..<outputPlanes {
                        (staging + o * width + i * positions).update(from: dy + (i * outputPlanes + o) * positions, count: positions)
                    }
                }
                dy = UnsafePointer(staging)
            }
            if let gradInput, flippedConvolution == nil {
                let dx = gradInput + n * windows.inputImageSize
                if windows.unfoldsToItself {  // dX = Wᵀ dY directly (one image)
                    gemm(weight, rows: outputPlanes, columns: rows, transposed: true,
                         dy, rows: outputPlanes, columns: positions, transposed: false, into: dx)
                } else {  // dX = fold(Wᵀ dY), image by image
                    gemm(weight, rows: outputPlanes, columns: rows, transposed: true,
                         dy, rows: outputPlanes, columns: width, transposed: false, into: buffer)
                    for i in 0..<count {
                        fold(buffer + i * positions, leading: width, into: dx + i * windows.inputImageSize, windows, plane: plane)
                    }
                }
            }
            if let weightSums {
                let unfolded = unfoldedGroup(input, n, count, windows, into: buffer, plane: plane)
                let block = n < secondBlockStart ? 0 : 1, first = n == 0 || n == secondBlockStart
                // dW_block (+)= dY · unfoldedᵀ
                gemm(dy, rows: outputPlanes, columns: width, transposed: false,
                     unfolded, rows: rows, columns: width, transposed: true,
                     into: weightSums + block * outputPlanes * rows, beta: first ? 0 : 1)
                if let biasSums {  // db_block (+)= Σ over each plane of dY
                    let sums = biasSums + block * outputPlanes
                    for o in 0..<outputPlanes {
                        let total = sumOf(dy + o * width, width)
                        sums[o] = first ? total : sums[o] + total
                    }
                }
            }
            n += count
        }
    }
}

/// `total[i] += scale · Σ_b blocks[b·count + i]` over `blockCount` blocks of `count` scalars,
/// adding the blocks in order (into the first block, which it overwrites).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func addBlockSums<Scalar: TensorScalar>(_ blocks: UnsafeMutablePointer<Scalar>, blockCount: Int, count: Int,
                                        scale: Scalar, into total: UnsafeMutablePointer<Scalar>) {
    for b in 1..<Swift.max(blockCount, 1) {
        let block = blocks + b * count
        for i in 0..<count { blocks[i] += block[i] }
    }
    for i in 0..<count { total[i] += scale * blocks[i] }
}
