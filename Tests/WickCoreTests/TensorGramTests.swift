import XCTest
import WickCore

/// `Tensor.gram` (BLAS syrk) against the naive product aᵀa.
final class TensorGramTests: XCTestCase {
    func testHandCase() {
        // Columns (1, 3, 5) and (2, 4, 6): dot products 35, 44, 56.
        let a = Tensor<Double>([[1, 2], [3, 4], [5, 6]])
        XCTAssertEqual(a.gram(), Tensor([[35, 44], [44, 56]]))
    }

    func testMatchesTheNaiveProductForBothScalarTypes() {
        var g = RandomGenerator(seed: 3)
        let a: Tensor<Double> = randomTensor([37, 9], &g)
        let expected = naiveProduct(a.scalars, (37, 9), transposeA: true, a.scalars, (37, 9), transposeB: false)
        assertTensor(a.gram(), shape: [9, 9], expected.values, tolerance: 1e-13)
        assertTensor(Tensor<Float>(a).gram(), shape: [9, 9], expected.values, tolerance: 1e-5)
    }

    func testAccumulatesOverBlocksOfRows() {
        var g = RandomGenerator(seed: 4)
        let a: Tensor<Double> = randomTensor([20, 4], &g)
        var c = Tensor<Double>.zeros(shape: [0])
        Tensor.gram(a[rows: 0..<7], into: &c)
        Tensor.gram(a[rows: 7..<20], into: &c, alpha: 2, beta: 1)
        let first = naiveProduct(Array(a.scalars[0..<28]), (7, 4), transposeA: true, Array(a.scalars[0..<28]), (7, 4), transposeB: false)
        let rest = naiveProduct(Array(a.scalars[28...]), (13, 4), transposeA: true, Array(a.scalars[28...]), (13, 4), transposeB: false)
        assertTensor(c, shape: [4, 4], zip(first.values, rest.values).map { $0 + 2 * $1 }, tolerance: 1e-13)
    }

    func testEmptyShapes() {
        XCTAssertEqual(Tensor<Double>.zeros(shape: [0, 3]).gram(), Tensor.zeros(shape: [3, 3]))
        XCTAssertEqual(Tensor<Double>.zeros(shape: [5, 0]).gram().shape, [0, 0])
    }

    func testMisuseMessages() {
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>([1, 2]).gram() }, "gram: needs a matrix, got 2")
        XCTAssertEqual(trappedMessage {
            var c = Tensor<Double>.zeros(shape: [2, 2])
            Tensor.gram(Tensor<Double>.zeros(shape: [4, 3]), into: &c, beta: 1)
        }, "gram: accumulating into 2x2 but the Gram matrix of 4x3 is 3x3")
    }
}
