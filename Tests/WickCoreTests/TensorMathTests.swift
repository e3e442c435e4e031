import XCTest
@testable import WickCore

/// Element-wise functions, reductions (whole tensor and along a dimension), norms, dot and outer.
final class TensorMathTests: XCTestCase {
    func checkFunctions<Scalar: TensorScalar>(_: Scalar.Type) {
        let tol = tolerance(Scalar.self)
        let x = Tensor<Scalar>([0, 1, 2, -1])
        assertTensor(x.exp(), shape: [4], [1, M_E, M_E * M_E, 1 / M_E], tolerance: tol * 10)
        assertTensor(Tensor<Scalar>([1, 4, 0.25]).log(), shape: [3], [0, 2 * M_LN2, -2 * M_LN2], tolerance: tol)
        assertTensor(Tensor<Scalar>([4, 0, 2.25]).sqrt(), shape: [3], [2, 0, 1.5])
        assertTensor(x.abs(), shape: [4], [0, 1, 2, 1])
        assertTensor(Tensor<Scalar>([0, 0.5, -3]).tanh(), shape: [3], [0, 0.46211715726000974, -0.99505475368673045],
                     tolerance: tol)
        assertTensor(x.pow(2), shape: [4], [0, 1, 4, 1])
        assertTensor(Tensor<Scalar>([4, 9, 2]).pow(0.5), shape: [3], [2, 3, 2.0.squareRoot()], tolerance: tol)
        assertTensor(Tensor<Scalar>([2, -2]).pow(3), shape: [2], [8, -8], tolerance: tol)
        assertTensor(Tensor<Scalar>([2, -2, 0.5]).pow(-1), shape: [3], [0.5, -0.5, 2], tolerance: tol)
        assertTensor(Tensor<Scalar>([-3, 0, 7]).pow(0), shape: [3], [1, 1, 1])
        XCTAssertTrue(Tensor<Scalar>([-4]).pow(0.5)[0].isNaN, "a fractional power of a negative number")
        assertTensor(Tensor<Scalar>([-5, 0.5, 5]).clamped(-1, 1), shape: [3], [-1, 0.5, 1])
        assertTensor(Tensor<Scalar>([-5, 0.5, 5]).clamped(2, 2), shape: [3], [2, 2, 2])
        XCTAssertTrue(Tensor<Scalar>([-1]).log()[0].isNaN)
        XCTAssertEqual(Tensor<Scalar>([0]).log()[0], -.infinity)
    }

    func testFunctionsDouble() { checkFunctions(Double.self) }
    func testFunctionsFloat() { checkFunctions(Float.self) }

    func checkWholeTensorReductions<Scalar: TensorScalar>(_: Scalar.Type) {
        let t = Tensor<Scalar>([[3, -7, 2], [5, 5, -1]])
        XCTAssertEqual(t.sum(), 7)
        XCTAssertEqual(t.mean(), 7 / 6)
        XCTAssertEqual(t.max(), 5)
        XCTAssertEqual(t.min(), -7)
        XCTAssertEqual(t.argmax(), 3, "first of the tied maxima")
        XCTAssertEqual(Tensor<Scalar>([[3, 4]]).norm(), 5)
        XCTAssertEqual(t.norm(p: 1), 23)
        XCTAssertEqual(t.norm(p: 2), (9 + 49 + 4 + 25 + 25 + 1 as Scalar).squareRoot())
        XCTAssertEqual(t.norm(p: .infinity), 7)
        XCTAssertEqual(Double(Tensor<Scalar>([1, -2, 2]).norm(p: 3)), Foundation.pow(17, 1.0 / 3), accuracy: tolerance(Scalar.self))
        XCTAssertEqual(Double(Tensor<Scalar>([3, 4]).norm(p: 0.5)), Foundation.pow(3.0.squareRoot() + 2, 2), accuracy: tolerance(Scalar.self) * 10)
        let empty = Tensor<Scalar>.zeros(0)
        XCTAssertEqual(empty.sum(), 0)
        XCTAssertEqual(empty.mean(), 0)
        XCTAssertEqual(empty.norm(), 0)
        XCTAssertEqual(Tensor<Scalar>([-4]).argmax(), 0)
    }

    func testWholeTensorReductionsDouble() { checkWholeTensorReductions(Double.self) }
    func testWholeTensorReductionsFloat() { checkWholeTensorReductions(Float.self) }

