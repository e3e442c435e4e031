import XCTest
import NN

final class AbsCriterionTests: XCTestCase {
    private let x = Tensor<Double>([[1, 2], [3, 4]]), y = Tensor<Double>([[0, 2], [5, 1]])

    func testMeanAbsoluteDifferenceByHand() {
        let abs = AbsCriterion<Double>()
        // |1| + |0| + |−2| + |3| = 6
        XCTAssertEqual(abs.forward(x, y), 1.5)
        // The sign of the difference (0 where equal) over n.
        XCTAssertEqual(abs.backward(x, y), Tensor([[0.25, 0], [-0.25, 0.25]]))
    }

    func testWithoutSizeAverageItIsTheSum() {
        let abs = AbsCriterion<Double>(sizeAverage: false)
        XCTAssertEqual(abs.forward(x, y), 6)
        XCTAssertEqual(abs.backward(x, y), Tensor([[1, 0], [-1, 1]]))
    }

    func testGradientMatchesFiniteDifferencesAwayFromTheKink() {
        for (shape, seed) in [([6], UInt64(66)), ([4, 3], 67)] {
            let target = uniformInput(shape, seed: seed)
            let input = redrawing(uniformInput(shape, seed: seed + 100), seed: seed) { x, i in
                Swift.abs(x - target.scalars[i]) < 1e-3
            }
            assertCriterionGradientMatches(AbsCriterion<Double>(), input: input, target: target)
            assertCriterionGradientMatches(AbsCriterion<Double>(sizeAverage: false), input: input, target: target)
        }
    }

    func testDescription() {
        XCTAssertEqual(AbsCriterion<Double>().description, "nn.AbsCriterion")
    }

    func testMismatchedShapes() {
        XCTAssertEqual(trappedMessage { AbsCriterion<Double>().forward(Tensor.zeros(3), Tensor.zeros(2)) },
                       "nn.AbsCriterion: input 3 and target 2 do not match")
    }
}
