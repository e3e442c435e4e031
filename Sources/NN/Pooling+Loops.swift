// The loops of the pooling, padding and spatial dropout modules, kept out of their files so that
// each module reads like its equations. Each works on whole planes (`H x W`, one per image and
// channel of a batch), so the pooling loops are values `runInHalves` can cut between the calling
// thread and Wick's helper thread. Pooling windows follow Torch7 (THNN's
// `SpatialDilatedMaxPooling.c` and `SpatialAveragePooling.c`): the window at output `(oy, ox)`
// covers rows `oy·dH − padH ..< oy·dH − padH + kH` and the matching columns, clipped to the input.

/// The rows (or columns) of the input under the window at output position `o`: `start..<end`
/// before clipping, and clipped to `0..<size`.
@inline(__always)
private func window(_ o: Int, stride: Int, pad: Int, kernel: Int, size: Int) -> (clipped: Range<Int>, unclippedEnd: Int, start: Int) {
    let start = o * stride - pad
    let end = start + kernel
    return (Swift.max(start, 0)..<Swift.min(end, size), end, start)
}

/// Max pooling over the planes `start..<end`: each output is the largest input under its window,
/// the first one in row-major order among equals (Torch7's `>` scan), and `indices` records where
/// it is in its plane (`row · W + column`, 0-based). NaNs are passed over, as in Torch7; a window
/// with nothing larger than −∞ gives −∞ at its first element.
struct MaxPoolingForward<Scalar: TensorScalar>: HalvableLoop {
    let windows: SpatialWindows
    let input: UnsafePointer<Scalar>, output: UnsafeMutablePointer<Scalar>, indices: UnsafeMutablePointer<Int32>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let g = windows, w = g.inputWidth
        let pairs = g.kernelWidth == 2 && g.strideWidth == 2 && g.padWidth == 0 && g.kernelHeight == 2
        for plane in start..<end {
            let x = input + plane * g.inputPlaneSize
            for oy in 0..<g.outputHeight {
                let rows = window(oy, stride: g.strideHeight, pad: g.padHeight, kernel: g.kernelHeight, size: g.inputHeight).clipped
                let best = output + plane * g.outputPlaneSize + oy * g.outputWidth
                let at = indices + plane * g.outputPlaneSize + oy * g.outputWidth
                var ox = 0
                if pairs && rows.count == 2 {
                    ox = maxOfPairs(x, rows.lowerBound, best, at)
                    // The whole windows left, fewer than four, one at a time in the same order.
                    while ox < g.outputWidth && 2 * ox + 1 < w {
                        let a = rows.lowerBound * w + 2 * ox
                        var largest = -Scalar.infinity, position = a
                        func take(_ i: Int) { if x[i] > largest { (largest, position) = (x[i], i) } }
                        take(a); take(a + 1); take(a + w); take(a + w + 1)
                        best[ox] = largest
                        at[ox] = Int32(truncatingIfNeeded: position)
                        ox += 1
                    }
                }
                for ox in ox..<g.outputWidth {
                    let columns = window(ox, stride: g.strideWidth, pad: g.padWidth, kernel: g.kernelWidth, size: w).clipped
                    var largest = -Scalar.infinity, position = rows.lowerBound * w + columns.lowerBound
                    for y in rows {
                        for i in (y * w + columns.lowerBound)..<(y * w + columns.upperBound) {
                            // Selects, not a branch: on data a branch is mispredicted half the time.
                            let value = x[i], larger = value > largest
                            largest = larger ? value : largest
                            position = larger ? i : position
                        }
                    }
                    best[ox] = largest
                    at[ox] = Int32(truncatingIfNeeded: position)
                }
            }
        }
    }

    /// The 2x2 windows moved by 2 columns over rows `top` and `top + 1` (LeNet's and VGG's
    /// pooling), four outputs at a time: `a b` over `c d`, taken in that order. Returns the number
    /// of outputs done (the rest, fewer than four, are left to the general loop).
    @inline(__always)
    private func maxOfPairs(_ x: UnsafePointer<Scalar>, _ top: Int, _ best: UnsafeMutablePointer<Scalar>,
                           _ at: UnsafeMutablePointer<Int32>) -> Int {
        typealias Index = Scalar.SIMDMaskScalar  // Int32 for Float, Int64 for Double: the comparisons' mask type
        let w = windows.inputWidth, count = Swift.min(windows.outputWidth, w / 2) / 4 * 4
        let lanes = SIMD4<Index>(0, 2, 4, 6)
        for ox in stride(from: 0, to: count, by: 4) {
            let upper = UnsafeRawPointer(x + top * w + 2 * ox).loadUnaligned(as: SIMD8<Scalar>.self)
            let lower = UnsafeRawPointer(x + (top + 1) * w + 2 * ox).loadUnaligned(as: SIMD8<Scalar>.self)
            let first = SIMD4<Index>(repeating: Index(truncatingIfNeeded: top * w + 2 * ox)) &+ lanes
            var largest = SIMD4<Scalar>(repeating: -.infinity), position = first
            func take(_ values: SIMD4<Scalar>, _ offset: Int) {
                let larger = values .> largest
                largest.replace(with: values, where: larger)
                position.replace(with: first &+ Index(truncatingIfNeeded: offset), where: larger)
            }
            take(upper.evenHalf, 0)
            take(upper.oddHalf, 1)
            take(lower.evenHalf, w)
            take(lower.oddHalf, w + 1)
            UnsafeMutableRawPointer(best + ox).storeBytes(of: largest, as: SIMD4<Scalar>.self)
            UnsafeMutableRawPointer(at + ox).storeBytes(of: SIMD4<Int32>(truncatingIfNeeded: position), as: SIMD4<Int32>.self)
        }
        return count
    }
}

