import XCTest
import NN

/// Average pooling by its definition (Torch7's THNN loops): output and input gradient of
/// `planes` planes of `h x w`.
private func directAveragePooling(_ x: [Double], planes: Int, h: Int, w: Int, kH: Int, kW: Int, dH: Int, dW: Int,
                                  padH: Int, padW: Int, oH: Int, oW: Int, includePad: Bool, dy: [Double])
    -> (output: [Double], gradInput: [Double]) {
    var y: [Double] = [], dx = [Double](repeating: 0, count: x.count)
    for p in 0..<planes {
        for oy in 0..<oH {
            for ox in 0..<oW {
                let (top, left) = (oy * dH - padH, ox * dW - padW)
                // The window within the padded input, then within the input.
                let (bottom, right) = (Swift.min(top + kH, h + padH), Swift.min(left + kW, w + padW))
                let rows = Swift.max(top, 0)..<Swift.min(bottom, h), columns = Swift.max(left, 0)..<Swift.min(right, w)
                let divisor = Double(includePad ? (bottom - top) * (right - left) : rows.count * columns.count)
                var sum = 0.0
                for iy in rows { for ix in columns { sum += x[(p * h + iy) * w + ix] } }
                for iy in rows { for ix in columns { dx[(p * h + iy) * w + ix] += dy[y.count] / divisor } }
                y.append(sum / divisor)
            }
        }
    }
    return (y, dx)
}

