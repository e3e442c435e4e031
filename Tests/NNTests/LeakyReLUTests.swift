import XCTest
import NN

final class LeakyReLUTests: XCTestCase {
    func testDefaultSlopeIsOneHundredth() {
        let leaky = LeakyReLU<Double>()
        XCTAssertEqual(leaky.negval, 0.01)
        assertClose(leaky.forward(Tensor([-2, 0, 3])), Tensor([-0.02, 0, 3]), tolerance: 1e-15)
    }

    func testCustomSlopeAndBackward() {
        let leaky = LeakyReLU<Double>(negval: 0.25)
        let x = Tensor<Double>([[-4, 2], [1, -1]])
        XCTAssertEqual(leaky.forward(x), Tensor([[-1, 2], [1, -0.25]]))
        XCTAssertEqual(leaky.backward(x, Tensor([[4, 4], [8, 8]])), Tensor([[1, 4], [8, 2]]))
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(LeakyReLU<Double>(), features: 8, avoiding: [0])
        assertGradientsMatchOnSampleAndBatch(LeakyReLU<Double>(negval: 0.3), features: 5, avoiding: [0], seed: 2)
    }

    func testDescription() {
        XCTAssertEqual(LeakyReLU<Double>().description, "nn.LeakyReLU(0.01)")
        XCTAssertEqual(LeakyReLU<Double>(negval: 0.2).description, "nn.LeakyReLU(0.2)")
    }
}
