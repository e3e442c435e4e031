import XCTest
import NN

final class ThresholdTests: XCTestCase {
    func testDefaultsAreTorchs() {
        let threshold = Threshold<Double>()
        XCTAssertEqual(threshold.threshold, 1e-6)
        XCTAssertEqual(threshold.value, 0)
        XCTAssertEqual(threshold.forward(Tensor([-1, 0, 1e-7, 2])), Tensor([0, 0, 0, 2]))
    }

    func testCustomThresholdAndValueWithBackward() {
        let threshold = Threshold<Double>(threshold: 0.5, value: -3)
        let x = Tensor<Double>([[0.4, 0.6], [0.5, -7]])
        XCTAssertEqual(threshold.forward(x), Tensor([[-3, 0.6], [-3, -3]]))
        XCTAssertEqual(threshold.backward(x, Tensor([[1, 2], [3, 4]])), Tensor([[0, 2], [0, 0]]))
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(Threshold<Double>(), features: 8, avoiding: [1e-6])
        assertGradientsMatchOnSampleAndBatch(Threshold<Double>(threshold: 0.5, value: 2), features: 8,
                                             avoiding: [0.5], seed: 6)
    }

    func testDescription() {
        XCTAssertEqual(Threshold<Double>().description, "nn.Threshold")
    }
}
