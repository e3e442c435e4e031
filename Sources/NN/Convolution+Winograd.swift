// Winograd's minimal filtering algorithm F(2x2, 3x3) for SpatialConvolution's 3x3 kernels at
// stride 1 with padding 1 (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks",
// CVPR 2016), kept out of the layer's file like the unfolding.
//
// Each 2x2 block of an output plane ("tile") is computed from the 4x4 block of the padded input
// plane under it as
//
//     y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A
//
//     Bᵀ = | 1  0 −1  0 |    G = | 1    0    0  |    Aᵀ = | 1  1  1  0 |
//          | 0  1  1  0 |        | 1/2  1/2  1/2 |         | 0  1 −1 −1 |
//          | 0 −1  1  0 |        | 1/2 −1/2  1/2 |
//          | 0  1  0 −1 |        | 0    0    1  |
//
// where `g` is the 3x3 kernel and `d` the 4x4 input block: 16 products per tile and pair of
// planes instead of the 36 of four 3x3 windows. Summed over the input planes, the 16 elementwise
// products of each tile are 16 matrix products, `M[ξ] = U[ξ] · V[ξ]` with `U[ξ]` the transformed
// kernels (`outputs x inputs`) and `V[ξ]` the transformed input blocks (`inputs x tiles`): the
// products keep BLAS's speed with 2.25 times fewer multiply-adds than the unfolded convolution.
// Every coefficient is 0, ±1 or ±1/2, so the transforms add no rounding beyond a few additions.
// In Float the two transforms run in C (CWickKernels), whose x86-64-v3 build works on 8 floats
// a register where Swift's baseline build gets 4 and spills; Double runs the same loops in Swift.
internal import CWickKernels

// (load8 and store8 are the unfolding's.)
@inline(__always)
private func load16<Scalar: TensorScalar>(_ p: UnsafePointer<Scalar>) -> SIMD16<Scalar> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Scalar>.self)
}

/// The geometry of F(2x2, 3x3) over `height x width` planes (input and output alike): the tiles,
/// the padded plane they read (padding 1 and, for an odd size, one more row or column of zeros),
/// and the scratch one thread needs for a group of images.
struct WinogradTiles {
    /// Input planes, output planes, and the planes' size.
    let inputs: Int, outputs: Int, height: Int, width: Int
    /// Images transformed and multiplied together (1, 2, 4 or 8: a divisor of ``imagesPerCutStep``).
    let group: Int

    /// Tiles down and across a plane.
    var tilesDown: Int { (height + 1) / 2 }
    var tilesAcross: Int { (width + 1) / 2 }
    var tilesPerImage: Int { tilesDown * tilesAcross }
    /// The padded plane: `2·tilesDown + 2` rows of `2·tilesAcross + 2` scalars.
    var paddedWidth: Int { 2 * tilesAcross + 2 }
    var paddedSize: Int { (2 * tilesDown + 2) * paddedWidth }
    /// Scalars between the rows of the transformed matrices: a group's tiles and 8 more, where the
    /// vector stores of a plane's last tiles may spill.
    var leading: Int { group * tilesPerImage + 8 }
    /// Tiles across rounded up to whole vectors of 8.
    var vectorTiles: Int { (tilesAcross + 7) / 8 * 8 }

    /// The Winograd tiles of a convolution from `inputs` to `outputs` planes of `height x width`,
    /// with images grouped until a group has at least 128 tiles (the products' columns).
    init(inputs: Int, outputs: Int, height: Int, width: Int) {
        (self.inputs, self.outputs, self.height, self.width) = (inputs, outputs, height, width)
        let tiles = ((height + 1) / 2) * ((width + 1) / 2)
        var count = 1
        while count < imagesPerCutStep && count * tiles < 128 { count *= 2 }
        group = count
    }

    /// Scalars kept for the padded plane: the plane, and room for the vectors of its last row of
    /// tiles, which read up to `2·vectorTiles + 2` scalars past the start of its last row.
    var paddedRoom: Int { paddedSize + 2 * vectorTiles + 16 }
    /// Scalars of the output plane of whole tiles, `2·tilesDown x 2·vectorTiles`.
    var outputRoom: Int { 2 * tilesDown * 2 * vectorTiles }
    /// Scalars of one thread's scratch: the transformed input blocks (16 matrices
    /// `inputs x leading`), their products (16 matrices `outputs x leading`), the padded plane and
    /// the output plane.
    var scratchSize: Int { 16 * (inputs + outputs) * leading + paddedRoom + outputRoom }

