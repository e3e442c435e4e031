import XCTest
@testable import WickCore

/// The `Tensor` value itself: initialisers, shape queries, copy-on-write, buffer reuse.
final class TensorTests: XCTestCase {
    func testInitialisersKeepShapeAndRowMajorOrder() {
        let t = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t.shape, [2, 3])
        XCTAssertEqual(t.rank, 2)
        XCTAssertEqual(t.count, 6)
        XCTAssertFalse(t.isEmpty)
        XCTAssertEqual(t[1, 0], 4)
        XCTAssertEqual(t.size(0), 2)
        XCTAssertEqual(t.size(1), 3)
        XCTAssertEqual(t.size(-1), 3)
        XCTAssertEqual(t.size(-2), 2)

        let v = Tensor<Float>([1, 2, 3])
        XCTAssertEqual(v.shape, [3])
        XCTAssertEqual(v.rank, 1)

        let m = Tensor<Double>([[1, 2], [3, 4], [5, 6]])
        XCTAssertEqual(m.shape, [3, 2])
        XCTAssertEqual(m.scalars, [1, 2, 3, 4, 5, 6])

        let r = Tensor<Float>(repeating: 7, shape: [2, 2, 2])
        XCTAssertEqual(r.shape, [2, 2, 2])
        XCTAssertEqual(r.scalars, [Float](repeating: 7, count: 8))

