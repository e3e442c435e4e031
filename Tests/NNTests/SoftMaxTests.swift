import XCTest
import NN

final class SoftMaxTests: XCTestCase {
    func testValuesByHand() {
        // e^0 : e^(ln 2) : e^(ln 3) = 1 : 2 : 3
        let x = Tensor<Double>([0, Double.log(2), Double.log(3)])
        assertClose(SoftMax<Double>().forward(x), Tensor([1.0 / 6, 2.0 / 6, 3.0 / 6]), tolerance: 1e-15)
    }

    func testEachRowOfABatchSumsToOne() {
        let x = uniformInput([5, 4], seed: 12, low: -10, high: 10)
        let y = SoftMax<Double>().forward(x)
        XCTAssertEqual(y.shape, [5, 4])
        for r in 0..<5 {
            XCTAssertEqual(y.row(r).sum(), 1, accuracy: 1e-14)
            XCTAssertEqual(y.row(r).argmax(), x.row(r).argmax())
        }
        XCTAssertGreaterThan(y.min(), 0)
    }

    func testInvariantToAShiftOfTheLogits() {
        let x = uniformInput([3, 4], seed: 13)
        assertClose(SoftMax<Double>().forward(x + 100), SoftMax<Double>().forward(x), tolerance: 1e-14)
    }

    func testFiniteForHugeLogits() {
        XCTAssertEqual(SoftMax<Double>().forward(Tensor([[1e4, -1e4, 0], [-1e4, -1e4, -1e4]])),
                       Tensor([[1, 0, 0], [1.0 / 3, 1.0 / 3, 1.0 / 3]]))
        let y = SoftMax<Float>().forward(Tensor([1e4, -1e4, 1e4]))
        assertFinite(y)
        XCTAssertEqual(y, Tensor([0.5, 0, 0.5]))
    }

    func testBackwardByHand() {
        let softMax = SoftMax<Double>()
        let x = Tensor<Double>([0, 0])
        _ = softMax.forward(x)
        // y = (½, ½), dx = y ⊙ (g − g·y) = ½ (g − (g₀ + g₁)/2)
        assertClose(softMax.backward(x, Tensor([1, 3])), Tensor([-0.5, 0.5]), tolerance: 1e-15)
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(SoftMax<Double>(), features: 5)
    }

    func testDescription() {
        XCTAssertEqual(SoftMax<Double>().description, "nn.SoftMax")
    }

    func testRejectsMoreThanTwoDimensions() {
        XCTAssertEqual(trappedMessage { _ = SoftMax<Double>().forward(Tensor.zeros(shape: [2, 2, 2])) },
                       "nn.SoftMax: expected a sample (1-D) or a batch (2-D), got 2x2x2")
    }
}
