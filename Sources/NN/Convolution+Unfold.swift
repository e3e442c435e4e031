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

/// The output positions `o` in `0..<count` for which `o·stride + offset` falls inside
/// `0..<size`: a range, empty when there are none.
@inline(__always)
func insidePositions(count: Int, stride: Int, offset: Int, size: Int) -> Range<Int> {
    let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
    let last = size - 1 - offset  // o·stride <= last
    let end = last < 0 ? 0 : Swift.min(count, last / stride + 1)
    return Swift.min(first, end)..<end
}

// Both go through a copy of one plane with its padding (`(H + 2·padH) x (W + 2·padW)`, zeros
// around the image) in a scratch buffer of the thread's own, which stays in L1: every window is
// then inside that plane, and each output row of an unfolded row is one short copy with no
// padding to work out (4, 7 or 14 scalars in fashion-resnet, where the checks and the calls to
// `memset` for the padding cost more than the copies). The fold adds into the padded plane and
// then copies its inside onto the image, so the image gradient needs no zeroing first.

@inline(__always)
private func load8<Scalar: TensorScalar>(_ p: UnsafePointer<Scalar>) -> SIMD8<Scalar> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Scalar>.self)
}
@inline(__always)
private func store8<Scalar: TensorScalar>(_ v: SIMD8<Scalar>, _ p: UnsafeMutablePointer<Scalar>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Scalar>.self)
}
@inline(__always)
private func load4<Scalar: TensorScalar>(_ p: UnsafePointer<Scalar>) -> SIMD4<Scalar> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Scalar>.self)
}
@inline(__always)
private func store4<Scalar: TensorScalar>(_ v: SIMD4<Scalar>, _ p: UnsafeMutablePointer<Scalar>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Scalar>.self)
}

/// `destination[i] = source[i]` for `i < count`, eight at a time, the last vector overlapping the
/// one before it instead of a scalar tail (a 7-scalar row is two overlapping copies of 4).
@inline(__always)
private func copyRow<Scalar: TensorScalar>(_ source: UnsafePointer<Scalar>, _ destination: UnsafeMutablePointer<Scalar>, _ count: Int) {
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
private func zeroRow<Scalar: TensorScalar>(_ destination: UnsafeMutablePointer<Scalar>, _ count: Int) {
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

/// Unfolds one image (`C x H x W`) into `columns`, its `(C·kH·kW) x (oH·oW)` matrix of windows.
/// `plane` is scratch for one padded plane (``SpatialWindows/paddedPlaneSize`` scalars and 8
/// more, which copies of every other scalar may read).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func unfold<Scalar: TensorScalar>(_ image: UnsafePointer<Scalar>, into columns: UnsafeMutablePointer<Scalar>, _ g: SpatialWindows,
                                  plane: UnsafeMutablePointer<Scalar>) {
    let (oH, oW, h, w, dH, dW) = (g.outputHeight, g.outputWidth, g.inputHeight, g.inputWidth, g.strideHeight, g.strideWidth)
    let padded = g.padHeight > 0 || g.padWidth > 0
    let width = w + 2 * g.padWidth
    if padded { zeroRow(plane, g.paddedPlaneSize) }  // the padding, which the copies below leave alone
    var row = columns
    for c in 0..<g.planes {
        var source = image + c * h * w  // without padding, the image's own plane
        if padded {
            for y in 0..<h { copyRow(source + y * w, plane + (y + g.padHeight) * width + g.padWidth, w) }
            source = UnsafePointer(plane)
        }
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                // Output row oy of this unfolded row reads the padded plane's row oy·dH + ky, from kx.
                var window = source + ky * width + kx
                for _ in 0..<oH {
                    switch dW {
                    case 1: copyRow(window, row, oW)
                    case 2: copyEveryOther(window, row, oW, mayReadPast: padded)
                    default: for ox in 0..<oW { row[ox] = window[ox * dW] }
                    }
                    window += dH * width
                    row += oW
                }
            }
        }
    }
}

