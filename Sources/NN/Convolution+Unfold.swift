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

/// `destination[i] = source[i]` for `i < count`, eight at a time: the rows an unfolding copies are
/// short (a few dozen scalars), where a call to `memmove` costs more than the copy.
@inline(__always)
private func copyShort<Scalar: TensorScalar>(_ source: UnsafePointer<Scalar>, _ destination: UnsafeMutablePointer<Scalar>, _ count: Int) {
    var i = 0
    while i + 8 <= count {
        UnsafeMutableRawPointer(destination + i).storeBytes(of: UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Scalar>.self),
                                                            as: SIMD8<Scalar>.self)
        i += 8
    }
    while i < count {
        destination[i] = source[i]
        i += 1
    }
}

/// `destination[i] += source[i]` for `i < count`, eight at a time.
@inline(__always)
private func addShort<Scalar: TensorScalar>(_ source: UnsafePointer<Scalar>, _ destination: UnsafeMutablePointer<Scalar>, _ count: Int) {
    var i = 0
    while i + 8 <= count {
        let sum = UnsafeRawPointer(destination + i).loadUnaligned(as: SIMD8<Scalar>.self)
            + UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Scalar>.self)
        UnsafeMutableRawPointer(destination + i).storeBytes(of: sum, as: SIMD8<Scalar>.self)
        i += 8
    }
    while i < count {
        destination[i] += source[i]
        i += 1
    }
}

/// The sum of `count` scalars, with eight running sums (a single one would wait on each addition).
@inline(__always)
func sumOf<Scalar: TensorScalar>(_ values: UnsafePointer<Scalar>, _ count: Int) -> Scalar {
    var sums = SIMD8<Scalar>(), i = 0
    while i + 8 <= count {
        sums += UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Scalar>.self)
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
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func unfold<Scalar: TensorScalar>(_ image: UnsafePointer<Scalar>, into columns: UnsafeMutablePointer<Scalar>, _ g: SpatialWindows) {
    let (oH, oW, h, w, dH, dW) = (g.outputHeight, g.outputWidth, g.inputHeight, g.inputWidth, g.strideHeight, g.strideWidth)
    var row = columns
    for c in 0..<g.planes {
        let plane = image + c * h * w
        for ky in 0..<g.kernelHeight {
            // The output rows whose window row ky is in the image; the others are in the padding.
            let rows = insidePositions(count: oH, stride: dH, offset: ky - g.padHeight, size: h)
            for kx in 0..<g.kernelWidth {
                let offset = kx - g.padWidth
                let inside = insidePositions(count: oW, stride: dW, offset: offset, size: w)
                if g.shiftsPlanes {
                    unfoldShifted(plane, into: row, rows: rows, inside: inside, shift: (ky - g.padHeight) * w + offset, g)
                    row += oH * oW
                    continue
                }
                row.update(repeating: 0, count: rows.lowerBound * oW)
                (row + rows.upperBound * oW).update(repeating: 0, count: (oH - rows.upperBound) * oW)
                var source = plane + (rows.lowerBound * dH + ky - g.padHeight) * w + offset + inside.lowerBound * dW
                var destination = row + rows.lowerBound * oW
                if inside.count == oW && dW == 1 {  // no padding on this row: one copy per output row
                    for _ in rows {
                        copyShort(source, destination, oW)
                        source += dH * w
                        destination += oW
                    }
                } else {
                    // Padding on this row's sides: the rows' zeros in one fill (a fill per side of
                    // every output row was a call per scalar or two on small maps), then the insides.
                    (row + rows.lowerBound * oW).update(repeating: 0, count: rows.count * oW)
                    for _ in rows {
                        if dW == 1 {
                            copyShort(source, destination + inside.lowerBound, inside.count)
                        } else {
                            for i in 0..<inside.count { destination[inside.lowerBound + i] = source[i * dW] }
                        }
                        source += dH * w
                        destination += oW
                    }
                }
                row += oH * oW
            }
        }
    }
}

// Windows that move one scalar at a time and keep the image's width (a `(2p+1)`-wide kernel with
// padding `p`, stride 1; `SpatialWindows.shiftsPlanes`): output position `o` (row-major over the
// output plane) reads input position `o + shift` of the plane, `shift = (ky − padH)·W + kx − padW`,
// for every kernel element. The unfolded row is then one long copy of the plane, shifted, instead
// of one short copy per output row (a few scalars each on 14x14, 7x7 and 4x4 maps), and the zeros
// where the window is in the padding: the rows above and below, and on the rows between, the
// columns on the side the window overhangs (the copy has brought in the neighbouring row's end).

/// One unfolded row of shifting windows (see above): `rows` and `inside` are the output rows and
/// columns whose window element is in the image.
@inline(__always)
private func unfoldShifted<Scalar: TensorScalar>(_ plane: UnsafePointer<Scalar>, into row: UnsafeMutablePointer<Scalar>,
                                                 rows: Range<Int>, inside: Range<Int>, shift: Int, _ g: SpatialWindows) {
    let (width, size) = (g.outputWidth, g.outputPlaneSize)
    guard !rows.isEmpty && !inside.isEmpty else { return row.update(repeating: 0, count: size) }
    // The first and one past the last position whose window element is in the image; every
    // position between reads inside the plane, since o + shift grows with o.
    let first = rows.lowerBound * width + inside.lowerBound, end = (rows.upperBound - 1) * width + inside.upperBound
    row.update(repeating: 0, count: first)
    copyShort(plane + first + shift, row + first, end - first)
    (row + end).update(repeating: 0, count: size - end)
    zeroOverhangs(row, rows: rows, inside: inside, width: width)
}

/// Adds one unfolded row of shifting windows back onto its plane: the transpose of
/// `unfoldShifted`. Zeroes the row's entries where the window overhangs a side first, so that one
/// long addition adds nothing there.
@inline(__always)
private func foldShifted<Scalar: TensorScalar>(_ row: UnsafeMutablePointer<Scalar>, onto plane: UnsafeMutablePointer<Scalar>,
                                               rows: Range<Int>, inside: Range<Int>, shift: Int, _ g: SpatialWindows) {
    let width = g.outputWidth
    guard !rows.isEmpty && !inside.isEmpty else { return }
    let first = rows.lowerBound * width + inside.lowerBound, end = (rows.upperBound - 1) * width + inside.upperBound
    zeroOverhangs(row, rows: rows, inside: inside, width: width)
    addShort(row + first, plane + first + shift, end - first)
}

/// Zeroes, on each of `rows` of a `width`-wide output plane, the columns outside `inside`.
@inline(__always)
private func zeroOverhangs<Scalar: TensorScalar>(_ row: UnsafeMutablePointer<Scalar>, rows: Range<Int>, inside: Range<Int>, width: Int) {
    guard inside.count < width else { return }
    for y in rows {
        let line = row + y * width
        for x in 0..<inside.lowerBound { line[x] = 0 }
        for x in inside.upperBound..<width { line[x] = 0 }
    }
}

/// Folds `columns`, a `(C·kH·kW) x (oH·oW)` matrix of windows, back onto one image
/// (`C x H x W`), adding every entry to the input scalar it was unfolded from (entries in the
/// padding are dropped): the transpose of ``unfold(_:into:_:)``. `columns` is scratch: its
/// entries in the padding may be overwritten with zeros.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func foldAdding<Scalar: TensorScalar>(_ columns: UnsafeMutablePointer<Scalar>, onto image: UnsafeMutablePointer<Scalar>, _ g: SpatialWindows) {
    let (oH, oW, h, w, dH, dW) = (g.outputHeight, g.outputWidth, g.inputHeight, g.inputWidth, g.strideHeight, g.strideWidth)
    var row = columns
    for c in 0..<g.planes {
        let plane = image + c * h * w
        for ky in 0..<g.kernelHeight {
            let rows = insidePositions(count: oH, stride: dH, offset: ky - g.padHeight, size: h)
            for kx in 0..<g.kernelWidth {
                let offset = kx - g.padWidth
                let inside = insidePositions(count: oW, stride: dW, offset: offset, size: w)
                if g.shiftsPlanes {
                    foldShifted(row, onto: plane, rows: rows, inside: inside, shift: (ky - g.padHeight) * w + offset, g)
                    row += oH * oW
                    continue
                }
                var source = row + rows.lowerBound * oW + inside.lowerBound
                var destination = plane + (rows.lowerBound * dH + ky - g.padHeight) * w + offset + inside.lowerBound * dW
                for _ in rows {
                    if dW == 1 {
                        addShort(source, destination, inside.count)
                    } else {
                        for i in 0..<inside.count { destination[i * dW] += source[i] }
                    }
                    source += oW
                    destination += dH * w
                }
                row += oH * oW
            }
        }
    }
}