    /// Whether a convolution takes this route: a 3x3 kernel at stride 1 with padding 1, and 16 or
    /// more planes in and out (with fewer, the products are too thin for the transforms to pay).
    static func applies(_ g: SpatialWindows, outputPlanes: Int) -> Bool {
        g.kernelHeight == 3 && g.kernelWidth == 3 && g.strideHeight == 1 && g.strideWidth == 1
            && g.padHeight == 1 && g.padWidth == 1 && g.planes >= 16 && outputPlanes >= 16
    }
}

/// The transformed kernels `U[ξ] = (G g Gᵀ)[ξ]` of `weight` (`outputs x inputs x 3 x 3`), each of
/// the 16 stored transposed (`inputs x outputs`) in `u`: the products read them as the first
/// operand transposed, the form in which OpenBLAS's small-matrix kernels do not allocate (see
/// ``readsTransposedWeight(_:_:)``).
///
/// `forInputGradient` gives instead the kernels of the input gradient's convolution (from the
/// `outputs` planes of the output gradient to the `inputs` planes of the input gradient, with the
/// kernel flipped in both directions), stored `outputs x inputs`: as `G` times a flipped column
/// is (`G` times the column) with its rows 0 and 3 swapped, the flipped kernel's transform is the
/// kernel's with indices 0 and 3 swapped in both directions.
///
/// The kernels are shared with the helper thread (by input planes, or by output planes for the
/// input gradient: the planes whose entries are contiguous in `u`), from 16 of them and 4096
/// kernels in all.
func winogradKernels<Scalar: TensorScalar>(_ weight: UnsafePointer<Scalar>, outputs: Int, inputs: Int,
                                           into u: UnsafeMutablePointer<Scalar>, forInputGradient: Bool = false) {
    let loop = WinogradKernelLoop(weight: weight, outputs: outputs, inputs: inputs, u: u, forInputGradient: forInputGradient)
    let count = forInputGradient ? outputs : inputs
    runInHalves(count: count, minimumCount: Swift.max(16, 4096 / Swift.max(outputs * inputs / count, 1)), loop)
}

/// ``winogradKernels(_:outputs:inputs:into:forInputGradient:)`` over the output planes `start..<end`
/// (for the input gradient) or the input planes `start..<end`.
struct WinogradKernelLoop<Scalar: TensorScalar>: HalvableLoop {
    let weight: UnsafePointer<Scalar>, outputs: Int, inputs: Int, u: UnsafeMutablePointer<Scalar>, forInputGradient: Bool

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        let half: Scalar = 0.5, stride = inputs * outputs
        // The 16 entries of G g Gᵀ for kernel (o, c), entry (i, j) at 4i + j.
        @inline(__always) func transformed(_ o: Int, _ c: Int) -> SIMD16<Scalar> {
            let g = weight + (o * inputs + c) * 9
            // G g, column by column (a, b, c down a column become a, (a + b + c)/2, (a − b + c)/2, c),
            // then each of its rows the same way across (· Gᵀ): entry (i, j) is `across_j[i]`.
            let (a0, b0, c0) = (g[0], g[3], g[6]), (a1, b1, c1) = (g[1], g[4], g[7]), (a2, b2, c2) = (g[2], g[5], g[8])
            let column0 = SIMD4(a0, (a0 + b0 + c0) * half, (a0 - b0 + c0) * half, c0)
            let column1 = SIMD4(a1, (a1 + b1 + c1) * half, (a1 - b1 + c1) * half, c1)
            let column2 = SIMD4(a2, (a2 + b2 + c2) * half, (a2 - b2 + c2) * half, c2)
            let across1 = (column0 + column1 + column2) * half, across2 = (column0 - column1 + column2) * half
            return SIMD16(column0[0], across1[0], across2[0], column2[0], column0[1], across1[1], across2[1], column2[1],
                          column0[2], across1[2], across2[2], column2[2], column0[3], across1[3], across2[3], column2[3])
        }
        // The loop whose index is contiguous in `u` runs innermost.
        if forInputGradient {
            // Entry 4i + j goes to 4p(i) + p(j), p swapping 0 and 3.
            let flipped: SIMD16<Int> = [15, 13, 14, 12, 7, 5, 6, 4, 11, 9, 10, 8, 3, 1, 2, 0]
            for o in start..<end {
                for c in 0..<inputs {
                    let v = transformed(o, c), target = u + o * inputs + c
                    for xi in 0..<16 { target[flipped[xi] * stride] = v[xi] }
                }
            }
        } else {
            for c in start..<end {
                for o in 0..<outputs {
                    let v = transformed(o, c), target = u + c * outputs + o
                    for xi in 0..<16 { target[xi * stride] = v[xi] }
                }
            }
        }
    }
}

