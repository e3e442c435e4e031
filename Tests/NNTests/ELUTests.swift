import XCTest
import NN

final class ELUTests: XCTestCase {
    func testValuesByHand() {
        let elu = ELU<Double>()
        assertClose(elu.forward(Tensor([-1, 0, 2])), Tensor([Double.exp(-1) - 1, 0, 2]), tolerance: 1e-15)
        // alpha (e^(−ln 2) − 1) = 2 (0.5 − 1) = −1
        assertClose(ELU<Double>(alpha: 2).forward(Tensor([-Double.log(2), 3])), Tensor([-1, 3]), tolerance: 1e-15)
    }

    func testBackwardIsAlphaExpForNegativeInputs() {
        let elu = ELU<Double>(alpha: 2)
        let x = Tensor<Double>([-Double.log(2), 3])
        _ = elu.forward(x)
        // d/dx at −ln 2 is 2 · 0.5 = 1; at 3 it is 1.
        assertClose(elu.backward(x, Tensor([3, 5])), Tensor([3, 5]), tolerance: 1e-15)
        let y = Tensor<Double>([-1])
        _ = elu.forward(y)
        assertClose(elu.backward(y, Tensor([1])), Tensor([2 * Double.exp(-1)]), tolerance: 1e-15)
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(ELU<Double>(), features: 7, avoiding: [0])
        assertGradientsMatchOnSampleAndBatch(ELU<Double>(alpha: 0.5), features: 7, avoiding: [0], seed: 3)
    }

    func testFiniteForLargeNegativeInputs() {
        XCTAssertEqual(ELU<Double>().forward(Tensor([-1e4])), Tensor([-1]))
        XCTAssertEqual(ELU<Float>(alpha: 3).forward(Tensor([-1e4])), Tensor([-3]))
    }

    func testDescription() {
        XCTAssertEqual(ELU<Double>().description, "nn.ELU (alpha:1.0)")
        XCTAssertEqual(ELU<Double>(alpha: 0.5).description, "nn.ELU (alpha:0.5)")
    }
}