/// The images of a batch are handed out in blocks of this many, each block summing its parameter
/// gradients into a buffer of its own: `runInHalves` cuts a loop at a multiple of 8, so no block
/// is ever shared by two threads, and the sums (added block by block, in order) never depend on
/// which thread computed what.
let imagesPerGradientBlock = 8

/// A buffer for one unfolded image per thread: the part of a loop that starts at 0 (the calling
/// thread's) uses `first`, any other part (the helper thread's) `other`.
struct UnfoldBuffers<Scalar: TensorScalar> {
    let first: UnsafeMutablePointer<Scalar>, other: UnsafeMutablePointer<Scalar>

    /// The buffer of the part of a loop that starts at `start`.
    func of(partStartingAt start: Int) -> UnsafeMutablePointer<Scalar> { start == 0 ? first : other }
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
        let buffer = columns.of(partStartingAt: start)
        for n in start..<end {
            let image = input + n * windows.inputImageSize
            var unfolded = image  // a 1x1 kernel: the image is its own unfolding
            if !windows.unfoldsToItself {
                unfold(image, into: buffer, windows)
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
        let buffer = columns.of(partStartingAt: start)
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
                    dx.update(repeating: 0, count: windows.inputImageSize)
                    foldAdding(buffer, onto: dx, windows)
                }
            }
            guard let weightSums else { continue }
            var unfolded = image
            if !windows.unfoldsToItself {
                unfold(image, into: buffer, windows)
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
