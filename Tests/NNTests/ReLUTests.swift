import XCTest
import NN

final class ReLUTests: XCTestCase {
    func testValuesByHand() {
        XCTAssertEqual(ReLU<Double>().forward(Tensor([[-1.5, 0, 2], [3, -0.25, 0.5]])),
                       Tensor([[0, 0, 2], [3, 0, 0.5]]))
    }

    func testGradientPassesOnlyWherePositiveAndIsZeroAtZero() {
        let relu = ReLU<Double>()
        let x = Tensor<Double>([-1.5, 0, 2])
        _ = relu.forward(x)
        XCTAssertEqual(relu.backward(x, Tensor([5, 6, 7])), Tensor([0, 0, 7]))
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(ReLU<Double>(), features: 8, avoiding: [0])
    }

    func testDescription() {
        XCTAssertEqual(ReLU<Double>().description, "nn.ReLU")
    }
}