/// The input gradient of max pooling over the planes `start..<end`: each output's gradient goes
/// to the input its maximum came from (`indices`), summed where windows overlap.
struct MaxPoolingBackward<Scalar: TensorScalar>: HalvableLoop {
    let windows: SpatialWindows
    let gradOutput: UnsafePointer<Scalar>, indices: UnsafePointer<Int32>, gradInput: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let (inSize, outSize) = (windows.inputPlaneSize, windows.outputPlaneSize)
        for plane in start..<end {
            let dx = gradInput + plane * inSize
            dx.update(repeating: 0, count: inSize)
            for o in (plane * outSize)..<((plane + 1) * outSize) { dx[Int(indices[o])] += gradOutput[o] }
        }
    }
}

/// The output positions `o` in `0..<count` for which `o·stride + offset` falls inside
/// `0..<size`: a range, empty when there are none.
@inline(__always)
func insidePositions(count: Int, stride: Int, offset: Int, size: Int) -> Range<Int> {
    let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
    let last = size - 1 - offset  // o·stride <= last
    let end = last < 0 ? 0 : Swift.min(count, last / stride + 1)
    return Swift.min(first, end)..<end
}

/// How many inputs an average-pooling window at `(rows, columns)` divides by: the whole window
/// within the padded input (`countIncludePad`, Torch7's default), or the inputs under it.
@inline(__always)
private func divisor(_ rows: (clipped: Range<Int>, unclippedEnd: Int, start: Int),
                     _ columns: (clipped: Range<Int>, unclippedEnd: Int, start: Int),
                     _ g: SpatialWindows, countIncludePad: Bool) -> Int {
    guard countIncludePad else { return rows.clipped.count * columns.clipped.count }
    // The window, cut at the end of the right and bottom padding (in ceil mode it can reach past it).
    let height = Swift.min(rows.unclippedEnd, g.inputHeight + g.padHeight) - rows.start
    let width = Swift.min(columns.unclippedEnd, g.inputWidth + g.padWidth) - columns.start
    return height * width
}

