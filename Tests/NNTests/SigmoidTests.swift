import Foundation
import XCTest
import NN

final class SigmoidTests: XCTestCase {
    func testValuesByHand() {
        // σ(ln 3) = 1 / (1 + 1/3) = 0.75
        let x = Tensor<Double>([[0, Double.log(3)], [-Double.log(3), 0]])
        assertClose(Sigmoid<Double>().forward(x), Tensor([[0.5, 0.75], [0.25, 0.5]]), tolerance: 1e-15)
    }

    func testBackwardIsOutputTimesOneMinusOutput() {
        let sigmoid = Sigmoid<Double>()
        let x = Tensor<Double>([0, Double.log(3)])
        _ = sigmoid.forward(x)
        assertClose(sigmoid.backward(x, Tensor([2, 4])), Tensor([2 * 0.25, 4 * 0.1875]), tolerance: 1e-15)
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(Sigmoid<Double>(), features: 6)
    }

    func testFiniteAtExtremesInDouble() {
        let sigmoid = Sigmoid<Double>()
        let x = Tensor<Double>([1e4, -1e4, 800, -800])
        XCTAssertEqual(sigmoid.forward(x), Tensor([1, 0, 1, 0]))
        XCTAssertEqual(sigmoid.backward(x, Tensor([1, 1, 1, 1])), Tensor([0, 0, 0, 0]))
    }

    func testFiniteAtExtremesInFloat() {
        let sigmoid = Sigmoid<Float>()
        let x = Tensor<Float>([1e4, -1e4, 100, -100])
        // σ(−100) = e⁻¹⁰⁰ ≈ 3.7e-44 is a Float subnormal, kept rather than flushed to 0.
        XCTAssertEqual(sigmoid.forward(x), Tensor([1, 0, 1, Float(Foundation.exp(-100.0))]))
        let g = sigmoid.backward(x, Tensor([1, 1, 1, 1]))
        assertFinite(g)
        XCTAssertEqual(g.abs().max(), 0, accuracy: 1e-30)
    }

    func testDescription() {
        XCTAssertEqual(Sigmoid<Float>().description, "nn.Sigmoid")
    }
}