    func testReductionsAlongDimensionsOfAMatrix() {
        let t = Tensor<Double>([[3, -7, 2], [5, 5, -1]])
        assertTensor(t.sum(alongDimension: 0), shape: [3], [8, -2, 1])
        assertTensor(t.sum(alongDimension: 1), shape: [2], [-2, 9])
        assertTensor(t.sum(alongDimension: -1), shape: [2], [-2, 9])
        assertTensor(t.mean(alongDimension: 0), shape: [3], [4, -1, 0.5])
        assertTensor(t.mean(alongDimension: 1), shape: [2], [-2.0 / 3, 3])
        assertTensor(t.max(alongDimension: 0), shape: [3], [5, 5, 2])
        assertTensor(t.max(alongDimension: 1), shape: [2], [3, 5])
        assertTensor(t.min(alongDimension: 0), shape: [3], [3, -7, -1])
        assertTensor(t.min(alongDimension: 1), shape: [2], [-7, -1])
        XCTAssertEqual(t.argmax(alongDimension: 0), [1, 1, 0])
        XCTAssertEqual(t.argmax(alongDimension: 1), [0, 0], "first of the tied maxima")
        XCTAssertEqual(t.argmax(alongDimension: -2), [1, 1, 0])
    }

    func testReductionsAlongDimensionsOfARank3Tensor() {
        // t[i][j][k] = 100 i + 10 j + k, shape 2x3x4.
        var values: [Float] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { values.append(Float(100 * i + 10 * j + k)) } } }
        let t = Tensor<Float>(shape: [2, 3, 4], scalars: values)
        let s0 = t.sum(alongDimension: 0)
        XCTAssertEqual(s0.shape, [3, 4])
        XCTAssertEqual(s0[2, 3], (23 + 123))
        let s1 = t.sum(alongDimension: 1)
        XCTAssertEqual(s1.shape, [2, 4])
        XCTAssertEqual(s1[1, 2], 102 + 112 + 122)
        let m2 = t.max(alongDimension: 2)
        assertTensor(m2, shape: [2, 3], [3, 13, 23, 103, 113, 123])
        XCTAssertEqual(t.argmax(alongDimension: 1), [Int](repeating: 2, count: 8))
        XCTAssertEqual(t.argmax(alongDimension: 0), [Int](repeating: 1, count: 12))
        XCTAssertEqual(t.min(alongDimension: 1).scalars, [0, 1, 2, 3, 100, 101, 102, 103])
        // Along every dimension, the sum of the reduction is the total.
        for d in 0..<3 { XCTAssertEqual(t.sum(alongDimension: d).sum(), t.sum()) }
    }

    func testDotAndOuter() {
        XCTAssertEqual(dot(Tensor<Double>([1, 2, 3]), Tensor<Double>([4, -5, 6])), 12)
        XCTAssertEqual(dot(Tensor<Float>([[1, 2], [3, 4]]), Tensor<Float>([[1, 1], [1, 1]])), 10, "any shapes with equal counts")
        XCTAssertEqual(dot(Tensor<Double>.zeros(0), Tensor<Double>.zeros(0)), 0)
        assertTensor(outer(Tensor<Double>([1, 2]), Tensor<Double>([3, 4, 5])), shape: [2, 3], [3, 4, 5, 6, 8, 10])
        assertTensor(outer(Tensor<Float>([2]), Tensor<Float>([-1])), shape: [1, 1], [-2])
        assertTensor(outer(Tensor<Double>.zeros(0), Tensor<Double>([1, 2])), shape: [0, 2], [])
    }

    func testMisuseMessages() {
        let t = Tensor<Double>.zeros(2, 3)
        let empty = Tensor<Double>.zeros(0, 3)
        XCTAssertEqual(trappedMessage { _ = t.clamped(1, 0) }, "clamped: low 1.0 is above high 0.0")
        XCTAssertEqual(trappedMessage { _ = empty.max() }, "max: empty tensor of shape 0x3")
        XCTAssertEqual(trappedMessage { _ = empty.min() }, "min: empty tensor of shape 0x3")
        XCTAssertEqual(trappedMessage { _ = empty.argmax() }, "argmax: empty tensor of shape 0x3")
        XCTAssertEqual(trappedMessage { _ = t.norm(p: -1) }, "norm(p:): p must be positive, got -1.0")
        XCTAssertEqual(trappedMessage { _ = t.sum(alongDimension: 2) },
                       "sum(alongDimension:): dimension 2 out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = t.max(alongDimension: -3) },
                       "max(alongDimension:): dimension -3 out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = empty.min(alongDimension: 0) },
                       "min(alongDimension:): dimension 0 of shape 0x3 is empty")
        XCTAssertEqual(trappedMessage { _ = t.mean(alongDimension: 5) },
                       "mean(alongDimension:): dimension 5 out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = t.argmax(alongDimension: 2) },
                       "argmax(alongDimension:): dimension 2 out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = empty.argmax(alongDimension: 0) },
                       "argmax(alongDimension:): dimension 0 of shape 0x3 is empty")
        XCTAssertEqual(trappedMessage { _ = dot(t, Tensor<Double>.zeros(5)) }, "dot: 2x3 and 5 differ in size")
        XCTAssertEqual(trappedMessage { _ = outer(t, Tensor<Double>.zeros(5)) }, "outer: needs two vectors, got 2x3 and 5")
    }
}
