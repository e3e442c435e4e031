import XCTest
import NN

final class IdentityTests: XCTestCase {
    func testPassesInputAndGradientThrough() {
        let identity = Identity<Double>()
        let x = Tensor<Double>([[1, -2], [3, 4]]), g = Tensor<Double>([[5, 6], [7, 8]])
        XCTAssertEqual(identity.forward(x), x)
        XCTAssertEqual(identity.backward(x, g), g)
    }

    func testGradientsMatchFiniteDifferences() {
        assertGradientsMatchOnSampleAndBatch(Identity<Double>(), features: 5)
    }

    func testDescription() {
        XCTAssertEqual(Identity<Double>().description, "nn.Identity")
    }
}
