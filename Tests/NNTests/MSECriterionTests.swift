import XCTest
import NN

final class MSECriterionTests: XCTestCase {
    private let x = Tensor<Double>([[1, 2], [3, 4]]), y = Tensor<Double>([[0, 2], [5, 1]])

    func testMeanOfSquaredDifferencesByHand() {
        let mse = MSECriterion<Double>()
        XCTAssertTrue(mse.sizeAverage)
        // Differences 1, 0, −2, 3: squares sum to 14.
        XCTAssertEqual(mse.forward(x, y), 3.5)
        XCTAssertEqual(mse.output, 3.5)
        XCTAssertEqual(mse(x, y), 3.5)
        XCTAssertEqual(mse.backward(x, y), Tensor([[0.5, 0], [-1, 1.5]]))
        XCTAssertEqual(mse.gradInput, Tensor([[0.5, 0], [-1, 1.5]]))
    }

    func testWithoutSizeAverageItIsTheSum() {
        let mse = MSECriterion<Double>(sizeAverage: false)
        XCTAssertEqual(mse.forward(x, y), 14)
        XCTAssertEqual(mse.backward(x, y), Tensor([[2, 0], [-4, 6]]))
        mse.sizeAverage = true
        XCTAssertEqual(mse.forward(x, y), 3.5)
    }

    func testGradientMatchesFiniteDifferences() {
        assertCriterionGradientMatches(MSECriterion<Double>(), input: uniformInput([5], seed: 60), target: uniformInput([5], seed: 61))
        assertCriterionGradientMatches(MSECriterion<Double>(), input: uniformInput([4, 3], seed: 62), target: uniformInput([4, 3], seed: 63))
        assertCriterionGradientMatches(MSECriterion<Double>(sizeAverage: false), input: uniformInput([4, 3], seed: 64),
                                       target: uniformInput([4, 3], seed: 65))
    }

    func testFloat() {
        XCTAssertEqual(MSECriterion<Float>().forward(Tensor([[1, 2], [3, 4]]), Tensor([[0, 2], [5, 1]])), 3.5)
    }

    func testDescription() {
        XCTAssertEqual(MSECriterion<Double>().description, "nn.MSECriterion")
    }

    func testMismatchedShapes() {
        let mse = MSECriterion<Double>()
        XCTAssertEqual(trappedMessage { mse.forward(Tensor.zeros(2, 3), Tensor.zeros(3, 2)) },
                       "nn.MSECriterion: input 2x3 and target 3x2 do not match")
        XCTAssertEqual(trappedMessage { _ = mse.backward(Tensor.zeros(4), Tensor.zeros(4, 1)) },
                       "nn.MSECriterion: input 4 and target 4x1 do not match")
    }
}