/// A 3x3 convolution at stride 1 with padding 1 by F(2x2, 3x3), over the images
/// `start..<end` of a batch, `tiles.group` at a time: `destination` image `n` (`outputs x H x W`)
/// gets `bias` (when given, one per plane) plus the convolution of `source` image `n`
/// (`inputs x H x W`) with the kernels whose transforms are `kernels` (``winogradKernels``).
/// `scratch` is ``WinogradTiles/scratchSize`` scalars of the calling thread's own.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func winogradConvolution<Scalar: TensorScalar>(
    _ source: UnsafePointer<Scalar>, into destination: UnsafeMutablePointer<Scalar>, _ start: Int, _ end: Int,
    tiles w: WinogradTiles, kernels: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?, scratch: UnsafeMutablePointer<Scalar>
) {
    let ld = w.leading, planeSize = w.height * w.width
    let transformed = scratch, products = transformed + 16 * w.inputs * ld
    let plane = products + 16 * w.outputs * ld, outputPlane = plane + w.paddedRoom
    var n = start
    while n < end {
        let count = Swift.min(w.group, end - n), columns = count * w.tilesPerImage
        // V[ξ] (inputs x columns): the transformed 4x4 blocks of every plane of the group. Images
        // go innermost: a plane's last vectors spill into the next image's first tiles of the
        // same plane, which must be written after them.
        for c in 0..<w.inputs {
            for i in 0..<count {
                winogradInputTransform(source + ((n + i) * w.inputs + c) * planeSize, w, plane: plane,
                                       into: transformed + c * ld + i * w.tilesPerImage, step: w.inputs * ld)
            }
        }
        // M[ξ] = U[ξ] · V[ξ], the 16 products.
        for xi in 0..<16 {
            gemm(transposeA: true, transposeB: false, m: w.outputs, n: columns, k: w.inputs, alpha: 1,
                 a: kernels + xi * w.inputs * w.outputs, lda: w.outputs, b: transformed + xi * w.inputs * ld, ldb: ld,
                 beta: 0, c: products + xi * w.outputs * ld, ldc: ld)
        }
        // y = Aᵀ M A, tile by tile, plus the bias.
        for o in 0..<w.outputs {
            let b = bias?[o] ?? 0
            for i in 0..<count {
                winogradOutputTransform(products + o * ld + i * w.tilesPerImage, step: w.outputs * ld, w,
                                        plane: outputPlane, bias: b,
                                        into: destination + ((n + i) * w.outputs + o) * planeSize)
            }
        }
        n += count
    }
}

/// `Bᵀ d B` for every tile of one `H x W` plane: the plane is copied with its zeros into `plane`,
/// then each row of tiles is transformed eight tiles at a time, entry `ξ` of tile `t` going to
/// `into[ξ·step + t]`. The vectors of a row's last tiles may spill past its tiles: into the next
/// row's, written afterwards, into the next image's first tiles (which the caller writes
/// afterwards), or into the 8 scalars of room after a group's tiles.
@inline(__always)
private func winogradInputTransform<Scalar: TensorScalar>(_ source: UnsafePointer<Scalar>, _ w: WinogradTiles,
                                                          plane: UnsafeMutablePointer<Scalar>,
                                                          into: UnsafeMutablePointer<Scalar>, step: Int) {
    let pw = w.paddedWidth
    // The padded plane: the image's rows from (1, 1), zeros around them (the rows above and
    // below, the first column and the last one or two).
    zeroRow(plane, pw)
    zeroRow(plane + (w.height + 1) * pw, w.paddedSize - (w.height + 1) * pw)
    for y in 0..<w.height {
        let row = plane + (y + 1) * pw
        row[0] = 0
        copyRow(source + y * w.width, row + 1, w.width)
        for x in (w.width + 1)..<pw { row[x] = 0 }
    }
    if Scalar.self == Float.self {
        wick_winograd_input_f(UnsafeRawPointer(plane).assumingMemoryBound(to: Float.self), pw, w.tilesDown, w.tilesAcross,
                              UnsafeMutableRawPointer(into).assumingMemoryBound(to: Float.self), step)
        return
    }
    for ty in 0..<w.tilesDown {
        var tx = 0
        while tx < w.tilesAcross {
            let base = plane + 2 * ty * pw + 2 * tx
            // Bᵀ d down the columns: rows 0-3 of the blocks, 16 columns (8 tiles) from 2·tx and from 2·tx + 2.
            let (a0, b0) = (load16(base), load16(base + 2))
            let (a1, b1) = (load16(base + pw), load16(base + pw + 2))
            let (a2, b2) = (load16(base + 2 * pw), load16(base + 2 * pw + 2))
            let (a3, b3) = (load16(base + 3 * pw), load16(base + 3 * pw + 2))
            let low = (a0 - a2, a1 + a2, a2 - a1, a1 - a3), high = (b0 - b2, b1 + b2, b2 - b1, b1 - b3)
            let t = ty * w.tilesAcross + tx
            @inline(__always) func across(_ i: Int, _ l: SIMD16<Scalar>, _ h: SIMD16<Scalar>) {
                // (…) B along the rows: columns 0, 1 of each block from `l`, 2, 3 from `h`.
                let (d0, d1, d2, d3) = (l.evenHalf, l.oddHalf, h.evenHalf, h.oddHalf)
                store8(d0 - d2, into + (4 * i + 0) * step + t)
                store8(d1 + d2, into + (4 * i + 1) * step + t)
                store8(d2 - d1, into + (4 * i + 2) * step + t)
                store8(d1 - d3, into + (4 * i + 3) * step + t)
            }
            across(0, low.0, high.0)
            across(1, low.1, high.1)
            across(2, low.2, high.2)
            across(3, low.3, high.3)
            tx += 8
        }
    }
}

