import XCTest
@testable import WickCore

/// `+ - * /` between tensors (same shape, or a row vector broadcast over rows) and with scalars.
final class TensorArithmeticTests: XCTestCase {
    func checkOperators<Scalar: TensorScalar>(_: Scalar.Type) {
        let a = Tensor<Scalar>([[1, 2], [3, 4]])
        let b = Tensor<Scalar>([[2, 4], [8, 16]])
        assertTensor(a + b, shape: [2, 2], [3, 6, 11, 20])
        assertTensor(a - b, shape: [2, 2], [-1, -2, -5, -12])
        assertTensor(a * b, shape: [2, 2], [2, 8, 24, 64])
        assertTensor(a / b, shape: [2, 2], [0.5, 0.5, 0.375, 0.25])
        assertTensor(-a, shape: [2, 2], [-1, -2, -3, -4])

        assertTensor(a + 1, shape: [2, 2], [2, 3, 4, 5])
        assertTensor(a - 1, shape: [2, 2], [0, 1, 2, 3])
        assertTensor(a * 3, shape: [2, 2], [3, 6, 9, 12])
        assertTensor(a / 2, shape: [2, 2], [0.5, 1, 1.5, 2])
        assertTensor(1 + a, shape: [2, 2], [2, 3, 4, 5])
        assertTensor(10 - a, shape: [2, 2], [9, 8, 7, 6])
        assertTensor(3 * a, shape: [2, 2], [3, 6, 9, 12])
        assertTensor(12 / a, shape: [2, 2], [12, 6, 4, 3])

        // A row vector applies to every row (the bias of a batch).
        let row = Tensor<Scalar>([10, 20])
        assertTensor(a + row, shape: [2, 2], [11, 22, 13, 24])
        assertTensor(a - row, shape: [2, 2], [-9, -18, -7, -16])
        assertTensor(a * row, shape: [2, 2], [10, 40, 30, 80])
        assertTensor(a / row, shape: [2, 2], [0.1, 0.1, 0.3, 0.2], tolerance: tolerance(Scalar.self))
        // Over the last dimension of a rank-3 tensor too.
        let cube = Tensor<Scalar>(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        assertTensor(cube + row, shape: [2, 2, 2], [11, 22, 13, 24, 15, 26, 17, 28])

        // Operands are left alone.
        XCTAssertEqual(a.scalars, [1, 2, 3, 4])
        XCTAssertEqual(b.scalars, [2, 4, 8, 16])
    }

    func testOperatorsDouble() { checkOperators(Double.self) }
    func testOperatorsFloat() { checkOperators(Float.self) }

    func checkInPlaceOperators<Scalar: TensorScalar>(_: Scalar.Type) {
        let a = Tensor<Scalar>([[1, 2], [3, 4]])
        let b = Tensor<Scalar>([[2, 4], [8, 16]])
        var x = a
        x += b; assertTensor(x, shape: [2, 2], [3, 6, 11, 20])
        x -= a; assertTensor(x, shape: [2, 2], [2, 4, 8, 16])
        x *= b; assertTensor(x, shape: [2, 2], [4, 16, 64, 256])
        x /= b; assertTensor(x, shape: [2, 2], [2, 4, 8, 16])
        x += 1; assertTensor(x, shape: [2, 2], [3, 5, 9, 17])
        x -= 1; assertTensor(x, shape: [2, 2], [2, 4, 8, 16])
        x *= 0.5; assertTensor(x, shape: [2, 2], [1, 2, 4, 8])
        x /= 4; assertTensor(x, shape: [2, 2], [0.25, 0.5, 1, 2])

        let row = Tensor<Scalar>([1, -1])
        var y = a
        y += row; assertTensor(y, shape: [2, 2], [2, 1, 4, 3])
        y -= row; assertTensor(y, shape: [2, 2], [1, 2, 3, 4])
        y *= row; assertTensor(y, shape: [2, 2], [1, -2, 3, -4])
        y /= Tensor<Scalar>([2, 4]); assertTensor(y, shape: [2, 2], [0.5, -0.5, 1.5, -1])
    }

    func testInPlaceOperatorsDouble() { checkInPlaceOperators(Double.self) }
    func testInPlaceOperatorsFloat() { checkInPlaceOperators(Float.self) }

    func testLargeOperandsAgainstScalarLoop() {
        var g = RandomGenerator(seed: 4)
        let a: Tensor<Double> = randomTensor([37, 29], &g)
        let b: Tensor<Double> = randomTensor([37, 29], &g)
        assertClose(doubles(a * b - a / (b + 3)),
                    zip(a.scalars, b.scalars).map { $0 * $1 - $0 / ($1 + 3) }, tolerance: 1e-15)
    }

    func testEmptyOperands() {
        let e = Tensor<Double>.zeros(0, 3)
        assertTensor(e + e, shape: [0, 3], [])
        assertTensor(e + Tensor<Double>([1, 2, 3]), shape: [0, 3], [])
        var f = e
        f += Tensor<Double>([1, 2, 3])
        f *= 2
        XCTAssertEqual(f.shape, [0, 3])
    }

    func testMisuseMessages() {
        let a = Tensor<Double>.zeros(2, 3)
        XCTAssertEqual(trappedMessage { _ = a + Tensor<Double>.zeros(3, 2) }, "+: 2x3 and 3x2 do not match")
        XCTAssertEqual(trappedMessage { _ = a - Tensor<Double>([1, 2]) }, "-: 2x3 and 2 do not match")
        XCTAssertEqual(trappedMessage { _ = a * Tensor<Double>.zeros(2) }, "*: 2x3 and 2 do not match")
        XCTAssertEqual(trappedMessage { _ = a / Tensor<Double>.zeros(1, 3) }, "/: 2x3 and 1x3 do not match")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>([1, 2, 3]) + Tensor<Double>([1, 2]) },
                       "+: 3 and 2 do not match")
        XCTAssertEqual(trappedMessage { var x = a; x += Tensor<Double>.zeros(6) }, "+=: 2x3 and 6 do not match")
        XCTAssertEqual(trappedMessage { var x = a; x -= Tensor<Double>.zeros(3, 3) }, "-=: 2x3 and 3x3 do not match")
        XCTAssertEqual(trappedMessage { var x = a; x *= Tensor<Double>.zeros(2) }, "*=: 2x3 and 2 do not match")
        XCTAssertEqual(trappedMessage { var x = a; x /= Tensor<Double>.zeros(2, 3, 1) }, "/=: 2x3 and 2x3x1 do not match")
    }
}
