import XCTest
import NN

final class TanhTests: XCTestCase {
    func testValuesByHand() {
        // tanh(ln 2) = (4 − 1) / (4 + 1) = 0.6
        let x = Tensor<Double>([0, Double.log(2), -Double.log(2)])
        assertClose(Tanh<Double>().forward(x), Tensor([0, 0.6, -0.6]), tolerance: 1e-15)
    }

    func testBackwardIsOneMinusOutputSquared() {
        let tanh = Tanh<Double>()
        let x = Tensor<Double>([0, Double.log(2), -Double.log(2)])
        _ = tanh.forward(x)
        assertClose(tanh.backward(x, Tensor([1, 2, 3])), Tensor([1, 2 * 0.64, 3 * 0.64]), tolerance: 1e-15)
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(Tanh<Double>(), features: 6)
    }

    func testFiniteAtExtremes() {
        let tanh = Tanh<Double>()
        let x = Tensor<Double>([1e4, -1e4])
        XCTAssertEqual(tanh.forward(x), Tensor([1, -1]))
        XCTAssertEqual(tanh.backward(x, Tensor([1, 1])), Tensor([0, 0]))
        XCTAssertEqual(Tanh<Float>().forward(Tensor([1e4, -1e4])), Tensor([1, -1]))
    }

    func testDescription() {
        XCTAssertEqual(Tanh<Double>().description, "nn.Tanh")
    }

    func testGradOutputOfTheWrongShape() {
        let tanh = Tanh<Double>()
        _ = tanh.forward(Tensor.zeros(2, 3))
        XCTAssertEqual(trappedMessage { tanh.backward(Tensor.zeros(2, 3), Tensor.zeros(3)) },
                       "nn.Tanh: gradOutput 3 does not match output 2x3 of the last forward pass")
    }
}
