import XCTest
import NN

final class SpatialZeroPaddingTests: XCTestCase {
    func testPaddingByHand() {
        let pad = SpatialZeroPadding<Double>(1, 0, 0, 1)
        let x = Tensor<Double>(shape: [1, 2, 2], scalars: [1, 2, 3, 4])
        XCTAssertEqual(pad.forward(x), Tensor(shape: [1, 3, 3], scalars: [0, 1, 2,
                                                                          0, 3, 4,
                                                                          0, 0, 0]))
        XCTAssertEqual(pad.backward(x, Tensor(shape: [1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])),
                       Tensor(shape: [1, 2, 2], scalars: [2, 3, 5, 6]))
    }

    func testNegativePaddingCrops() {
        // Crop one column on the left and one row at the bottom, pad one row on top.
        let pad = SpatialZeroPadding<Double>(-1, 0, 1, -1)
        let x = Tensor<Double>(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        XCTAssertEqual(pad.forward(x), Tensor(shape: [1, 1, 3, 2], scalars: [0, 0,
                                                                             2, 3,
                                                                             5, 6]))
        XCTAssertEqual(pad.backward(x, Tensor(shape: [1, 1, 3, 2], scalars: [9, 9, 1, 2, 3, 4])),
                       Tensor(shape: [1, 1, 3, 3], scalars: [0, 1, 2, 0, 3, 4, 0, 0, 0]))
    }

    func testRandomPaddingMatchesTheDefinition() {
        var g = RandomGenerator(seed: 21)
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }
        for trial in 0..<40 {
            let (l, r, t, b) = (pick(-2...3), pick(-2...3), pick(-2...3), pick(-2...3))
            let (n, c) = (pick(1...3), pick(1...3))
            let h = pick(Swift.max(1, 1 - t - b)...6), w = pick(Swift.max(1, 1 - l - r)...6)
            let shape = trial % 3 == 0 ? [c, h, w] : [n, c, h, w]
            let pad = SpatialZeroPadding<Double>(l, r, t, b)
            let x = uniformInput(shape, seed: UInt64(trial))
            let y = pad.forward(x)
            let (oH, oW) = (h + t + b, w + l + r)
            XCTAssertEqual(y.shape, Array(shape.dropLast(2)) + [oH, oW], "trial \(trial)")
            let dy = uniformInput(y.shape, seed: UInt64(100 + trial))
            var expected = [Double](repeating: 0, count: y.count), expectedGrad = [Double](repeating: 0, count: x.count)
            for p in 0..<(x.count / (h * w)) {
                for oy in 0..<oH {
                    for ox in 0..<oW where (0..<h).contains(oy - t) && (0..<w).contains(ox - l) {
                        expected[(p * oH + oy) * oW + ox] = x.scalars[(p * h + oy - t) * w + ox - l]
                        expectedGrad[(p * h + oy - t) * w + ox - l] = dy.scalars[(p * oH + oy) * oW + ox]
                    }
                }
            }
            XCTAssertEqual(y.scalars, expected, "trial \(trial): \(pad) on \(formatShape(shape))")
            XCTAssertEqual(pad.backward(x, dy).scalars, expectedGrad, "trial \(trial): \(pad) on \(formatShape(shape))")
        }
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatch(SpatialZeroPadding<Double>(2, -1, 1, 0), input: uniformInput([2, 3, 3, 5], seed: 1))
        assertGradientsMatch(SpatialZeroPadding<Double>(0, 1, -2, 1), input: uniformInput([2, 5, 3], seed: 2))
    }

    func testTorch7DefaultsDescriptionAndBadInput() {
        let pad = SpatialZeroPadding<Float>(2)
        XCTAssertEqual([pad.padLeft, pad.padRight, pad.padTop, pad.padBottom], [2, 2, 2, 2])
        XCTAssertEqual(SpatialZeroPadding<Float>(1, 2, 0, -1).description, "nn.SpatialZeroPadding(l=1, r=2, t=0, b=-1)")
        let crop = SpatialZeroPadding<Double>(-2, -1, 0, 0)
        XCTAssertEqual(trappedMessage { _ = crop.forward(Tensor.zeros(shape: [1, 4, 3])) },
                       "nn.SpatialZeroPadding(l=-2, r=-1, t=0, b=0): expected CxHxW or NxCxHxW with H >= 1 and W >= 4, got 1x4x3")
        XCTAssertEqual(trappedMessage { _ = crop.forward(Tensor.zeros(shape: [12])) },
                       "nn.SpatialZeroPadding(l=-2, r=-1, t=0, b=0): expected CxHxW or NxCxHxW with H >= 1 and W >= 4, got 12")
    }
}
