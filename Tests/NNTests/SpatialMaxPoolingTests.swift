import XCTest
import NN
@_spi(Testing) import WickCore

/// Max pooling by its definition (Torch7's THNN loops): output, indices and input gradient of
/// `planes` planes of `h x w`.
private func directMaxPooling(_ x: [Double], planes: Int, h: Int, w: Int, kH: Int, kW: Int, dH: Int, dW: Int,
                              padH: Int, padW: Int, oH: Int, oW: Int, dy: [Double])
    -> (output: [Double], indices: [Int], gradInput: [Double]) {
    var y: [Double] = [], indices: [Int] = [], dx = [Double](repeating: 0, count: x.count)
    for p in 0..<planes {
        for oy in 0..<oH {
            for ox in 0..<oW {
                let (top, left) = (Swift.max(oy * dH - padH, 0), Swift.max(ox * dW - padW, 0))
                var best = -Double.infinity, at = top * w + left
                for iy in top..<Swift.min(oy * dH - padH + kH, h) {
                    for ix in left..<Swift.min(ox * dW - padW + kW, w) where x[(p * h + iy) * w + ix] > best {
                        (best, at) = (x[(p * h + iy) * w + ix], iy * w + ix)
                    }
                }
                dx[p * h * w + at] += dy[y.count]
                y.append(best)
                indices.append(at)
            }
        }
    }
    return (y, indices, dx)
}

/// Torch7's output size: rounded down or up, then one less if the last window starts past the
/// input and its left padding.
private func torch7PooledSize(_ size: Int, _ k: Int, _ d: Int, _ pad: Int, ceil: Bool) -> Int {
    let span = Double(size - k + 2 * pad) / Double(d)
    var out = Int(ceil ? span.rounded(.up) : span.rounded(.down)) + 1
    if (out - 1) * d >= size + pad { out -= 1 }
    return out
}

final class SpatialMaxPoolingTests: XCTestCase {
    private func assertMatchesDirectPooling(_ pool: SpatialMaxPooling<Double>, _ x: Tensor<Double>, _ label: String,
                                            file: StaticString = #filePath, line: UInt = #line) {
        let (h, w) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        let planes = x.count / (h * w)
        let oH = torch7PooledSize(h, pool.kH, pool.dH, pool.padH, ceil: pool.ceilMode)
        let oW = torch7PooledSize(w, pool.kW, pool.dW, pool.padW, ceil: pool.ceilMode)
        let y = pool.forward(x)
        XCTAssertEqual(y.shape, Array(x.shape.dropLast(2)) + [oH, oW], label, file: file, line: line)
        var g = RandomGenerator(seed: 5)
        let dy = Tensor<Double>.uniform(shape: y.shape, low: -1, high: 1, generator: &g)
        let direct = directMaxPooling(x.scalars, planes: planes, h: h, w: w, kH: pool.kH, kW: pool.kW, dH: pool.dH, dW: pool.dW,
                                      padH: pool.padH, padW: pool.padW, oH: oH, oW: oW, dy: dy.scalars)
        XCTAssertEqual(y.scalars, direct.output, label, file: file, line: line)
        XCTAssertEqual(pool.indices, direct.indices, label, file: file, line: line)
        let gradInput = pool.backward(x, dy)
        XCTAssertEqual(gradInput.shape, x.shape, label, file: file, line: line)
        for (got, want) in zip(gradInput.scalars, direct.gradInput) { XCTAssertEqual(got, want, accuracy: 1e-14, label, file: file, line: line) }
    }