/// Average pooling over the planes `start..<end`: each output is the sum of the inputs under its
/// window divided by ``divisor(_:_:_:countIncludePad:)``. A row of outputs is summed at once,
/// kernel element by kernel element.
struct AveragePoolingForward<Scalar: TensorScalar>: HalvableLoop {
    let windows: SpatialWindows, countIncludePad: Bool
    let input: UnsafePointer<Scalar>, output: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let g = windows, (w, oW, dW, padW) = (g.inputWidth, g.outputWidth, g.strideWidth, g.padWidth)
        for plane in start..<end {
            let x = input + plane * g.inputPlaneSize
            for oy in 0..<g.outputHeight {
                let rows = window(oy, stride: g.strideHeight, pad: g.padHeight, kernel: g.kernelHeight, size: g.inputHeight)
                let sums = output + plane * g.outputPlaneSize + oy * oW
                sums.update(repeating: 0, count: oW)
                for y in rows.clipped {
                    for kx in 0..<g.kernelWidth {
                        let row = x + y * w + kx - padW
                        for ox in insidePositions(count: oW, stride: dW, offset: kx - padW, size: w) { sums[ox] += row[ox * dW] }
                    }
                }
                for ox in 0..<oW {
                    let columns = window(ox, stride: dW, pad: padW, kernel: g.kernelWidth, size: w)
                    sums[ox] /= Scalar(divisor(rows, columns, g, countIncludePad: countIncludePad))
                }
            }
        }
    }
}

/// The input gradient of average pooling over the planes `start..<end`: each output's gradient,
/// divided as in the forward pass, is added to every input under its window.
struct AveragePoolingBackward<Scalar: TensorScalar>: HalvableLoop {
    let windows: SpatialWindows, countIncludePad: Bool
    let gradOutput: UnsafePointer<Scalar>, gradInput: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let g = windows, w = g.inputWidth
        for plane in start..<end {
            let dx = gradInput + plane * g.inputPlaneSize
            dx.update(repeating: 0, count: g.inputPlaneSize)
            var dy = gradOutput + plane * g.outputPlaneSize
            for oy in 0..<g.outputHeight {
                let rows = window(oy, stride: g.strideHeight, pad: g.padHeight, kernel: g.kernelHeight, size: g.inputHeight)
                for ox in 0..<g.outputWidth {
                    let columns = window(ox, stride: g.strideWidth, pad: g.padWidth, kernel: g.kernelWidth, size: w)
                    let share = dy.pointee / Scalar(divisor(rows, columns, g, countIncludePad: countIncludePad))
                    for y in rows.clipped {
                        for i in (y * w + columns.clipped.lowerBound)..<(y * w + columns.clipped.upperBound) { dx[i] += share }
                    }
                    dy += 1
                }
            }
        }
    }
}

/// Copies `planes` planes of `source` (`sourceHeight x sourceWidth` each) into `destination`
/// (`height x width` each), source row `r` and column `c` landing at `r + top`, `c + left`;
/// destination scalars no source scalar lands on are 0, and source scalars that land outside are
/// dropped. SpatialZeroPadding's forward pass (and, with the offsets negated, its backward pass).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func copyPlanes<Scalar: TensorScalar>(
    _ source: UnsafePointer<Scalar>, sourceHeight: Int, sourceWidth: Int,
    into destination: UnsafeMutablePointer<Scalar>, height: Int, width: Int,
    planes: Int, top: Int, left: Int
) {
    let rows = Swift.max(0, top)..<Swift.max(Swift.max(0, top), Swift.min(height, sourceHeight + top))
    let columns = Swift.max(0, left)..<Swift.max(Swift.max(0, left), Swift.min(width, sourceWidth + left))
    for p in 0..<planes {
        let from = source + p * sourceHeight * sourceWidth, to = destination + p * height * width
        to.update(repeating: 0, count: height * width)
        guard !columns.isEmpty else { continue }
        for r in rows {
            (to + r * width + columns.lowerBound).update(from: from + (r - top) * sourceWidth + columns.lowerBound - left,
                                                         count: columns.count)
        }
    }
}

/// `output = input · mask[plane]` for each plane of `planeSize` scalars: SpatialDropout's masking
/// of whole feature maps (and of their gradients).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func scalePlanes<Scalar: TensorScalar>(_ input: UnsafePointer<Scalar>, by mask: UnsafePointer<Scalar>, planes: Int,
                                       planeSize: Int, into output: UnsafeMutablePointer<Scalar>) {
    for p in 0..<planes {
        let factor = mask[p], x = input + p * planeSize, y = output + p * planeSize
        for i in 0..<planeSize { y[i] = x[i] * factor }
    }
}
