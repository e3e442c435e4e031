import XCTest
import NN

final class SmoothL1CriterionTests: XCTestCase {
    func testQuadraticInsideLinearOutsideByHand() {
        let smoothL1 = SmoothL1Criterion<Double>()
        let x = Tensor<Double>([0.5, -2, 1.5, 3]), y = Tensor<Double>([0, 0, 0, 3])
        // ½·0.25 + (2 − ½) + (1.5 − ½) + 0 = 2.625
        XCTAssertEqual(smoothL1.forward(x, y), 2.625 / 4)
        XCTAssertEqual(smoothL1.backward(x, y), Tensor([0.5, -1, 1, 0]) / 4)
        smoothL1.sizeAverage = false
        XCTAssertEqual(smoothL1.forward(x, y), 2.625)
        XCTAssertEqual(smoothL1.backward(x, y), Tensor([0.5, -1, 1, 0]))
    }

    func testContinuousWhereTheTwoPiecesMeet() {
        let smoothL1 = SmoothL1Criterion<Double>(sizeAverage: false)
        let below = smoothL1.forward(Tensor([1 - 1e-9]), Tensor([0]))
        let above = smoothL1.forward(Tensor([1 + 1e-9]), Tensor([0]))
        XCTAssertEqual(below, 0.5, accuracy: 1e-8)
        XCTAssertEqual(above, 0.5, accuracy: 1e-8)
    }

    func testGradientMatchesFiniteDifferencesAwayFromTheJoins() {
        for (shape, seed) in [([6], UInt64(68)), ([4, 3], 69)] {
            let target = uniformInput(shape, seed: seed)
            let input = redrawing(uniformInput(shape, seed: seed + 100), seed: seed) { x, i in
                Swift.abs(Swift.abs(x - target.scalars[i]) - 1) < 1e-3
            }
            assertCriterionGradientMatches(SmoothL1Criterion<Double>(), input: input, target: target)
            assertCriterionGradientMatches(SmoothL1Criterion<Double>(sizeAverage: false), input: input, target: target)
        }
    }

    func testDescription() {
        XCTAssertEqual(SmoothL1Criterion<Double>().description, "nn.SmoothL1Criterion")
    }

    func testMismatchedShapes() {
        XCTAssertEqual(trappedMessage { SmoothL1Criterion<Double>().forward(Tensor.zeros(2, 2), Tensor.zeros(4)) },
                       "nn.SmoothL1Criterion: input 2x2 and target 4 do not match")
    }
}
