import XCTest
import NN

final class StepTests: XCTestCase {
    func testOneAboveTheThresholdElseZero() {
        XCTAssertEqual(Step<Double>().forward(Tensor([-1, 0, 0.5])), Tensor([0, 0, 1]))
        XCTAssertEqual(Step<Double>(threshold: 0.3).forward(Tensor([[0.2, 0.4], [0.3, 9]])), Tensor([[0, 1], [0, 1]]))
    }

    func testNoGradientFlowsBack() {
        let step = Step<Double>()
        let x = Tensor<Double>([-1, 0.5, 2])
        _ = step.forward(x)
        XCTAssertEqual(step.backward(x, Tensor([3, 4, 5])), Tensor([0, 0, 0]))
    }

    func testGradientsMatchFiniteDifferencesAwayFromTheStep() {
        assertGradientsMatchOnSampleAndBatch(Step<Double>(), features: 6, avoiding: [0])
        assertGradientsMatchOnSampleAndBatch(Step<Double>(threshold: 1), features: 6, avoiding: [1], seed: 7)
    }

    func testDescription() {
        XCTAssertEqual(Step<Double>().description, "nn.Step")
    }
}
