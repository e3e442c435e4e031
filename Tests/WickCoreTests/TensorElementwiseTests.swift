import XCTest
@testable import WickCore

/// The element-wise building blocks: `map`, `apply`, `assign(…mapping/zipping:)`, `add(_:scaledBy:)`
/// and `addRowVector`.
final class TensorElementwiseTests: XCTestCase {
    let x = Tensor<Double>([[1, 2], [3, 4]])
    let y = Tensor<Double>([[10, 20], [30, 40]])

    func testMapAndApply() {
        assertTensor(x.map { $0 * $0 + 1 }, shape: [2, 2], [2, 5, 10, 17])
        var t = x
        t.apply { -$0 }
        assertTensor(t, shape: [2, 2], [-1, -2, -3, -4])
        t.apply(y) { $0 + 2 * $1 }
        assertTensor(t, shape: [2, 2], [19, 38, 57, 76])
        // apply(_:_:) needs only equal counts: a vector of the same size works.
        t.apply(Tensor<Double>([1, 1, 1, 1])) { $0 - $1 }
        assertTensor(t, shape: [2, 2], [18, 37, 56, 75])
        assertTensor(Tensor<Float>([Float]()).map { $0 + 1 }, shape: [0], [])
    }

    func testAssignMapping() {
        var out = Tensor<Double>.zeros(5)
        out.assign(x) { $0 / 2 }
        assertTensor(out, shape: [2, 2], [0.5, 1, 1.5, 2])
        out.assign(Tensor<Double>([3])) { $0 }
        assertTensor(out, shape: [1], [3])
    }

    func testAssignZipping() {
        var out = Tensor<Float>.zeros(0)
        let xf = Tensor<Float>(x), yf = Tensor<Float>(y)
        out.assign(xf, yf) { $0 * $1 }
        assertTensor(out, shape: [2, 2], [10, 40, 90, 160])
        out.assign(xf, yf, Tensor<Float>([[1, 0], [0, 1]])) { $0 + $1 * $2 }
        assertTensor(out, shape: [2, 2], [11, 2, 3, 44])
    }

    func testAssignReusesTheBuffer() {
        var out = Tensor<Double>.zeros(2, 2)
        let before = out.withUnsafeMutableBufferPointer { UnsafeMutableRawPointer($0.baseAddress) }
        out.assign(x) { $0 + 1 }
        out.assign(x, y) { $0 - $1 }
        out.assign(x, y, y) { $0 + $1 + $2 }
        assertTensor(out, shape: [2, 2], [21, 42, 63, 84])
        XCTAssertEqual(out.withUnsafeMutableBufferPointer { UnsafeMutableRawPointer($0.baseAddress) }, before)
    }

    func testAddScaledBy() {
        var t = x
        t.add(y, scaledBy: -0.5)
        assertTensor(t, shape: [2, 2], [-4, -8, -12, -16])
        var f = Tensor<Float>([1, 2, 3])
        f.add(Tensor<Float>([1, 1, 1]), scaledBy: 2)
        assertTensor(f, shape: [3], [3, 4, 5])
        XCTAssertEqual(y.scalars, [10, 20, 30, 40])
    }

    func testAddRowVector() {
        var t = x
        t.addRowVector(Tensor<Double>([100, 200]))
        assertTensor(t, shape: [2, 2], [101, 202, 103, 204])
        var v = Tensor<Float>([1, 2])
        v.addRowVector(Tensor<Float>([3, 4]))
        assertTensor(v, shape: [2], [4, 6])
        var cube = Tensor<Double>.ones(shape: [2, 2, 3])
        cube.addRowVector(Tensor<Double>([1, 2, 3]))
        assertTensor(cube, shape: [2, 2, 3], [2, 3, 4, 2, 3, 4, 2, 3, 4, 2, 3, 4])
    }

    func testMisuseMessages() {
        let x = self.x
        XCTAssertEqual(trappedMessage { var o = Tensor<Double>.zeros(0); o.assign(x, Tensor<Double>([1, 2])) { $0 + $1 } },
                       "assign(zipping:): 2x2 and 2 differ in size")
        XCTAssertEqual(trappedMessage {
            var o = Tensor<Double>.zeros(0); o.assign(x, x, Tensor<Double>.zeros(3)) { $0 + $1 + $2 }
        }, "assign(zipping:): 2x2, 2x2 and 3 differ in size")
        XCTAssertEqual(trappedMessage { var t = x; t.apply(Tensor<Double>.zeros(5)) { $0 + $1 } },
                       "apply: 2x2 and 5 differ in size")
        XCTAssertEqual(trappedMessage { var t = x; t.add(Tensor<Double>.zeros(4), scaledBy: 1) },
                       "add(_:scaledBy:): 2x2 and 4 do not match")
        XCTAssertEqual(trappedMessage { var t = x; t.addRowVector(Tensor<Double>.zeros(3)) },
                       "addRowVector: 2x2 and 3 do not match (2 != 3)")
    }
}