/// Folds `columns`, a `(C·kH·kW) x (oH·oW)` matrix of windows, back onto one image
/// (`C x H x W`), each image scalar becoming the sum of the entries unfolded from it (entries in
/// the padding are dropped): the transpose of ``unfold(_:into:_:plane:)``. The image is
/// overwritten, not added to. `plane` is scratch for one padded plane.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func fold<Scalar: TensorScalar>(_ columns: UnsafePointer<Scalar>, into image: UnsafeMutablePointer<Scalar>, _ g: SpatialWindows,
                                plane: UnsafeMutablePointer<Scalar>) {
    let (oH, oW, h, w, dH, dW) = (g.outputHeight, g.outputWidth, g.inputHeight, g.inputWidth, g.strideHeight, g.strideWidth)
    let width = w + 2 * g.padWidth
    var row = columns
    for c in 0..<g.planes {
        zeroRow(plane, g.paddedPlaneSize)
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                var window = plane + ky * width + kx
                for _ in 0..<oH {
                    if dW == 1 {
                        addRow(row, window, oW)
                    } else {
                        for ox in 0..<oW { window[ox * dW] += row[ox] }
                    }
                    window += dH * width
                    row += oW
                }
            }
        }
        let target = image + c * h * w
        for y in 0..<h { copyRow(plane + (y + g.padHeight) * width + g.padWidth, target + y * w, w) }
    }
}

/// The images of a batch are handed out in blocks of this many, each block summing its parameter
/// gradients into a buffer of its own: `runInHalves` cuts a loop at a multiple of 8, so no block
/// is ever shared by two threads, and the sums (added block by block, in order) never depend on
/// which thread computed what.
let imagesPerGradientBlock = 8

/// Scratch for each of the two threads that can share a batch: one unfolded image and one padded
/// plane. The part of a loop that starts at 0 (the calling thread's) uses the first, any other
/// part (the helper thread's) the second.
struct UnfoldBuffers<Scalar: TensorScalar> {
    let columns: (UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>)
    let planes: (UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>)

    /// The buffers of the part of a loop that starts at `start`.
    func of(partStartingAt start: Int) -> (columns: UnsafeMutablePointer<Scalar>, plane: UnsafeMutablePointer<Scalar>) {
        start == 0 ? (columns.0, planes.0) : (columns.1, planes.1)
    }
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

/// Whether a convolution's forward products read its weight transposed: when they are in OpenBLAS
/// 0.3.21's small-matrix range (at most 10⁶ multiply-adds, `sgemm_small_matrix_permit` of its
/// SkylakeX and Cooperlake kernels). Its small kernel for products without transposes allocates
/// memory on every call when the output has 16 or 32 rows (the 16- and 32-plane layers of
/// fashion-resnet), and the one for a transposed first operand does not
/// (`Benchmarks/openblas-small-gemm-mallocs.c`). Larger products keep the weight as it is.
func readsTransposedWeight(_ outputPlanes: Int, _ g: SpatialWindows) -> Bool {
    outputPlanes * g.unfoldedRows * g.outputPlaneSize <= 1_000_000
}

/// SpatialConvolution's forward pass over the images `start..<end` of a batch: each image is
/// unfolded into this thread's buffer, and its output is `bias` (broadcast along each plane) plus
/// the weight times its unfolded image, one GEMM. The helper thread can take a part of the images.
/// The weight is `nOutputPlane x (C·kH·kW)`, or its transpose when `weightIsTransposed` (see
/// ``readsTransposedWeight(_:_:)``).
struct ConvolutionForward<Scalar: TensorScalar>: HalvableLoop {
    let windows: SpatialWindows, outputPlanes: Int
    let input: UnsafePointer<Scalar>
    let weight: UnsafePointer<Scalar>, weightIsTransposed: Bool, bias: UnsafePointer<Scalar>?
    let output: UnsafeMutablePointer<Scalar>
    let columns: UnfoldBuffers<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let (rows, positions) = (windows.unfoldedRows, windows.outputPlaneSize)
        let (buffer, plane) = columns.of(partStartingAt: start)
        for n in start..<end {
            let image = input + n * windows.inputImageSize
            var unfolded = image  // a 1x1 kernel: the image is its own unfolding
            if !windows.unfoldsToItself {
                unfold(image, into: buffer, windows, plane: plane)
                unfolded = UnsafePointer(buffer)
            }
            let y = output + n * outputPlanes * positions
            if let bias {
                for o in 0..<outputPlanes { (y + o * positions).update(repeating: bias[o], count: positions) }
            }
            if weightIsTransposed {
                gemm(weight, rows: rows, columns: outputPlanes, transposed: true,
                     unfolded, rows: rows, columns: positions, transposed: false,
                     into: y, beta: bias == nil ? 0 : 1)
            } else {
                gemm(weight, rows: outputPlanes, columns: rows, transposed: false,
                     unfolded, rows: rows, columns: positions, transposed: false,
                     into: y, beta: bias == nil ? 0 : 1)
            }
        }
    }
}

