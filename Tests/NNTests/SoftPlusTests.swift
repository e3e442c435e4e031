import XCTest
import NN

final class SoftPlusTests: XCTestCase {
    func testValuesByHand() {
        let ln2 = Double.log(2)
        // log(1 + e⁰) = ln 2; with β = 2 at x = ln(3)/2: log(1 + 3) / 2 = ln 2.
        assertClose(SoftPlus<Double>().forward(Tensor([0])), Tensor([ln2]), tolerance: 1e-15)
        assertClose(SoftPlus<Double>(beta: 2).forward(Tensor([Double.log(3) / 2])), Tensor([ln2]), tolerance: 1e-15)
    }

    func testLinearAboveTheThresholdAndFiniteAtExtremes() {
        let softPlus = SoftPlus<Double>()
        XCTAssertEqual(softPlus.forward(Tensor([25, 1e4])), Tensor([25, 1e4]))
        let low = softPlus.forward(Tensor([-1e4]))
        assertFinite(low)
        XCTAssertEqual(low[0], 0, accuracy: 1e-300)
        XCTAssertEqual(SoftPlus<Float>().forward(Tensor([1e4])), Tensor([1e4]))
    }

    func testBackwardIsSigmoidOfBetaX() {
        let softPlus = SoftPlus<Double>(beta: 2)
        let x = Tensor<Double>([0, Double.log(3) / 2, 30])
        _ = softPlus.forward(x)
        // σ(0) = 0.5, σ(ln 3) = 0.75, and 1 above the threshold.
        assertClose(softPlus.backward(x, Tensor([2, 4, 6])), Tensor([1, 3, 6]), tolerance: 1e-15)
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(SoftPlus<Double>(), features: 6)
        // β x = threshold (x = 5/3) is where it switches to linear: keep away from it.
        assertGradientsMatchOnSampleAndBatch(SoftPlus<Double>(beta: 3, threshold: 5), features: 6, avoiding: [5.0 / 3], seed: 4)
    }

    func testDescription() {
        XCTAssertEqual(SoftPlus<Double>().description, "nn.SoftPlus")
    }
}