/// `Aᵀ m A` for every tile of one output plane, entry `ξ` of tile `t` read from `from[ξ·step + t]`,
/// into `plane` (whole tiles, `2·tilesDown x 2·vectorTiles`), then copied inside the plane's size
/// to `destination` with `bias` added.
@inline(__always)
private func winogradOutputTransform<Scalar: TensorScalar>(_ from: UnsafePointer<Scalar>, step: Int, _ w: WinogradTiles,
                                                           plane: UnsafeMutablePointer<Scalar>, bias: Scalar,
                                                           into destination: UnsafeMutablePointer<Scalar>) {
    let width = 2 * w.vectorTiles
    if Scalar.self == Float.self {
        wick_winograd_output_f(UnsafeRawPointer(from).assumingMemoryBound(to: Float.self), step, w.tilesDown, w.tilesAcross,
                               UnsafeMutableRawPointer(plane).assumingMemoryBound(to: Float.self), width)
    } else {
        for ty in 0..<w.tilesDown {
            var tx = 0
            while tx < w.tilesAcross {
                let t = ty * w.tilesAcross + tx
                @inline(__always) func m(_ xi: Int) -> SIMD8<Scalar> { load8(from + xi * step + t) }
                // m A along the rows of each block: (m0 + m1 + m2, m1 − m2 − m3) for rows 0-3.
                @inline(__always) func row(_ i: Int) -> (SIMD8<Scalar>, SIMD8<Scalar>) {
                    let (m0, m1, m2, m3) = (m(4 * i), m(4 * i + 1), m(4 * i + 2), m(4 * i + 3))
                    return (m0 + m1 + m2, m1 - m2 - m3)
                }
                let (r0, r1, r2, r3) = (row(0), row(1), row(2), row(3))
                // Aᵀ (…) down the columns.
                let y00 = r0.0 + r1.0 + r2.0, y01 = r0.1 + r1.1 + r2.1
                let y10 = r1.0 - r2.0 - r3.0, y11 = r1.1 - r2.1 - r3.1
                let top = plane + 2 * ty * width + 2 * tx, bottom = top + width
                for k in 0..<8 {
                    top[2 * k] = y00[k]; top[2 * k + 1] = y01[k]
                    bottom[2 * k] = y10[k]; bottom[2 * k + 1] = y11[k]
                }
                tx += 8
            }
        }
    }
    for y in 0..<w.height {
        let row = plane + y * width, target = destination + y * w.width
        for x in 0..<w.width { target[x] = row[x] + bias }
    }
}

/// ``winogradConvolution(_:into:_:_:tiles:kernels:bias:scratch:)`` as a loop over a batch's images
/// that `runInHalves` can share: the part that starts at 0 (the calling thread's) uses the first
/// scratch, the other part the second.
struct WinogradLoop<Scalar: TensorScalar>: HalvableLoop {
    let source: UnsafePointer<Scalar>, destination: UnsafeMutablePointer<Scalar>
    let tiles: WinogradTiles, kernels: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?
    let scratch: UnsafeMutablePointer<Scalar>

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func run(_ start: Int, _ end: Int) {
        winogradConvolution(source, into: destination, start, end, tiles: tiles, kernels: kernels, bias: bias,
                            scratch: start == 0 ? scratch : scratch + tiles.scratchSize)
    }
}