/// SpatialConvolution's backward pass over the images `start..<end` of a batch:
/// - the input gradient (when `gradInput` is given): `weightᵀ` times the output gradient, folded
///   back onto the image;
/// - the parameter gradients (when `weightSums` is given): the image is unfolded again (into this
///   thread's buffer, where it stays in cache; keeping the whole batch's unfolded images from the
///   forward pass would take 75 MB for a 64-plane 3x3 layer on 32 32x32 images), and each block
///   of ``imagesPerGradientBlock`` images adds its output gradients times their unfolded images
///   (transposed) into its own slice of `weightSums`, and the sums of its output gradient planes
///   into its own slice of `biasSums` (when given); the layer adds up the blocks afterwards.
struct ConvolutionBackward<Scalar: TensorScalar>: HalvableLoop {
    let windows: SpatialWindows, outputPlanes: Int
    let input: UnsafePointer<Scalar>, gradOutput: UnsafePointer<Scalar>, weight: UnsafePointer<Scalar>
    var gradInput: UnsafeMutablePointer<Scalar>?
    let weightSums: UnsafeMutablePointer<Scalar>?, biasSums: UnsafeMutablePointer<Scalar>?
    let columns: UnfoldBuffers<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let (rows, positions) = (windows.unfoldedRows, windows.outputPlaneSize)
        let (buffer, plane) = columns.of(partStartingAt: start)
        for n in start..<end {
            let dy = gradOutput + n * outputPlanes * positions
            let image = input + n * windows.inputImageSize
            if let gradInput {
                let dx = gradInput + n * windows.inputImageSize
                if windows.unfoldsToItself {  // dX = Wᵀ dY directly
                    gemm(weight, rows: outputPlanes, columns: rows, transposed: true,
                         dy, rows: outputPlanes, columns: positions, transposed: false, into: dx)
                } else {  // dX = fold(Wᵀ dY)
                    gemm(weight, rows: outputPlanes, columns: rows, transposed: true,
                         dy, rows: outputPlanes, columns: positions, transposed: false, into: buffer)
                    fold(buffer, into: dx, windows, plane: plane)
                }
            }
            guard let weightSums else { continue }
            var unfolded = image
            if !windows.unfoldsToItself {
                unfold(image, into: buffer, windows, plane: plane)
                unfolded = UnsafePointer(buffer)
            }
            let block = n / imagesPerGradientBlock
            // dW_block += dY · unfoldedᵀ
            gemm(dy, rows: outputPlanes, columns: positions, transposed: false,
                 unfolded, rows: rows, columns: positions, transposed: true,
                 into: weightSums + block * outputPlanes * rows, beta: 1)
            if let biasSums {  // db_block += Σ over each plane of dY
                for o in 0..<outputPlanes { biasSums[block * outputPlanes + o] += sumOf(dy + o * positions, positions) }
            }
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
