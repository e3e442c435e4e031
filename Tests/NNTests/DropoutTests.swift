import XCTest
import NN

final class DropoutTests: XCTestCase {
    func testTrainingDropsAFractionPAndScalesSurvivors() {
        let p = 0.3
        let dropout = Dropout<Double>(p, generator: RandomGenerator(seed: 1))
        XCTAssertTrue(dropout.isTraining)
        let y = dropout.forward(Tensor.ones(400, 250))
        let dropped = y.scalars.filter { $0 == 0 }.count
        // 100 000 draws: the standard deviation of the fraction is 0.0014.
        XCTAssertEqual(Double(dropped) / 100_000, p, accuracy: 0.01)
        XCTAssertTrue(y.scalars.allSatisfy { $0 == 0 || $0 == 1 / (1 - p) })
        // Inverted dropout keeps the expected activation.
        XCTAssertEqual(y.mean(), 1, accuracy: 0.01)
        XCTAssertEqual(dropout.mask, y)
    }

    func testOutputAndGradientAreMaskedAlike() {
        let dropout = Dropout<Double>(0.5, generator: RandomGenerator(seed: 2))
        let x = uniformInput([6, 7], seed: 16), g = uniformInput([6, 7], seed: 17)
        let y = dropout.forward(x)
        let mask = dropout.mask
        XCTAssertEqual(mask.shape, [6, 7])
        XCTAssertTrue(mask.scalars.contains(0) && mask.scalars.contains(2))
        XCTAssertEqual(y, x * mask)
        XCTAssertEqual(dropout.backward(x, g), g * mask)
    }

    func testEveryForwardDrawsAFreshMask() {
        let dropout = Dropout<Double>(0.5, generator: RandomGenerator(seed: 3))
        let x = Tensor<Double>.ones(10, 10)
        let first = dropout.forward(x)
        XCTAssertNotEqual(dropout.forward(x), first)
    }

    func testSameSeedSameMasks() {
        let x = Tensor<Double>.ones(8, 8)
        let a = Dropout<Double>(0.4, generator: RandomGenerator(seed: 4))
        let b = Dropout<Double>(0.4, generator: RandomGenerator(seed: 4))
        XCTAssertEqual(a.forward(x), b.forward(x))
        manualSeed(9)
        let c = Dropout<Double>(0.4)
        manualSeed(9)
        let d = Dropout<Double>(0.4)
        XCTAssertEqual(c.forward(x), d.forward(x))
    }

    func testIdentityInEvaluationAndMaskingAgainInTraining() {
        let dropout = Dropout<Double>(0.5, generator: RandomGenerator(seed: 5))
        let x = uniformInput([5, 6], seed: 18), g = uniformInput([5, 6], seed: 19)
        dropout.evaluate()
        XCTAssertFalse(dropout.isTraining)
        XCTAssertEqual(dropout.forward(x), x)
        XCTAssertEqual(dropout.backward(x, g), g)
        dropout.training()
        XCTAssertTrue(dropout.forward(x).scalars.contains(0))
    }

    func testZeroProbabilityIsTheIdentityInTraining() {
        let dropout = Dropout<Double>(0, generator: RandomGenerator(seed: 6))
        let x = uniformInput([3, 4], seed: 20)
        XCTAssertEqual(dropout.forward(x), x)
        XCTAssertEqual(dropout.backward(x, x), x)
    }

    func testGradientsMatchFiniteDifferencesInEvaluation() {
        let dropout = Dropout<Double>(0.5)
        dropout.evaluate()
        assertGradientsMatchOnSampleAndBatch(dropout, features: 6)
    }

    func testClearStateFreesTheMask() {
        let dropout = Dropout<Double>(0.5, generator: RandomGenerator(seed: 7))
        _ = dropout.forward(Tensor.ones(3, 3))
        dropout.clearState()
        XCTAssertTrue(dropout.mask.isEmpty)
        XCTAssertTrue(dropout.output.isEmpty)
        XCTAssertEqual(dropout.forward(Tensor.ones(2, 2)).shape, [2, 2])
    }

    func testDescription() {
        XCTAssertEqual(Dropout<Double>(0.5).description, "nn.Dropout(0.5)")
        XCTAssertEqual(Dropout<Float>(0.25).description, "nn.Dropout(0.25)")
    }

    func testProbabilityOutOfRange() {
        XCTAssertEqual(trappedMessage { _ = Dropout<Double>(1) }, "nn.Dropout: p must be in [0, 1), got 1.0")
        XCTAssertEqual(trappedMessage { _ = Dropout<Double>(-0.1) }, "nn.Dropout: p must be in [0, 1), got -0.1")
    }
}
