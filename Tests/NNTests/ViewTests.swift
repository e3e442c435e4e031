import XCTest
import NN

/// `View` follows Torch7's `nn.View` batch rule (see its documentation).
final class ViewTests: XCTestCase {
    func testFixedSizesTakeABatchFromTheElementCount() {
        XCTAssertEqual(View<Double>(16).forward(Tensor.zeros(4, 4)).shape, [16])
        XCTAssertEqual(View<Double>(16).forward(Tensor.zeros(5, 4, 4)).shape, [5, 16])
        XCTAssertEqual(View<Double>(2, 8).forward(Tensor.zeros(3, 16)).shape, [3, 2, 8])
        // As in Torch7, a batch of one holding exactly one sample's elements is one sample.
        XCTAssertEqual(View<Double>(16).forward(Tensor.zeros(1, 16)).shape, [16])
    }

    func testMinusOneIsInferred() {
        let x = uniformInput([5, 4], seed: 1)
        XCTAssertEqual(View<Double>(-1, 2).forward(x).shape, [10, 2])
        XCTAssertEqual(View<Double>(2, -1).forward(x).shape, [2, 10])
        // Without setNumInputDims, View(-1) flattens everything, the batch included (Torch7).
        XCTAssertEqual(View<Double>(-1).forward(uniformInput([2, 3, 4, 5], seed: 2)).shape, [120])
        XCTAssertEqual(View<Double>(-1).forward(x).scalars, x.scalars)
    }

    func testNumInputDimsSeparatesTheBatch() {
        let view = View<Double>(-1).setNumInputDims(3)
        let images = uniformInput([2, 3, 4, 5], seed: 3)
        let flat = view.forward(images)
        XCTAssertEqual(flat.shape, [2, 60])
        XCTAssertEqual(flat.scalars, images.scalars)
        XCTAssertEqual(view.forward(uniformInput([3, 4, 5], seed: 4)).shape, [60])
        // Dimensions before the sample's are all batch dimensions, multiplied.
        XCTAssertEqual(view.forward(uniformInput([2, 2, 3, 4, 5], seed: 5)).shape, [4, 60])
        XCTAssertEqual(View<Double>(6, 10).setNumInputDims(3).forward(images).shape, [2, 6, 10])
        // A batch of one stays a batch once the sample's rank is known.
        XCTAssertEqual(View<Double>(60).setNumInputDims(3).forward(uniformInput([1, 3, 4, 5], seed: 6)).shape, [1, 60])
        XCTAssertEqual(View<Double>(60).setNumInputDims(3).forward(uniformInput([3, 4, 5], seed: 6)).shape, [60])
    }

    func testBackwardRestoresTheInputShape() {
        let view = View<Double>(-1).setNumInputDims(2)
        let x = uniformInput([3, 2, 5], seed: 7)
        let y = view.forward(x)
        let g = uniformInput(y.shape, seed: 8)
        let gradInput = view.backward(x, g)
        XCTAssertEqual(gradInput.shape, x.shape)
        XCTAssertEqual(gradInput.scalars, g.scalars)
        assertGradientsMatch(view, input: x)
    }

    func testAKeptOutputIsAValue() {
        let view = View<Double>(4)
        let kept = view.forward(Tensor([[1, 2], [3, 4]]))
        _ = view.forward(Tensor([[5, 6], [7, 8]]))
        XCTAssertEqual(kept, Tensor([1, 2, 3, 4]))
    }

    func testDescriptionAsTorch7PrintsIt() {
        XCTAssertEqual(View<Double>(16).description, "nn.View(16)")
        XCTAssertEqual(View<Double>(-1, 16).description, "nn.View(-1, 16)")
    }

    func testBadSizesAndInputsNameTheModuleAndShapes() {
        XCTAssertEqual(trappedMessage { _ = View<Double>(-1, -1) }, "nn.View: sizes must be positive, with at most one -1, got [-1, -1]")
        XCTAssertEqual(trappedMessage { _ = View<Double>(0) }, "nn.View: sizes must be positive, with at most one -1, got [0]")
        XCTAssertEqual(trappedMessage { _ = View<Double>(3).forward(Tensor.zeros(2, 4)) }, "nn.View(3): cannot view 2x4 as 3")
        XCTAssertEqual(trappedMessage { _ = View<Double>(-1, 3).forward(Tensor.zeros(2, 4)) }, "nn.View(-1, 3): cannot view 2x4 as -1x3")
        XCTAssertEqual(trappedMessage { _ = View<Double>(-1).setNumInputDims(3).forward(Tensor.zeros(2, 4)) },
                       "nn.View(-1): expected at least 3 dimensions (setNumInputDims(3)), got 2x4")
        XCTAssertEqual(trappedMessage { _ = View<Double>(Int.max, 4) }, "nn.View: the sizes [9223372036854775807, 4] overflow")
    }

    func testTheBatchRuleSurvivesASave() throws {
        let view = View<Float>(-1).setNumInputDims(3)
        let loaded = try ModelSerializer<Float>.decode(try ModelSerializer<Float>.encode(view)) as! View<Float>
        XCTAssertEqual(loaded.numInputDims, 3)
        XCTAssertEqual(loaded.sizes, [-1])
        XCTAssertEqual(loaded.forward(Tensor.zeros(shape: [2, 3, 4, 5])).shape, [2, 60])
    }
}
