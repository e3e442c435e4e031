import XCTest
import NN
@_spi(Testing) import WickCore

/// A convolution by its definition, with nested loops over flat arrays: output, input gradient and
/// parameter gradients of a batch `N x C x H x W` (`x`), weight `O x C x kH x kW`, bias `O`.
private struct DirectConvolution {
    let n: Int, c: Int, h: Int, w: Int, o: Int, kH: Int, kW: Int, dH: Int, dW: Int, padH: Int, padW: Int
    var oH: Int { (h + 2 * padH - kH) / dH + 1 }
    var oW: Int { (w + 2 * padW - kW) / dW + 1 }

    /// Calls `body(inputIndex, outputIndex, weightIndex)` for every product of the convolution
    /// whose input falls inside the image (not in the padding).
    func forEachProduct(_ body: (Int, Int, Int) -> Void) {
        for image in 0..<n {
            for out in 0..<o {
                for oy in 0..<oH {
                    for ox in 0..<oW {
                        for plane in 0..<c {
                            for ky in 0..<kH {
                                for kx in 0..<kW {
                                    let iy = oy * dH - padH + ky, ix = ox * dW - padW + kx
                                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                    body(((image * c + plane) * h + iy) * w + ix, ((image * o + out) * oH + oy) * oW + ox,
                                         ((out * c + plane) * kH + ky) * kW + kx)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func output(_ x: [Double], _ weight: [Double], _ bias: [Double]?) -> [Double] {
        var y = [Double](repeating: 0, count: n * o * oH * oW)
        if let bias {
            for i in y.indices { y[i] = bias[(i / (oH * oW)) % o] }
        }
        forEachProduct { xi, yi, wi in y[yi] += weight[wi] * x[xi] }
        return y
    }

    func gradients(_ x: [Double], _ weight: [Double], _ dy: [Double]) -> (input: [Double], weight: [Double], bias: [Double]) {
        var dx = [Double](repeating: 0, count: x.count), dw = [Double](repeating: 0, count: weight.count)
        var db = [Double](repeating: 0, count: o)
        forEachProduct { xi, yi, wi in
            dx[xi] += weight[wi] * dy[yi]
            dw[wi] += dy[yi] * x[xi]
        }
        for i in dy.indices { db[(i / (oH * oW)) % o] += dy[i] }
        return (dx, dw, db)
    }
}

final class SpatialConvolutionTests: XCTestCase {
    private func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var g = RandomGenerator(seed: seed)
        return Tensor<Double>.uniform(shape: shape, low: -1, high: 1, generator: &g)
    }

    /// Compares forward and backward of `layer` on `x` (a batch, or one image when `single`) with
    /// the direct convolution.
    private func assertMatchesDirectConvolution(_ layer: SpatialConvolution<Double>, _ x: Tensor<Double>, _ label: String,
                                                file: StaticString = #filePath, line: UInt = #line) {
        let single = x.rank == 3
        let shape = single ? [1] + x.shape : x.shape
        let direct = DirectConvolution(n: shape[0], c: shape[1], h: shape[2], w: shape[3], o: layer.nOutputPlane,
                                       kH: layer.kH, kW: layer.kW, dH: layer.dH, dW: layer.dW, padH: layer.padH, padW: layer.padW)
        let y = layer.forward(x)
        let expectedShape = [direct.n, direct.o, direct.oH, direct.oW]
        XCTAssertEqual(y.shape, single ? Array(expectedShape.dropFirst()) : expectedShape, label, file: file, line: line)
        let expected = direct.output(x.scalars, layer.weight.scalars, layer.bias?.scalars)
        for (got, want) in zip(y.scalars, expected) { XCTAssertEqual(got, want, accuracy: 1e-12, label, file: file, line: line) }
        let dy = random(y.shape, seed: 99)
        let (dx, dw, db) = direct.gradients(x.scalars, layer.weight.scalars, dy.scalars)
        layer.zeroGradParameters()
        let gradInput = layer.backward(x, dy, scale: 0.5)
        XCTAssertEqual(gradInput.shape, x.shape, label, file: file, line: line)
        for (got, want) in zip(gradInput.scalars, dx) { XCTAssertEqual(got, want, accuracy: 1e-12, label, file: file, line: line) }
        for (got, want) in zip(layer.gradWeight.scalars, dw) { XCTAssertEqual(got, 0.5 * want, accuracy: 1e-12, label, file: file, line: line) }
        if let gradBias = layer.gradBias {
            for (got, want) in zip(gradBias.scalars, db) { XCTAssertEqual(got, 0.5 * want, accuracy: 1e-12, label, file: file, line: line) }
        }
        // updateGradInput and accGradParameters on their own give the same.
        layer.zeroGradParameters()
        XCTAssertEqual(layer.updateGradInput(x, dy), gradInput, label, file: file, line: line)
        XCTAssertEqual(layer.gradWeight, Tensor.zeros(shape: layer.weightParameter.shape), label, file: file, line: line)
        layer.accGradParameters(x, dy, scale: 0.5)
        for (got, want) in zip(layer.gradWeight.scalars, dw) { XCTAssertEqual(got, 0.5 * want, accuracy: 1e-12, label, file: file, line: line) }
    }

    func testForwardAndBackwardMatchTheDirectConvolutionOnRandomSizes() {
        var g = RandomGenerator(seed: 17)
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }
        for trial in 0..<40 {
            let (c, o, kH, kW) = (pick(1...4), pick(1...5), pick(1...4), pick(1...4))
            let (dH, dW, padH, padW) = (pick(1...3), pick(1...3), pick(0...2), pick(0...2))
            let h = pick(Swift.max(1, kH - 2 * padH)...9), w = pick(Swift.max(1, kW - 2 * padW)...9)
            let n = pick(1...3), single = trial % 5 == 0, bias = trial % 7 != 3
            manualSeed(UInt64(trial))
            let layer = SpatialConvolution<Double>(c, o, kW, kH, dW, dH, padW, padH, bias: bias)
            let x = random(single ? [c, h, w] : [n, c, h, w], seed: UInt64(1000 + trial))
            assertMatchesDirectConvolution(layer, x, "trial \(trial): \(layer) on \(formatShape(x.shape))")
        }
    }

    func testOutputRowsOfEveryLengthMatchTheDirectConvolution() {
        // Unfolding copies each output row of a window row with vectors of 8 and 4, the last one
        // overlapping, and every other scalar (stride 2) with the even half of 8, reading past
        // the row only inside the padded plane: output rows of 1 to 17 scalars, with and without
        // padding, at strides 1, 2 and 3, on 1x1 and 3x3 kernels and an oblong one; in Double
        // against the direct convolution, in Float against Double.
        for w in 1...17 {
            for (k, pad, stride) in [(3, 1, 1), (3, 1, 2), (1, 0, 2), (3, 0, 1), (3, 0, 2), (1, 0, 3), (3, 2, 3)] where w + 2 * pad >= k {
                manualSeed(UInt64(w))
                let layer = SpatialConvolution<Double>(2, 2, k, k == 3 ? 2 : 1, stride, stride, pad, pad)
                let h = Swift.max(3, k)
                let x = random([2, 2, h, w], seed: UInt64(100 + w))
                assertMatchesDirectConvolution(layer, x, "\(layer) on \(h)x\(w)")
                // Float's vectors hold 8 scalars where Double's hold 4 in one register.
                let float = SpatialConvolution<Float>(2, 2, k, k == 3 ? 2 : 1, stride, stride, pad, pad)
                float.weight = Tensor(layer.weight)
                float.bias = Tensor(layer.bias!)
                let y = layer.forward(x), dy = random(y.shape, seed: UInt64(200 + w))
                assertClose(Tensor<Double>(float.forward(Tensor(x))), y, tolerance: 1e-5)
                float.zeroGradParameters(); layer.zeroGradParameters()
                assertClose(Tensor<Double>(float.backward(Tensor(x), Tensor(dy))), layer.backward(x, dy), tolerance: 1e-5)
                assertClose(Tensor<Double>(float.gradWeight), layer.gradWeight, tolerance: 1e-5)
            }
        }
    }

    func testLargerBatchesMatchTheDirectConvolution() {
        // Small images shared between the calling thread and the helper (per-image products of
        // 4·18·36 multiply-adds), larger ones whose products are cut in two (16·72·576, above
        // 262144, read with the weight transposed), and larger still (32·72·576, above 10⁶, the
        // weight as it is), on their own and in a batch shared with OpenBLAS held to one thread.
        manualSeed(3)
        assertMatchesDirectConvolution(SpatialConvolution(2, 4, 3, 3, 1, 1, 1), random([20, 2, 6, 6], seed: 1), "shared batch")
        assertMatchesDirectConvolution(SpatialConvolution(8, 16, 3, 3, 1, 1, 1), random([3, 8, 24, 24], seed: 2), "large images")
        assertMatchesDirectConvolution(SpatialConvolution(8, 32, 3, 3, 1, 1, 1), random([3, 8, 24, 24], seed: 4), "larger images")
        assertMatchesDirectConvolution(SpatialConvolution(4, 32, 3, 3, 1, 1, 1), random([17, 4, 24, 24], seed: 5),
                                       "a batch of large images")
        assertMatchesDirectConvolution(SpatialConvolution(5, 3, 1, 1), random([17, 5, 4, 3], seed: 3), "1x1 kernel, shared batch")
        // 4x4 and 7x7 outputs: 8 and 4 images multiplied side by side, the last group short.
        assertMatchesDirectConvolution(SpatialConvolution(3, 5, 3, 3, 1, 1, 1), random([19, 3, 4, 4], seed: 6), "groups of 8")
        assertMatchesDirectConvolution(SpatialConvolution(3, 4, 3, 3, 2, 2, 1, bias: false), random([10, 3, 13, 14], seed: 7),
                                       "groups of 4, stride 2, no bias")
    }

    func testAKnownConvolutionByHand() {
        // One 3x3 image, one 2x2 kernel [[1, 2], [3, 4]], bias 0.5.
        let layer = SpatialConvolution<Double>(1, 1, 2, 2)
        layer.weight = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        layer.bias = Tensor([0.5])
        let x = Tensor<Double>(shape: [1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        // 1·1 + 2·2 + 3·4 + 4·5 + 0.5 = 37.5, then 47.5, 67.5, 77.5
        XCTAssertEqual(layer.forward(x), Tensor(shape: [1, 2, 2], scalars: [37.5, 47.5, 67.5, 77.5]))
        // With padding 1 and stride 3 each window sees one corner: 4·1, 3·3, 2·7, 1·9.
        let padded = SpatialConvolution<Double>(1, 1, 2, 2, 3, 3, 1, bias: false)
        padded.weight = layer.weight
        XCTAssertEqual(padded.forward(x), Tensor(shape: [1, 2, 2], scalars: [4, 9, 14, 9]))
        let gradInput = padded.backward(x, Tensor(shape: [1, 2, 2], scalars: [1, 1, 1, 1]))
        XCTAssertEqual(gradInput, Tensor(shape: [1, 3, 3], scalars: [4, 0, 3, 0, 0, 0, 2, 0, 1]))
        XCTAssertEqual(padded.gradWeight, Tensor(shape: [1, 1, 2, 2], scalars: [9, 7, 3, 1]))
    }

    func testGradientsMatchFiniteDifferencesOnOddSizesStridesAndPadding() {
        manualSeed(5)
        let cases: [(SpatialConvolution<Double>, [Int])] = [
            (SpatialConvolution(3, 2, 3, 2, 2, 3, 1, 2), [2, 3, 7, 5]),
            (SpatialConvolution(2, 3, 1, 3, 1, 2, 0, 1, bias: false), [2, 2, 5, 3]),
            (SpatialConvolution(1, 2, 5, 5, 2, 2, 2), [2, 1, 3, 3]),  // the padding makes a 3x3 image fit a 5x5 kernel
            (SpatialConvolution(2, 2, 2, 2, 3, 3), [2, 3, 5]),  // one image
        ]
        for (index, (layer, shape)) in cases.enumerated() {
            assertGradientsMatch(layer, input: uniformInput(shape, seed: UInt64(20 + index)), "case \(index)")
        }
    }

    func testFloatAgreesWithDouble() {
        manualSeed(6)
        let double = SpatialConvolution<Double>(3, 4, 3, 3, 1, 1, 1)
        let float = SpatialConvolution<Float>(3, 4, 3, 3, 1, 1, 1)
        float.weight = Tensor(double.weight)
        float.bias = Tensor(double.bias!)
        let x = random([18, 3, 7, 6], seed: 7)
        assertClose(Tensor<Double>(float.forward(Tensor(x))), double.forward(x), tolerance: 1e-5)
        let dy = random([18, 4, 7, 6], seed: 8)
        assertClose(Tensor<Double>(float.backward(Tensor(x), Tensor(dy))), double.backward(x, dy), tolerance: 1e-5)
        assertClose(Tensor<Double>(float.gradWeight), double.gradWeight, tolerance: 1e-4)
    }

    /// One training step of `layer` on random `x` (`shape`), alone on the calling thread and with
    /// the helper thread in its deterministic mode: the forward and the backward loops over the
    /// batch are shared (one loop each), and the Float results are those of the calling thread
    /// alone, bit for bit: the parameter gradients are summed by blocks of images whoever computes
    /// them.
    private func assertSharingChangesNoBit(_ layer: SpatialConvolution<Float>, _ shape: [Int], seed: UInt64, loops: Int = 2,
                                           file: StaticString = #filePath, line: UInt = #line) {
        let (threads, quiet) = (BLAS.numThreads, BLAS.helperQuietMicroseconds)
        defer {
            BLAS.helperThreadIsDeterministic = false
            (BLAS.numThreads, BLAS.helperQuietMicroseconds, BLAS.usesHelperThread) = (threads, quiet, true)
        }
        (BLAS.numThreads, BLAS.helperQuietMicroseconds) = (2, 0)
        var g = RandomGenerator(seed: seed)
        let x = Tensor<Float>.uniform(shape: shape, low: -1, high: 1, generator: &g)
        let y = layer.forward(x)
        let dy = Tensor<Float>.uniform(shape: y.shape, low: -1, high: 1, generator: &g)
        func step() -> [Tensor<Float>] {
            layer.zeroGradParameters()
            let y = layer.forward(x)
            return [y, layer.backward(x, dy), layer.gradWeight, layer.gradBias!]
        }
        BLAS.usesHelperThread = false
        let alone = step()
        BLAS.usesHelperThread = true
        BLAS.helperThreadIsDeterministic = true
        let before = BLAS.sharedLoopCount
        let shared = step()
        XCTAssertEqual(BLAS.sharedLoopCount - before, loops, "the forward and the backward loops were shared", file: file, line: line)
        XCTAssertEqual(BLAS.numThreads, 2, "OpenBLAS keeps (or gets back) its threads", file: file, line: line)
        XCTAssertEqual(shared, alone, file: file, line: line)
    }

    /// Small images, whose products OpenBLAS keeps on the thread that calls it.
    func testSharingImagesWithTheHelperThreadChangesNoBit() {
        manualSeed(9)
        assertSharingChangesNoBit(SpatialConvolution(3, 6, 5, 5, 1, 1, 2), [37, 3, 12, 11], seed: 10)
    }

    /// Small output planes, multiplied 8 images side by side, with a last group of 5.
    func testSharingImagesSideBySideWithTheHelperThreadChangesNoBit() {
        manualSeed(13)
        let layer = SpatialConvolution<Float>(4, 8, 3, 3, 1, 1, 1)
        assertSharingChangesNoBit(layer, [29, 4, 5, 6], seed: 14)
    }

    /// Images whose products are too large for one OpenBLAS thread: shared with OpenBLAS held to
    /// one thread, against the calling thread alone with its products on OpenBLAS's two threads.
    func testSharingLargeImagesWithOpenBLASHeldToOneThreadChangesNoBit() {
        manualSeed(11)
        assertSharingChangesNoBit(SpatialConvolution(8, 32, 3, 3, 1, 1, 1), [16, 8, 24, 24], seed: 12)  // 32·72·576 multiply-adds an image
    }

    /// Winograd's F(2x2, 3x3) (3x3 kernels, stride 1, padding 1, 16 planes or more in and out):
    /// output and input gradient against the direct convolution, on even and odd sizes (a last
    /// row or column of tiles half outside the plane), rows of more than 8 tiles (two vectors),
    /// one image, and batches whose last group of images is short.
    func testWinogradMatchesTheDirectConvolution() {
        for (n, h, w) in [(1, 1, 1), (2, 2, 3), (19, 4, 4), (11, 5, 7), (3, 7, 7), (2, 14, 14), (1, 9, 17), (1, 18, 3)] {
            manualSeed(UInt64(h * 31 + w))
            let layer = SpatialConvolution<Double>(16, 17, 3, 3, 1, 1, 1, 1, bias: n != 3)
            let x = random(n == 1 && h == 9 ? [16, h, w] : [n, 16, h, w], seed: UInt64(500 + h * w))
            assertMatchesDirectConvolution(layer, x, "\(layer) on \(formatShape(x.shape))")
        }
        // 16 in and 24 out, and the reverse: the input gradient's transforms swap the two.
        manualSeed(41)
        assertMatchesDirectConvolution(SpatialConvolution(16, 24, 3, 3, 1, 1, 1, 1), random([9, 16, 6, 5], seed: 42), "16 -> 24")
        assertMatchesDirectConvolution(SpatialConvolution(24, 16, 3, 3, 1, 1, 1, 1), random([9, 24, 6, 5], seed: 43), "24 -> 16")
    }

    /// In Float (whose transforms run in C), Winograd keeps the results within a few units in the
    /// last place of Double's (the coefficients are 0, ±1 and ±1/2): odd and even sizes, rows of
    /// more than 8 tiles, short last groups.
    func testWinogradInFloatAgreesWithDouble() {
        for (n, h, w) in [(12, 7, 7), (3, 9, 17), (19, 4, 4), (2, 14, 14), (1, 1, 1), (5, 3, 2)] {
            manualSeed(UInt64(44 + h))
            let double = SpatialConvolution<Double>(32, 32, 3, 3, 1, 1, 1, 1)
            let float = SpatialConvolution<Float>(32, 32, 3, 3, 1, 1, 1, 1)
            float.weight = Tensor(double.weight)
            float.bias = Tensor(double.bias!)
            let x = random([n, 32, h, w], seed: UInt64(45 + h)), dy = random([n, 32, h, w], seed: UInt64(46 + h))
            assertClose(Tensor<Double>(float.forward(Tensor(x))), double.forward(x), tolerance: 2e-5, "\(n)x\(h)x\(w)")
            assertClose(Tensor<Double>(float.backward(Tensor(x), Tensor(dy))), double.backward(x, dy), tolerance: 2e-5, "\(n)x\(h)x\(w)")
            assertClose(Tensor<Double>(float.gradWeight), double.gradWeight, tolerance: 1e-4, "\(n)x\(h)x\(w)")
        }
    }

    /// A Winograd layer's forward loop, its input gradient's loop and its parameter gradients' loop
    /// shared with the helper thread give the calling thread's bits alone.
    func testSharingWinogradImagesWithTheHelperThreadChangesNoBit() {
        manualSeed(15)
        assertSharingChangesNoBit(SpatialConvolution(16, 16, 3, 3, 1, 1, 1, 1), [29, 16, 7, 7], seed: 16, loops: 3)
        // 4096 kernels: their transforms are shared too, for the forward pass and for the input gradient.
        manualSeed(17)
        assertSharingChangesNoBit(SpatialConvolution(64, 64, 3, 3, 1, 1, 1, 1), [16, 64, 4, 4], seed: 18, loops: 5)
    }

    func testBuffersAreReusedFromStepToStep() {
        manualSeed(11)
        let layer = SpatialConvolution<Float>(2, 3, 3, 3)
        let x = Tensor<Float>.ones(shape: [4, 2, 6, 6]), dy = Tensor<Float>.ones(shape: [4, 3, 4, 4])
        _ = layer.forward(x)
        _ = layer.backward(x, dy)
        let (output, gradInput) = (layer.output.withUnsafeBufferPointer { $0.baseAddress }, layer.gradInput.withUnsafeBufferPointer { $0.baseAddress })
        for _ in 0..<3 {
            _ = layer.forward(x)
            _ = layer.backward(x, dy)
        }
        XCTAssertEqual(layer.output.withUnsafeBufferPointer { $0.baseAddress }, output)
        XCTAssertEqual(layer.gradInput.withUnsafeBufferPointer { $0.baseAddress }, gradInput)
    }

    func testInitialisationIsUniformWithinOneOverSqrtFanIn() {
        manualSeed(12)
        let layer = SpatialConvolution<Double>(4, 50, 3, 5)
        let bound = 1 / 60.0.squareRoot()  // kW·kH·nInputPlane = 60
        for tensor in [layer.weight, layer.bias!] {
            XCTAssertLessThanOrEqual(tensor.abs().max(), bound)
        }
        XCTAssertGreaterThan(layer.weight.max(), 0.99 * bound)
        XCTAssertLessThan(layer.weight.min(), -0.99 * bound)
        XCTAssertEqual(layer.weight.shape, [50, 4, 5, 3])
        XCTAssertEqual(layer.parameters().map(\.name), ["weight", "bias"])
        XCTAssertEqual(layer.parameters().map(\.shape), [[50, 4, 5, 3], [50]])
        var g1 = RandomGenerator(seed: 3), g2 = RandomGenerator(seed: 3)
        XCTAssertEqual(SpatialConvolution<Double>(2, 2, 3, 3, generator: &g1).weight,
                       SpatialConvolution<Double>(2, 2, 3, 3, generator: &g2).weight)
    }

    func testTorch7DefaultsAndDescription() {
        XCTAssertEqual(SpatialConvolution<Float>(1, 6, 5, 5).description, "nn.SpatialConvolution(1 -> 6, 5x5)")
        XCTAssertEqual(SpatialConvolution<Float>(3, 8, 3, 5, 2, 2).description, "nn.SpatialConvolution(3 -> 8, 3x5, 2,2)")
        XCTAssertEqual(SpatialConvolution<Float>(3, 8, 3, 3, 1, 1, 1).description, "nn.SpatialConvolution(3 -> 8, 3x3, 1,1, 1,1)")
        XCTAssertEqual(SpatialConvolution<Float>(3, 8, 3, 3, 1, 1, 2, 0).description, "nn.SpatialConvolution(3 -> 8, 3x3, 1,1, 2,0)")
        XCTAssertEqual(SpatialConvolution<Float>(1, 6, 5, 5, bias: false).description, "nn.SpatialConvolution(1 -> 6, 5x5) without bias")
        // padH defaults to padW, as in Torch7.
        let layer = SpatialConvolution<Float>(1, 1, 3, 3, 1, 1, 1)
        XCTAssertEqual([layer.dW, layer.dH, layer.padW, layer.padH], [1, 1, 1, 1])
        XCTAssertEqual(SpatialConvolution<Float>(1, 1, 3, 3).padH, 0)
    }

    func testBadInputNamesTheModuleAndBothShapes() {
        let layer = SpatialConvolution<Double>(1, 6, 5, 5)
        XCTAssertEqual(trappedMessage { _ = layer.forward(Tensor.zeros(shape: [1, 3, 3])) },
                       "nn.SpatialConvolution(1 -> 6, 5x5): expected 1xHxW or Nx1xHxW with H >= 5 and W >= 5, got 1x3x3")
        XCTAssertEqual(trappedMessage { _ = layer.forward(Tensor.zeros(shape: [4, 3, 28, 28])) },
                       "nn.SpatialConvolution(1 -> 6, 5x5): expected 1xHxW or Nx1xHxW with H >= 5 and W >= 5, got 4x3x28x28")
        XCTAssertEqual(trappedMessage { _ = layer.forward(Tensor.zeros(shape: [4, 784])) },
                       "nn.SpatialConvolution(1 -> 6, 5x5): expected 1xHxW or Nx1xHxW with H >= 5 and W >= 5, got 4x784")
        let padded = SpatialConvolution<Double>(2, 2, 5, 3, 1, 1, 1)
        XCTAssertEqual(trappedMessage { _ = padded.forward(Tensor.zeros(shape: [2, 2, 1, 2])) },
                       "nn.SpatialConvolution(2 -> 2, 5x3, 1,1, 1,1): expected 2xHxW or Nx2xHxW with H >= 1 and W >= 3, got 2x2x1x2")
        _ = layer.forward(Tensor.zeros(shape: [2, 1, 6, 6]))
        XCTAssertEqual(trappedMessage { _ = layer.backward(Tensor.zeros(shape: [2, 1, 6, 6]), Tensor.zeros(shape: [2, 6, 3, 2])) },
                       "nn.SpatialConvolution(1 -> 6, 5x5): gradOutput 2x6x3x2 does not match output 2x6x2x2 of the last forward pass")
        XCTAssertEqual(trappedMessage { _ = SpatialConvolution<Double>(1, 6, 0, 5) },
                       "nn.SpatialConvolution: planes, kernel and stride must be positive and padding not negative, got 1 -> 6, 0x5, 1,1, 0,0")
    }

    func testARecordWithoutItsTensorsBuildsNothing() {
        // Sizes whose weight would take 8 TB, and no tensors: the missing weight is found first.
        let record = ModuleRecord<Float>(kind: "SpatialConvolution", hyperParameters: [
            ("nInputPlane", .int(1 << 20)), ("nOutputPlane", .int(1 << 20)), ("kW", .int(1 << 10)), ("kH", .int(1)),
            ("dW", .int(1)), ("dH", .int(1)), ("padW", .int(0)), ("padH", .int(0)), ("bias", .bool(true)),
        ])
        XCTAssertThrowsError(try ModuleRegistry.kind(named: "SpatialConvolution")!.make(from: record)) {
            XCTAssertEqual($0 as? ModelFileError, .corrupted("SpatialConvolution is missing its tensor 'weight'"))
        }
        var negative = record
        negative.hyperParameters[6] = ("padW", .int(-1))
        XCTAssertThrowsError(try ModuleRegistry.kind(named: "SpatialConvolution")!.make(from: negative)) {
            guard case .corrupted = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
    }

    func testTorch7ClassNames() {
        for name in ["nn.SpatialConvolution", "nn.SpatialConvolutionMM", "cudnn.SpatialConvolution"] {
            XCTAssertEqual(ModuleRegistry.kind(torch7ClassName: name)?.name, "SpatialConvolution", name)
        }
    }
}
