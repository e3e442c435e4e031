import XCTest
@testable import WickCore

/// Element access, row slicing, reshaping, transposition and concatenation.
final class TensorIndexingTests: XCTestCase {
    let m = Tensor<Double>([[1, 2, 3], [4, 5, 6]])

    func testSubscriptsReadAndWrite() {
        var v = Tensor<Float>([1, 2, 3])
        XCTAssertEqual(v[2], 3)
        v[0] = 10
        XCTAssertEqual(v.scalars, [10, 2, 3])

        var t = m
        XCTAssertEqual(t[1, 2], 6)
        XCTAssertEqual(t[0, 1], 2)
        t[1, 0] = -4
        XCTAssertEqual(t.scalars, [1, 2, 3, -4, 5, 6])

        var cube = Tensor<Double>(shape: [2, 3, 4], scalars: (0..<24).map(Double.init))
        XCTAssertEqual(cube[indices: [1, 2, 3]], 23)
        XCTAssertEqual(cube[indices: [1, 0, 2]], 14)
        cube[indices: [0, 1, 1]] = -1
        XCTAssertEqual(cube.scalars[5], -1)
    }

    func testRowSlicing() {
        let t = Tensor<Double>(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        assertTensor(t[rows: 1..<3], shape: [2, 2], [3, 4, 5, 6])
        assertTensor(t[rows: 0..<0], shape: [0, 2], [])
        assertTensor(t[rows: 0..<4], shape: [4, 2], t.scalars)

        var u = t
        u[rows: 2..<4] = Tensor<Double>([[0, -1], [-2, -3]])
        assertTensor(u, shape: [4, 2], [1, 2, 3, 4, 0, -1, -2, -3])

        let cube = Tensor<Float>(shape: [3, 2, 2], scalars: (0..<12).map(Float.init))
        assertTensor(cube[rows: 2..<3], shape: [1, 2, 2], [8, 9, 10, 11])
        let v = Tensor<Float>([5, 6, 7])
        assertTensor(v[rows: 1..<3], shape: [2], [6, 7])
    }

    func testRowColumnAndSelecting() {
        assertTensor(m.row(1), shape: [3], [4, 5, 6])
        assertTensor(m.column(0), shape: [2], [1, 4])
        assertTensor(m.column(2), shape: [2], [3, 6])
        assertTensor(m.selecting(rows: [1, 0, 1]), shape: [3, 3], [4, 5, 6, 1, 2, 3, 4, 5, 6])
        assertTensor(m.selecting(rows: []), shape: [0, 3], [])
        let cube = Tensor<Double>(shape: [3, 1, 2], scalars: [1, 2, 3, 4, 5, 6])
        assertTensor(cube.row(2), shape: [1, 2], [5, 6])
        assertTensor(cube.selecting(rows: [2, 0]), shape: [2, 1, 2], [5, 6, 1, 2])
    }

    func testReshaped() {
        assertTensor(m.reshaped(3, 2), shape: [3, 2], [1, 2, 3, 4, 5, 6])
        assertTensor(m.reshaped(6), shape: [6], [1, 2, 3, 4, 5, 6])
        assertTensor(m.reshaped(-1, 2), shape: [3, 2], [1, 2, 3, 4, 5, 6])
        assertTensor(m.reshaped(to: [1, -1, 1]), shape: [1, 6, 1], [1, 2, 3, 4, 5, 6])
        assertTensor(Tensor<Float>.zeros(0, 3).reshaped(-1, 3), shape: [0, 3], [])
    }

    func testTransposed() {
        assertTensor(m.transposed(), shape: [3, 2], [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(m.transposed().transposed(), m)
        assertTensor(Tensor<Float>([1, 2]).transposed(), shape: [2], [1, 2])
        assertTensor(Tensor<Float>([[1, 2, 3]]).transposed(), shape: [3, 1], [1, 2, 3])

        // Bigger than one 32x32 block in both directions, with ragged edges.
        var g = RandomGenerator(seed: 21)
        let big: Tensor<Double> = randomTensor([45, 70], &g)
        let t = big.transposed()
        XCTAssertEqual(t.shape, [70, 45])
        for i in 0..<45 { for j in 0..<70 where t[j, i] != big[i, j] { return XCTFail("element \(i), \(j)") } }
    }

    func testConcatenated() {
        let a = Tensor<Double>([[1, 2], [3, 4]])
        let b = Tensor<Double>([[5, 6]])
        assertTensor(Tensor.concatenated([a, b]), shape: [3, 2], [1, 2, 3, 4, 5, 6])
        let c = Tensor<Double>([[7], [8]])
        assertTensor(Tensor.concatenated([a, c], alongDimension: 1), shape: [2, 3], [1, 2, 7, 3, 4, 8])
        assertTensor(Tensor.concatenated([a, c, a], alongDimension: 1), shape: [2, 5], [1, 2, 7, 1, 2, 3, 4, 8, 3, 4])
        assertTensor(Tensor.concatenated([Tensor<Float>([1, 2]), Tensor<Float>([3])]), shape: [3], [1, 2, 3])
        assertTensor(Tensor.concatenated([a]), shape: [2, 2], [1, 2, 3, 4])

        // Rank 3 along the middle dimension.
        let x = Tensor<Double>(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        let y = Tensor<Double>(shape: [2, 2, 2], scalars: [5, 6, 7, 8, 9, 10, 11, 12])
        assertTensor(Tensor.concatenated([x, y], alongDimension: 1), shape: [2, 3, 2],
                     [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12])
    }

    func testMisuseMessages() {
        let m = self.m
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>([1, 2])[2] }, "Tensor[2]: index out of range for shape 2")
        XCTAssertEqual(trappedMessage { _ = m[0] }, "Tensor[0]: index out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { var v = Tensor<Double>([1]); v[-1] = 0 }, "Tensor[-1]: index out of range for shape 1")
        XCTAssertEqual(trappedMessage { _ = m[2, 0] }, "Tensor[2, 0]: index out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { var t = m; t[0, 3] = 1 }, "Tensor[0, 3]: index out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>([1, 2])[0, 0] }, "Tensor[0, 0]: index out of range for shape 2")
        XCTAssertEqual(trappedMessage { _ = m[indices: [1]] }, "Tensor[[1]]: 1 indices for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = m[indices: [1, 3]] }, "Tensor[[1, 3]]: index out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = m[rows: 1..<3] }, "Tensor[rows: 1..<3]: out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { var t = m; t[rows: 2..<3] = Tensor<Double>.zeros(1, 3) },
                       "Tensor[rows: 2..<3]: out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { var t = m; t[rows: 0..<1] = Tensor<Double>.zeros(1, 2) },
                       "Tensor[rows: 0..<1]: cannot assign 1x2 to a 1x3 slice")
        XCTAssertEqual(trappedMessage { _ = m.row(2) }, "Tensor.row(2): out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = m.column(3) }, "Tensor.column(3): out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>([1, 2]).column(0) }, "Tensor.column(0): out of range for shape 2")
        XCTAssertEqual(trappedMessage { _ = m.selecting(rows: [0, 5]) },
                       "Tensor.selecting(rows:): row 5 out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>(shape: [], scalars: [1]).selecting(rows: [0]) },
                       "Tensor.selecting(rows:): needs at least one dimension, got shape []")
        XCTAssertEqual(trappedMessage { _ = m.reshaped(4, 2) }, "reshaped: cannot view 2x3 (6 scalars) as 4x2")
        XCTAssertEqual(trappedMessage { _ = m.reshaped(-1, 4) }, "reshaped: cannot view 2x3 (6 scalars) as -1x4")
        XCTAssertEqual(trappedMessage { _ = m.reshaped(-1, 0) }, "reshaped: cannot view 2x3 (6 scalars) as -1x0")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>.zeros(2, 2, 2).transposed() },
                       "transposed: needs a matrix, got shape 2x2x2")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>.concatenated([]) }, "concatenated: needs at least one tensor")
        XCTAssertEqual(trappedMessage { _ = Tensor.concatenated([m, m], alongDimension: 2) },
                       "concatenated: dimension 2 out of range for shape 2x3")
        XCTAssertEqual(trappedMessage { _ = Tensor.concatenated([m, Tensor<Double>([1, 2, 3])]) },
                       "concatenated: shapes 2x3 and 3 differ in rank")
        XCTAssertEqual(trappedMessage { _ = Tensor.concatenated([m, Tensor<Double>.zeros(2, 2)]) },
                       "concatenated: shapes 2x3 and 2x2 differ outside dimension 0")
    }
}
