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

    func testBatchModeOverridesTheGuess() {
        // true: the first dimension is always the batch, even when the input is one sample's size.
        XCTAssertEqual(Reshape<Double>(2, 3, batchMode: true).forward(uniformInput([1, 6], seed: 25)).shape, [1, 2, 3])
        XCTAssertEqual(Reshape<Double>(3, batchMode: true).forward(uniformInput([2, 3], seed: 26)).shape, [2, 3])
        // false: never a batch, even when the first dimension is 1.
        XCTAssertEqual(Reshape<Double>(6, batchMode: false).forward(uniformInput([1, 2, 3], seed: 27)).shape, [6])
        XCTAssertEqual(trappedMessage { _ = Reshape<Double>(6, batchMode: false).forward(Tensor.zeros(2, 6)) },
                       "nn.Reshape(6): cannot view 2x6 as 6")
        XCTAssertEqual(trappedMessage { _ = Reshape<Double>(4, batchMode: true).forward(Tensor.zeros(2, 6)) },
                       "nn.Reshape(4): cannot view 2x6 as Nx4")
    }

    func testRankFourImagesToVectorsAndBack() {
        let x = uniformInput([3, 2, 4, 5], seed: 28)
        let flat = Reshape<Double>(40).forward(x)
        XCTAssertEqual(flat.shape, [3, 40])
        XCTAssertEqual(flat.scalars, x.scalars)
        XCTAssertEqual(Reshape<Double>(2, 4, 5).forward(flat), x)
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