final class SpatialAveragePoolingTests: XCTestCase {
    func testForwardAndBackwardMatchDirectLoopsOnRandomSizes() {
        var g = RandomGenerator(seed: 41)
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }
        for trial in 0..<60 {
            let (kH, kW, dH, dW) = (pick(1...4), pick(1...4), pick(1...3), pick(1...3))
            let (padH, padW) = (pick(0...(kH / 2)), pick(0...(kW / 2)))
            let (h, w, c, n) = (pick(Swift.max(1, kH - 2 * padH)...9), pick(Swift.max(1, kW - 2 * padW)...9), pick(1...3), pick(1...3))
            let pool = SpatialAveragePooling<Double>(kW, kH, dW, dH, padW, padH)
            if trial % 2 == 1 { pool.ceil() }
            if trial % 3 == 1 { pool.setCountExcludePad() }
            let shape = trial % 4 == 0 ? [c, h, w] : [n, c, h, w]
            let x = uniformInput(shape, seed: UInt64(trial))
            let y = pool.forward(x)
            let (oH, oW) = (y.shape[y.rank - 2], y.shape[y.rank - 1])
            let dy = uniformInput(y.shape, seed: UInt64(100 + trial))
            let direct = directAveragePooling(x.scalars, planes: x.count / (h * w), h: h, w: w, kH: kH, kW: kW, dH: dH, dW: dW,
                                              padH: padH, padW: padW, oH: oH, oW: oW, includePad: pool.countIncludePad, dy: dy.scalars)
            let label = "trial \(trial): \(pool) (ceil \(pool.ceilMode), include pad \(pool.countIncludePad)) on \(formatShape(shape))"
            XCTAssertEqual(y.shape, Array(shape.dropLast(2)) + [pool.ceilMode ? oH : (h + 2 * padH - kH) / dH + 1,
                                                                 pool.ceilMode ? oW : (w + 2 * padW - kW) / dW + 1], label)
            for (got, want) in zip(y.scalars, direct.output) { XCTAssertEqual(got, want, accuracy: 1e-14, label) }
            for (got, want) in zip(pool.backward(x, dy).scalars, direct.gradInput) { XCTAssertEqual(got, want, accuracy: 1e-14, label) }
        }
    }

    func testPaddingCountsAsZerosByDefaultAndCanBeExcluded() {
        // One row 1...6, windows of 3 moved by 2 with one column of padding, in ceil mode: the
        // windows cover (pad, 1, 2), (2, 3, 4), (4, 5, 6) and (6, pad), the last cut at the
        // padding's end (it would reach one column past it).
        let x = Tensor<Double>(shape: [1, 1, 6], scalars: [1, 2, 3, 4, 5, 6])
        let pool = SpatialAveragePooling<Double>(3, 1, 2, 1, 1, 0).ceil()
        XCTAssertTrue(pool.countIncludePad)
        XCTAssertEqual(pool.forward(x), Tensor(shape: [1, 1, 4], scalars: [1, 3, 5, 3]))
        pool.setCountExcludePad()
        XCTAssertEqual(pool.forward(x), Tensor(shape: [1, 1, 4], scalars: [1.5, 3, 5, 6]))
        XCTAssertEqual(pool.backward(x, Tensor(shape: [1, 1, 4], scalars: [2, 3, 3, 1])),
                       Tensor(shape: [1, 1, 6], scalars: [1, 2, 1, 2, 1, 2]))
        pool.setCountIncludePad()
        XCTAssertEqual(pool.backward(x, Tensor(shape: [1, 1, 4], scalars: [3, 6, 3, 4])),
                       Tensor(shape: [1, 1, 6], scalars: [1, 3, 2, 3, 1, 3]))
        // Floor mode drops the last window.
        XCTAssertEqual(pool.floor().forward(x), Tensor(shape: [1, 1, 3], scalars: [1, 3, 5]))
    }

    func testGradientsMatchFiniteDifferencesOnOddSizesStridesAndPadding() {
        let cases: [(SpatialAveragePooling<Double>, [Int])] = [
            (SpatialAveragePooling(3, 2, 2, 1, 1, 1), [2, 3, 5, 7]),
            (SpatialAveragePooling(2, 3, 3, 2, 1, 1).ceil().setCountExcludePad(), [2, 2, 7, 5]),
            (SpatialAveragePooling(3, 3, 2, 2), [2, 3, 5]),
        ]
        for (index, (pool, shape)) in cases.enumerated() {
            assertGradientsMatch(pool, input: uniformInput(shape, seed: UInt64(50 + index)), "case \(index)")
        }
    }

    func testTorch7DefaultsAndDescription() {
        let pool = SpatialAveragePooling<Float>(2, 2)
        XCTAssertEqual([pool.dW, pool.dH, pool.padW, pool.padH], [1, 1, 0, 0])  // Torch7's stride default is 1
        XCTAssertTrue(pool.countIncludePad)
        XCTAssertFalse(pool.ceilMode)
        XCTAssertEqual(pool.description, "nn.SpatialAveragePooling(2x2, 1,1)")
        XCTAssertEqual(SpatialAveragePooling<Float>(3, 3, 2, 2, 1, 0).description, "nn.SpatialAveragePooling(3x3, 2,2, 1,0)")
        XCTAssertEqual(ModuleRegistry.kind(torch7ClassName: "cudnn.SpatialAveragePooling")?.name, "SpatialAveragePooling")
    }

    func testBadInputNamesTheModuleAndBothShapes() {
        let pool = SpatialAveragePooling<Double>(4, 2, 2, 2, 1, 0)
        XCTAssertEqual(trappedMessage { _ = pool.forward(Tensor.zeros(shape: [3, 1, 5])) },
                       "nn.SpatialAveragePooling(4x2, 2,2, 1,0): expected CxHxW or NxCxHxW with H >= 2 and W >= 2, got 3x1x5")
        XCTAssertEqual(trappedMessage { _ = pool.forward(Tensor.zeros(shape: [1, 2, 3, 4, 5])) },
                       "nn.SpatialAveragePooling(4x2, 2,2, 1,0): expected CxHxW or NxCxHxW with H >= 2 and W >= 2, got 1x2x3x4x5")
        XCTAssertEqual(trappedMessage { _ = SpatialAveragePooling<Double>(3, 3, 0, 1) },
                       "nn.SpatialAveragePooling: window and steps must be positive and padding at most half the window, got 3x3, 0,1, 0,0")
    }
}