    func testForwardAndBackwardMatchDirectLoopsOnRandomSizes() {
        var g = RandomGenerator(seed: 31)
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }
        for trial in 0..<60 {
            let (kH, kW, dH, dW) = (pick(1...4), pick(1...4), pick(1...3), pick(1...3))
            let (padH, padW) = (pick(0...(kH / 2)), pick(0...(kW / 2)))
            let (h, w, c, n) = (pick((kH - padH)...9), pick((kW - padW)...9), pick(1...3), pick(1...3))
            let pool = SpatialMaxPooling<Double>(kW, kH, dW, dH, padW, padH)
            if trial % 2 == 1 { pool.ceil() }
            let shape = trial % 4 == 0 ? [c, h, w] : [n, c, h, w]
            // Small integers: many ties, which go to the first maximum in row-major order.
            let x = trial % 3 == 0 ? Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Double(pick(0...2)) })
                                   : uniformInput(shape, seed: UInt64(trial))
            assertMatchesDirectPooling(pool, x, "trial \(trial): \(pool) (ceil \(pool.ceilMode)) on \(formatShape(shape))")
        }
        // 2x2 windows moved by 2 columns, four outputs at a time, on wide rows, with ties.
        let pairs: [(SpatialMaxPooling<Double>, [Int])] = [
            (SpatialMaxPooling(2, 2), [3, 2, 6, 19]), (SpatialMaxPooling(2, 2, 2, 1), [2, 3, 5, 17]),
            (SpatialMaxPooling(2, 2, 2, 2, 0, 1), [2, 2, 5, 16]), (SpatialMaxPooling(2, 2).ceil(), [2, 1, 7, 25]),
        ]
        for (index, (pool, shape)) in pairs.enumerated() {
            for ties in [false, true] {
                let x = ties ? Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Double(pick(0...2)) })
                             : uniformInput(shape, seed: UInt64(200 + index))
                assertMatchesDirectPooling(pool, x, "\(pool) (ceil \(pool.ceilMode)) on \(formatShape(shape)), ties \(ties)")
            }
        }
    }

    func testTiesGoToTheFirstMaximumInRowMajorOrder() {
        let pool = SpatialMaxPooling<Double>(2, 2)
        let x = Tensor<Double>(shape: [1, 2, 4], scalars: [1, 3, 3, 2,
                                                           3, 0, 1, 3])
        XCTAssertEqual(pool.forward(x), Tensor(shape: [1, 1, 2], scalars: [3, 3]))
        XCTAssertEqual(pool.indices, [1, 2])  // (0, 1) before (1, 0); (0, 2) before (1, 3)
        XCTAssertEqual(pool.backward(x, Tensor(shape: [1, 1, 2], scalars: [10, 20])),
                       Tensor(shape: [1, 2, 4], scalars: [0, 10, 20, 0, 0, 0, 0, 0]))
        // Overlapping windows that share a maximum pass it both gradients.
        let overlapping = SpatialMaxPooling<Double>(2, 1, 1, 1)
        let row = Tensor<Double>(shape: [1, 1, 3], scalars: [0, 5, 1])
        XCTAssertEqual(overlapping.forward(row), Tensor(shape: [1, 1, 2], scalars: [5, 5]))
        XCTAssertEqual(overlapping.backward(row, Tensor(shape: [1, 1, 2], scalars: [1, 2])), Tensor(shape: [1, 1, 3], scalars: [0, 3, 0]))
    }

    func testNaNsArePassedOverAsInTorch7() {
        // Torch7 keeps an input only when it is larger than the best so far: a NaN never is.
        let nan = Double.nan
        for pool in [SpatialMaxPooling<Double>(2, 2), SpatialMaxPooling<Double>(2, 2, 2, 2, 1, 1)] {
            let x = Tensor<Double>(shape: [1, 2, 8], scalars: [nan, 1, 2, nan, nan, nan, -1, -2,
                                                               3, nan, nan, 0, nan, nan, -3, -4])
            let y = pool.forward(x)
            let expected = directMaxPooling(x.scalars, planes: 1, h: 2, w: 8, kH: 2, kW: 2, dH: 2, dW: 2, padH: pool.padH,
                                            padW: pool.padW, oH: y.shape[1], oW: y.shape[2], dy: [Double](repeating: 1, count: y.count))
            XCTAssertEqual(y.scalars.map(\.bitPattern), expected.output.map(\.bitPattern), "\(pool)")
            XCTAssertEqual(pool.indices, expected.indices, "\(pool)")
        }
        // A window of NaNs alone gives −∞ at its first element.
        XCTAssertEqual(SpatialMaxPooling<Double>(2, 2).forward(Tensor(shape: [1, 2, 2], scalars: [nan, nan, nan, nan])).scalars, [-.infinity])
    }

    func testPaddingNeverWinsAndNegativeInputsPoolCorrectly() {
        // All negative: a zero padding would win if it were pooled.
        let pool = SpatialMaxPooling<Double>(3, 3, 2, 2, 1, 1)
        let x = Tensor<Double>(shape: [1, 3, 3], scalars: [-9, -8, -7, -6, -5, -4, -3, -2, -1])
        XCTAssertEqual(pool.forward(x), Tensor(shape: [1, 2, 2], scalars: [-5, -4, -2, -1]))
    }

    func testOutputSizesInFloorAndCeilMode() {
        // (size, kernel, stride, pad) -> (floor, ceil), as Torch7 (and PyTorch) compute them.
        let cases: [(Int, Int, Int, Int, Int, Int)] = [
            (5, 2, 2, 0, 2, 3), (4, 2, 2, 0, 2, 2), (28, 2, 2, 0, 14, 14), (4, 3, 2, 1, 2, 3),
            (3, 2, 2, 1, 2, 2),  // ceil: the third window would start in the right padding
            (5, 1, 3, 0, 2, 2),  // ceil: the third window would start past the input
            (7, 3, 3, 1, 3, 3), (6, 3, 2, 1, 3, 4),
        ]
        for (size, k, d, pad, floor, ceil) in cases {
            let pool = SpatialMaxPooling<Float>(k, 1, d, 1, pad, 0)
            let x = Tensor<Float>.zeros(shape: [1, 1, size])
            XCTAssertEqual(pool.forward(x).shape, [1, 1, floor], "\(size) \(k) \(d) \(pad) floor")
            pool.ceil()
            XCTAssertEqual(pool.forward(x).shape, [1, 1, ceil], "\(size) \(k) \(d) \(pad) ceil")
            pool.floor()
            XCTAssertEqual(pool.forward(x).shape, [1, 1, floor], "\(size) \(k) \(d) \(pad) floor again")
        }
    }

    func testGradientsMatchFiniteDifferencesOnOddSizesStridesAndPadding() {
        let cases: [(SpatialMaxPooling<Double>, [Int])] = [
            (SpatialMaxPooling(3, 2, 2, 1, 1, 1), [2, 3, 5, 7]),
            (SpatialMaxPooling(2, 3, 3, 2, 1, 0).ceil(), [2, 2, 7, 5]),
            (SpatialMaxPooling(3, 3, 1, 1, 1, 1), [2, 3, 3]),
        ]
        for (index, (pool, shape)) in cases.enumerated() {
            assertGradientsMatch(pool, input: uniformInput(shape, seed: UInt64(40 + index)), "case \(index)")
        }
    }

    func testPlanesAreSharedWithTheHelperThread() {
        let (threads, quiet) = (BLAS.numThreads, BLAS.helperQuietMicroseconds)
        defer {
            BLAS.helperThreadIsDeterministic = false
            (BLAS.numThreads, BLAS.helperQuietMicroseconds) = (threads, quiet)
        }
        (BLAS.numThreads, BLAS.helperQuietMicroseconds, BLAS.usesHelperThread, BLAS.helperThreadIsDeterministic) = (2, 0, true, true)
        let pool = SpatialMaxPooling<Double>(2, 2)
        let x = uniformInput([16, 6, 24, 24], seed: 3), dy = uniformInput([16, 6, 12, 12], seed: 4)
        let before = BLAS.sharedLoopCount
        let (y, dx) = (pool.forward(x), pool.backward(x, dy))
        XCTAssertEqual(BLAS.sharedLoopCount - before, 2)
        BLAS.helperThreadIsDeterministic = false
        BLAS.usesHelperThread = false
        XCTAssertEqual(pool.forward(x), y)
        XCTAssertEqual(pool.backward(x, dy), dx)
        BLAS.usesHelperThread = true
    }

    func testTorch7DefaultsAndDescription() {
        let pool = SpatialMaxPooling<Float>(2, 2)
        XCTAssertEqual([pool.dW, pool.dH, pool.padW, pool.padH], [2, 2, 0, 0])  // the stride defaults to the window
        XCTAssertFalse(pool.ceilMode)
        XCTAssertEqual(pool.description, "nn.SpatialMaxPooling(2x2, 2,2)")
        XCTAssertEqual(SpatialMaxPooling<Float>(3, 2, 1, 2).description, "nn.SpatialMaxPooling(3x2, 1,2)")
        XCTAssertEqual(SpatialMaxPooling<Float>(3, 3, 2, 2, 1, 1).description, "nn.SpatialMaxPooling(3x3, 2,2, 1,1)")
        XCTAssertEqual(ModuleRegistry.kind(torch7ClassName: "cudnn.SpatialMaxPooling")?.name, "SpatialMaxPooling")
    }

    func testBadInputNamesTheModuleAndBothShapes() {
        let pool = SpatialMaxPooling<Double>(3, 3)
        XCTAssertEqual(trappedMessage { _ = pool.forward(Tensor.zeros(shape: [2, 1, 2, 5])) },
                       "nn.SpatialMaxPooling(3x3, 3,3): expected CxHxW or NxCxHxW with H >= 3 and W >= 3, got 2x1x2x5")
        XCTAssertEqual(trappedMessage { _ = pool.forward(Tensor.zeros(shape: [9, 9])) },
                       "nn.SpatialMaxPooling(3x3, 3,3): expected CxHxW or NxCxHxW with H >= 3 and W >= 3, got 9x9")
        // With padding 1 an image of 2x2 fits a 3x3 window (Torch7: at least kernel − padding).
        XCTAssertEqual(SpatialMaxPooling<Double>(3, 3, 1, 1, 1, 1).forward(Tensor.zeros(shape: [1, 2, 2])).shape, [1, 2, 2])
        XCTAssertEqual(trappedMessage { _ = SpatialMaxPooling<Double>(2, 2, 2, 2, 2, 0) },
                       "nn.SpatialMaxPooling: window and steps must be positive and padding at most half the window, got 2x2, 2,2, 2,0")
        let record = ModuleRecord<Double>(kind: "SpatialMaxPooling", hyperParameters: [
            ("kW", .int(2)), ("kH", .int(2)), ("dW", .int(2)), ("dH", .int(2)), ("padW", .int(3)), ("padH", .int(0)), ("ceilMode", .bool(false)),
        ])
        XCTAssertThrowsError(try ModuleRegistry.kind(named: "SpatialMaxPooling")!.make(from: record)) {
            guard case .corrupted = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
    }
}
