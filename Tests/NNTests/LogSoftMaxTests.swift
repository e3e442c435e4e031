import XCTest
import NN

final class LogSoftMaxTests: XCTestCase {
    func testValuesByHand() {
        let ln2 = Double.log(2)
        assertClose(LogSoftMax<Double>().forward(Tensor([0, 0])), Tensor([-ln2, -ln2]), tolerance: 1e-15)
        // log(1/6), log(2/6), log(3/6)
        let x = Tensor<Double>([0, ln2, Double.log(3)])
        assertClose(LogSoftMax<Double>().forward(x), Tensor([-Double.log(6), ln2 - Double.log(6), -ln2]), tolerance: 1e-15)
    }

    func testEqualsLogOfSoftMax() {
        let x = uniformInput([6, 5], seed: 14, low: -5, high: 5)
        assertClose(LogSoftMax<Double>().forward(x), SoftMax<Double>().forward(x).log(), tolerance: 1e-14)
        let sample = uniformInput([5], seed: 15)
        assertClose(LogSoftMax<Double>().forward(sample), SoftMax<Double>().forward(sample).log(), tolerance: 1e-14)
    }

    func testFiniteForHugeLogits() {
        // (ln 2 is added to and taken from 1e4, so the second row is exact only to about 1e-12.)
        assertClose(LogSoftMax<Double>().forward(Tensor([[1e4, -1e4], [-1e4, -1e4]])),
                    Tensor([[0, -2e4], [-Double.log(2), -Double.log(2)]]), tolerance: 1e-11)
        let y = LogSoftMax<Float>().forward(Tensor([1e4, -1e4]))
        assertFinite(y)
        XCTAssertEqual(y, Tensor([0, -2e4]))
    }

    func testBackwardByHand() {
        let logSoftMax = LogSoftMax<Double>()
        let x = Tensor<Double>([0, 0])
        _ = logSoftMax.forward(x)
        // dx = g − softmax(x) Σ g = (1, 3) − (½, ½) · 4
        assertClose(logSoftMax.backward(x, Tensor([1, 3])), Tensor([-1, 1]), tolerance: 1e-15)
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(LogSoftMax<Double>(), features: 5)
    }

    func testDescription() {
        XCTAssertEqual(LogSoftMax<Double>().description, "nn.LogSoftMax")
    }

    func testRejectsMoreThanTwoDimensions() {
        XCTAssertEqual(trappedMessage { _ = LogSoftMax<Double>().forward(Tensor.zeros(shape: [1, 2, 3])) },
                       "nn.LogSoftMax: expected a sample (1-D) or a batch (2-D), got 1x2x3")
    }
}
