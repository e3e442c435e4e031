import XCTest
import NN

final class ReshapeTests: XCTestCase {
    func testOneSampleTakesTheGivenShape() {
        let x = Tensor<Double>([1, 2, 3, 4, 5, 6])
        let y = Reshape<Double>(2, 3).forward(x)
        XCTAssertEqual(y, Tensor([[1, 2, 3], [4, 5, 6]]))
    }

    func testABatchKeepsItsFirstDimension() {
        let x = uniformInput([4, 6], seed: 21)
        let y = Reshape<Double>(2, 3).forward(x)
        XCTAssertEqual(y.shape, [4, 2, 3])
        XCTAssertEqual(y.scalars, x.scalars)
        // A batch of one stays a batch, as in Torch7.
        XCTAssertEqual(Reshape<Double>(2, 3).forward(uniformInput([1, 6], seed: 22)).shape, [1, 2, 3])
        // And back to flat vectors.
        XCTAssertEqual(Reshape<Double>(6).forward(y).shape, [4, 6])
    }

    func testBackwardRestoresTheInputShape() {
        let reshape = Reshape<Double>(3, 2)
        let x = uniformInput([2, 6], seed: 23), g = uniformInput([2, 3, 2], seed: 24)
        _ = reshape.forward(x)
        let gradInput = reshape.backward(x, g)
        XCTAssertEqual(gradInput.shape, [2, 6])
        XCTAssertEqual(gradInput.scalars, g.scalars)
    }

    func testViewIsReshape() {
        let view: View<Double> = View(2, 2)
        XCTAssertEqual(view.forward(Tensor([1, 2, 3, 4])), Tensor([[1, 2], [3, 4]]))
        XCTAssertEqual(view.description, "nn.Reshape(2x2)")
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(Reshape<Double>(2, 3), features: 6)
        assertGradientsMatchOnSampleAndBatch(Reshape<Double>(6, 1), features: 6, seed: 8)
    }

    func testDescription() {
        XCTAssertEqual(Reshape<Double>(4, 4).description, "nn.Reshape(4x4)")
        XCTAssertEqual(Reshape<Double>(10).description, "nn.Reshape(10)")
    }

    func testSizesThatDoNotFit() {
        let reshape = Reshape<Double>(2, 3)
        XCTAssertEqual(trappedMessage { _ = reshape.forward(Tensor.zeros(5)) },
                       "nn.Reshape(2x3): cannot view 5 as 2x3 or Nx2x3")
        XCTAssertEqual(trappedMessage { _ = reshape.forward(Tensor.zeros(4, 5)) },
                       "nn.Reshape(2x3): cannot view 4x5 as 2x3 or Nx2x3")
        XCTAssertEqual(trappedMessage { _ = Reshape<Double>(2, 0) }, "nn.Reshape: sizes must be positive, got [2, 0]")
    }
}
