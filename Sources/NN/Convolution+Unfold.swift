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
private func insidePositions(count: Int, stride: Int, offset: Int, size: Int) -> Range<Int> {
    let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
    let last = size - 1 - offset  // o·stride <= last
    let end = last < 0 ? 0 : Swift.min(count, last / stride + 1)
    return Swift.min(first, end)..<end
}

/// Unfolds one image (`C x H x W`) into `columns`, its `(C·kH·kW) x (oH·oW)` matrix of windows.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func unfold<Scalar: TensorScalar>(_ image: UnsafePointer<Scalar>, into columns: UnsafeMutablePointer<Scalar>, _ g: SpatialWindows) {
    let (oH, oW, h, w, dW) = (g.outputHeight, g.outputWidth, g.inputHeight, g.inputWidth, g.strideWidth)
    var row = columns
    for c in 0..<g.planes {
        let plane = image + c * h * w
        for ky in 0..<g.kernelHeight {
            let rows = insidePositions(count: oH, stride: g.strideHeight, offset: ky - g.padHeight, size: h)
            for kx in 0..<g.kernelWidth {
                let offset = kx - g.padWidth
                let inside = insidePositions(count: oW, stride: dW, offset: offset, size: w)
                for oy in 0..<oH {
                    let destination = row + oy * oW
                    guard rows.contains(oy) else {
                        destination.update(repeating: 0, count: oW)
                        continue
                    }
                    let source = plane + (oy * g.strideHeight + ky - g.padHeight) * w + offset
                    destination.update(repeating: 0, count: inside.lowerBound)
                    if dW == 1 {
                        (destination + inside.lowerBound).update(from: source + inside.lowerBound, count: inside.count)
                    } else {
                        for ox in inside { destination[ox] = source[ox * dW] }
                    }
                    (destination + inside.upperBound).update(repeating: 0, count: oW - inside.upperBound)
                }
                row += oH * oW
            }
        }
    }
}

/// Folds `columns`, a `(C·kH·kW) x (oH·oW)` matrix of windows, back onto one image
/// (`C x H x W`), adding every entry to the input scalar it was unfolded from (entries in the
/// padding are dropped): the transpose of ``unfold(_:into:_:)``.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func foldAdding<Scalar: TensorScalar>(_ columns: UnsafePointer<Scalar>, onto image: UnsafeMutablePointer<Scalar>, _ g: SpatialWindows) {
    let (oH, oW, h, w, dW) = (g.outputHeight, g.outputWidth, g.inputHeight, g.inputWidth, g.strideWidth)
    var row = columns
    for c in 0..<g.planes {
        let plane = image + c * h * w
        for ky in 0..<g.kernelHeight {
            let rows = insidePositions(count: oH, stride: g.strideHeight, offset: ky - g.padHeight, size: h)
            for kx in 0..<g.kernelWidth {
                let offset = kx - g.padWidth
                let inside = insidePositions(count: oW, stride: dW, offset: offset, size: w)
                for oy in rows {
                    let source = row + oy * oW
                    let destination = plane + (oy * g.strideHeight + ky - g.padHeight) * w + offset
                    if dW == 1 {
                        for ox in inside { destination[ox] += source[ox] }
                    } else {
                        for ox in inside { destination[ox * dW] += source[ox] }
                    }
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

/// SpatialConvolution's forward pass over the images `start..<end` of a batch: each image is
/// unfolded into its own slice of `columns` (kept for the backward pass), and its output is
/// `bias` (broadcast along each plane) plus `weight` times its unfolded image, one GEMM. The
/// helper thread can take a part of the images.
struct ConvolutionForward<Scalar: TensorScalar>: HalvableLoop {
    let windows: SpatialWindows, outputPlanes: Int
    let input: UnsafePointer<Scalar>
    /// Where the unfolded images go; nil when an image is its own unfolding (a 1x1 kernel).
    let columns: UnsafeMutablePointer<Scalar>?
    let weight: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?
    let output: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let (rows, positions) = (windows.unfoldedRows, windows.outputPlaneSize)
        for n in start..<end {
            let image = input + n * windows.inputImageSize
            var unfolded = image
            if let columns {
                unfold(image, into: columns + n * rows * positions, windows)
                unfolded = UnsafePointer(columns + n * rows * positions)
            }
            let y = output + n * outputPlanes * positions
            if let bias {
                for o in 0..<outputPlanes { (y + o * positions).update(repeating: bias[o], count: positions) }
            }
            gemm(weight, rows: outputPlanes, columns: rows, transposed: false,
                 unfolded, rows: rows, columns: positions, transposed: false,
                 into: y, beta: bias == nil ? 0 : 1)
        }
    }
}

/// SpatialConvolution's backward pass over the images `start..<end` of a batch, with the
/// unfolded images of the forward pass:
/// - the input gradient (when `gradInput` is given): `weightᵀ` times the output gradient, folded
///   back onto the image; a part of the loop starting at 0 and any other part use separate
///   `gradColumns` buffers, so the caller and the helper thread can each take one;
/// - the parameter gradients (when `weightSums` is given): each block of
///   ``imagesPerGradientBlock`` images adds its output gradients times their unfolded images
///   (transposed) into its own slice of `weightSums`, and the sums of its output gradient planes
///   into its own slice of `biasSums` (when given); the layer adds up the blocks afterwards.
struct ConvolutionBackward<Scalar: TensorScalar>: HalvableLoop {
    let windows: SpatialWindows, outputPlanes: Int
    let gradOutput: UnsafePointer<Scalar>, weight: UnsafePointer<Scalar>
    /// The unfolded images of the forward pass (the input itself for a 1x1 kernel).
    let columns: UnsafePointer<Scalar>
    var gradInput: UnsafeMutablePointer<Scalar>?
    let gradColumns: (first: UnsafeMutablePointer<Scalar>, other: UnsafeMutablePointer<Scalar>)
    let weightSums: UnsafeMutablePointer<Scalar>?, biasSums: UnsafeMutablePointer<Scalar>?

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let (rows, positions) = (windows.unfoldedRows, windows.outputPlaneSize)
        let scratch = start == 0 ? gradColumns.first : gradColumns.other
        for n in start..<end {
            let dy = gradOutput + n * outputPlanes * positions
            let unfolded = columns + n * rows * positions
            if let gradInput {
                let dx = gradInput + n * windows.inputImageSize
                if windows.unfoldsToItself {  // dX = Wᵀ dY directly
                    gemm(weight, rows: outputPlanes, columns: rows, transposed: true,
                         dy, rows: outputPlanes, columns: positions, transposed: false, into: dx)
                } else {  // dX = fold(Wᵀ dY)
                    gemm(weight, rows: outputPlanes, columns: rows, transposed: true,
                         dy, rows: outputPlanes, columns: positions, transposed: false, into: scratch)
                    dx.update(repeating: 0, count: windows.inputImageSize)
                    foldAdding(scratch, onto: dx, windows)
                }
            }
            guard let weightSums else { continue }
            let block = n / imagesPerGradientBlock
            // dW_block += dY · unfoldedᵀ
            gemm(dy, rows: outputPlanes, columns: positions, transposed: false,
                 unfolded, rows: rows, columns: positions, transposed: true,
                 into: weightSums + block * outputPlanes * rows, beta: 1)
            if let biasSums {  // db_block += Σ over each plane of dY
                for o in 0..<outputPlanes {
                    let plane = dy + o * positions
                    var sum: Scalar = 0
                    for i in 0..<positions { sum += plane[i] }
                    biasSums[block * outputPlanes + o] += sum
                }
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
