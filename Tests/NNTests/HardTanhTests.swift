import XCTest
import NN

final class HardTanhTests: XCTestCase {
    func testClipsToMinusOneOne() {
        XCTAssertEqual(HardTanh<Double>().forward(Tensor([-3, -0.5, 0.5, 3])), Tensor([-1, -0.5, 0.5, 1]))
    }

    func testCustomRangeAndBackward() {
        let hardTanh = HardTanh<Double>(minimum: -2, maximum: 0.5)
        let x = Tensor<Double>([[-3, -1], [0.25, 1]])
        XCTAssertEqual(hardTanh.forward(x), Tensor([[-2, -1], [0.25, 0.5]]))
        XCTAssertEqual(hardTanh.backward(x, Tensor([[1, 2], [3, 4]])), Tensor([[0, 2], [3, 0]]))
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(HardTanh<Double>(), features: 8, avoiding: [-1, 1])
        assertGradientsMatchOnSampleAndBatch(HardTanh<Double>(minimum: -0.5, maximum: 1.5), features: 8,
                                             avoiding: [-0.5, 1.5], seed: 5)
    }

    func testDescription() {
        XCTAssertEqual(HardTanh<Double>().description, "nn.HardTanh")
    }

    func testEmptyRangeIsRejected() {
        XCTAssertEqual(trappedMessage { _ = HardTanh<Double>(minimum: 1, maximum: -1) },
                       "nn.HardTanh: minimum 1.0 must be below maximum -1.0")
    }
}