        let scalarLike = Tensor<Double>(shape: [], scalars: [3])
        XCTAssertEqual(scalarLike.rank, 0)
        XCTAssertEqual(scalarLike.count, 1)
    }

    func testEmptyTensors() {
        let fresh = Tensor<Double>()
        XCTAssertEqual(fresh.shape, [0])
        XCTAssertTrue(fresh.isEmpty)
        let rows = Tensor<Double>([[Double]]())
        XCTAssertEqual(rows.shape, [0, 0])
        XCTAssertTrue(rows.isEmpty)
        let v = Tensor<Float>([Float]())
        XCTAssertEqual(v.shape, [0])
        let z = Tensor<Double>(shape: [3, 0], scalars: [])
        XCTAssertEqual(z.count, 0)
        XCTAssertEqual(z.size(0), 3)
    }

    func testConversionBetweenScalarTypes() {
        let d = Tensor<Double>([[0.5, -1.25], [3, 1e-3]])
        let f = Tensor<Float>(d)
        XCTAssertEqual(f.shape, [2, 2])
        XCTAssertEqual(f.scalars, [0.5, -1.25, 3, 1e-3])
        let back = Tensor<Double>(f)
        XCTAssertEqual(back.scalars[0...2], [0.5, -1.25, 3])
        XCTAssertEqual(back.scalars[3], Double(Float(1e-3)))
    }

    func testScalarsSetterReplacesValues() {
        var t = Tensor<Double>.zeros(2, 2)
        t.scalars = [4, 3, 2, 1]
        XCTAssertEqual(t[0, 0], 4)
        XCTAssertEqual(t[1, 1], 1)
        XCTAssertEqual(t.shape, [2, 2])
    }

    func testCopyOnWriteLeavesTheOriginalAlone() {
        let original = Tensor<Double>([[1, 2], [3, 4]])
        var copy = original
        copy[0, 0] = 100
        XCTAssertEqual(original[0, 0], 1)
        XCTAssertEqual(copy[0, 0], 100)

        var viaPointer = original
        viaPointer.withUnsafeMutableBufferPointer { p in p[3] = -4 }
        XCTAssertEqual(original.scalars, [1, 2, 3, 4])
        XCTAssertEqual(viaPointer.scalars, [1, 2, 3, -4])

        var inPlace = original
        inPlace += original
        inPlace *= 2
        XCTAssertEqual(original.scalars, [1, 2, 3, 4])
        XCTAssertEqual(inPlace.scalars, [4, 8, 12, 16])

        var filled = original
        filled.fill(9)
        XCTAssertEqual(original.scalars, [1, 2, 3, 4])

        var assigned = original
        assigned.assign(Tensor<Double>([[5, 6], [7, 8]]))
        XCTAssertEqual(original.scalars, [1, 2, 3, 4])
        XCTAssertEqual(assigned.scalars, [5, 6, 7, 8])

        var product = original
        Tensor.matmul(Tensor<Double>.eye(2), Tensor<Double>([[0, 1], [1, 0]]), into: &product)
        XCTAssertEqual(original.scalars, [1, 2, 3, 4])
        XCTAssertEqual(product.scalars, [0, 1, 1, 0])

        var rowsSet = original
        rowsSet[rows: 1..<2] = Tensor<Double>([[0, 0]])
        XCTAssertEqual(original.scalars, [1, 2, 3, 4])
        XCTAssertEqual(rowsSet.scalars, [1, 2, 0, 0])
    }

    /// Reads the address of a tensor's buffer (to see whether an operation reused it).
    private func address<Scalar>(_ t: inout Tensor<Scalar>) -> UnsafeMutableRawPointer? {
        t.withUnsafeMutableBufferPointer { UnsafeMutableRawPointer($0.baseAddress) }
    }

    func testResizeKeepsTheBufferWhenTheCountAllows() {
        var t = Tensor<Double>.ones(3, 4)
        let before = address(&t)
        t.resize(rows: 3, columns: 4)
        XCTAssertEqual(t.scalars, [Double](repeating: 1, count: 12), "same shape keeps contents")
        t[0, 0] = 5
        t.resize(rows: 4, columns: 3)
        XCTAssertEqual(t.shape, [4, 3])
        XCTAssertEqual(t.scalars, [5] + [Double](repeating: 1, count: 11), "same count keeps the elements")
        XCTAssertEqual(address(&t), before, "same count keeps the buffer")
        t.resize(count: 12)
        XCTAssertEqual(t.shape, [12])
        XCTAssertEqual(address(&t), before)
        t.resize(shape: [2, 2, 3])
        XCTAssertEqual(t.shape, [2, 2, 3])
        XCTAssertEqual(address(&t), before)
        t.resize(like: Tensor<Float>.zeros(6, 2))
        XCTAssertEqual(t.shape, [6, 2])
        XCTAssertEqual(address(&t), before)

        t.resize(rows: 5, columns: 5)
        XCTAssertEqual(t.shape, [5, 5])
        XCTAssertEqual(t.count, 25)
        t.resize(count: 2)
        XCTAssertEqual(t.count, 2)
        t.resize(shape: [3, 1])
        XCTAssertEqual(t.count, 3)
    }

    func testAssignReusesTheBufferAndCopiesShape() {
        var target = Tensor<Float>.zeros(2, 3)
        let before = address(&target)
        let source = Tensor<Float>([[1, 2], [3, 4], [5, 6]])
        target.assign(source)
        XCTAssertEqual(target, source)
        XCTAssertEqual(address(&target), before)
        target[0, 0] = -1
        XCTAssertEqual(source[0, 0], 1, "assign copies, it does not share")

        target.assign(Tensor<Float>([7, 8]))
        XCTAssertEqual(target.shape, [2])
        XCTAssertEqual(target.scalars, [7, 8])
        target.assign(Tensor<Float>([Float]()))
        XCTAssertEqual(target.count, 0)
    }

    func testFill() {
        var t = Tensor<Double>.zeros(2, 2)
        t.fill(2.5)
        XCTAssertEqual(t.scalars, [2.5, 2.5, 2.5, 2.5])
    }

    func testEqualityAndApproximateEquality() {
        let a = Tensor<Double>([[1, 2], [3, 4]])
        XCTAssertEqual(a, Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4]))
        XCTAssertNotEqual(a, a.reshaped(4), "same elements, other shape")
        XCTAssertNotEqual(a, Tensor<Double>([[1, 2], [3, 5]]))

        let b = Tensor<Double>([[1.05, 2], [3, 3.95]])
        XCTAssertTrue(a.isApproximatelyEqual(to: b, tolerance: 0.051))
        XCTAssertFalse(a.isApproximatelyEqual(to: b, tolerance: 0.049))
        XCTAssertFalse(a.isApproximatelyEqual(to: a.reshaped(4), tolerance: 1))
        let nan = Tensor<Double>([[1, 2], [3, .nan]])
        XCTAssertFalse(a.isApproximatelyEqual(to: nan, tolerance: 1e9), "NaN is never close")
    }

    func testFormatShape() {
        XCTAssertEqual(formatShape([4, 3]), "4x3")
        XCTAssertEqual(formatShape([7]), "7")
        XCTAssertEqual(formatShape([2, 0, 5]), "2x0x5")
        XCTAssertEqual(formatShape([]), "[]")
    }

    func testMisuseMessages() {
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5]) },
                       "Tensor(shape:scalars:): shape 2x3 holds 6 scalars, got 5")
        XCTAssertEqual(trappedMessage { _ = Tensor<Float>(shape: [2, -1], scalars: []) },
                       "Tensor(shape:scalars:): negative size in 2x-1")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>([[1, 2], [3, 4, 5]]) },
                       "Tensor(rows): row 0 has 2 columns but row 1 has 3")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>(repeating: 0, shape: [-3]) },
                       "Tensor(repeating:shape:): negative size in -3")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>.zeros(2, -2) },
                       "Tensor(repeating:shape:): negative size in 2x-2")
        XCTAssertEqual(trappedMessage { var t = Tensor<Double>.zeros(2, 2); t.scalars = [1, 2, 3] },
                       "Tensor.scalars: shape 2x2 holds 4 scalars, got 3")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>.zeros(2, 3).size(2) },
                       "Tensor.size: dimension 2 out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>.zeros(2, 3).size(-3) },
                       "Tensor.size: dimension -3 out of range for shape 2x3")
        XCTAssertNil(trappedMessage { _ = Tensor<Double>(shape: [2], scalars: [1, 2]) }, "valid input does not trap")
    }
}
