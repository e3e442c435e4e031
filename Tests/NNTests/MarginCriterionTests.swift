import XCTest
import NN

final class MarginCriterionTests: XCTestCase {
    func testHingeLossByHand() {
        let margin = MarginCriterion<Double>()
        XCTAssertEqual(margin.margin, 1)
        let x = Tensor<Double>([0.5, -2, 3, 2]), y = Tensor<Double>([1, 1, -1, 1])
        // max(0, 1 − 0.5) + max(0, 1 + 2) + max(0, 1 + 3) + max(0, 1 − 2) = 7.5
        XCTAssertEqual(margin.forward(x, y), 7.5 / 4)
        // −y/n where the margin is violated, 0 where it is met.
        XCTAssertEqual(margin.backward(x, y), Tensor([-0.25, -0.25, 0.25, 0]))
    }

    func testCustomMarginWithoutSizeAverage() {
        let margin = MarginCriterion<Double>(margin: 2, sizeAverage: false)
        let x = Tensor<Double>([[1.5, 3]]), y = Tensor<Double>([[1, 1]])
        XCTAssertEqual(margin.forward(x, y), 0.5)
        XCTAssertEqual(margin.backward(x, y), Tensor([[-1, 0]]))
    }

    func testGradientMatchesFiniteDifferencesAwayFromTheHinge() {
        for (shape, seed) in [([6], UInt64(70)), ([4, 3], 71)] {
            let target = uniformInput(shape, seed: seed).map { $0 < 0 ? -1 : 1 }
            for m in [1.0, 0.5] {
                let input = redrawing(uniformInput(shape, seed: seed + 100), seed: seed) { x, i in
                    Swift.abs(m - target.scalars[i] * x) < 1e-3
                }
                assertCriterionGradientMatches(MarginCriterion<Double>(margin: m), input: input, target: target)
            }
        }
    }

    func testDescription() {
        XCTAssertEqual(MarginCriterion<Double>().description, "nn.MarginCriterion")
    }

    func testMismatchedShapes() {
        XCTAssertEqual(trappedMessage { MarginCriterion<Double>().forward(Tensor.zeros(3, 1), Tensor.zeros(1, 3)) },
                       "nn.MarginCriterion: input 3x1 and target 1x3 do not match")
    }
}
