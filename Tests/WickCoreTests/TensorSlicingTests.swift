import XCTest
@testable import WickCore

/// Torch7's `select` and `narrow` along any dimension, and writing a narrowed block back.
final class TensorSlicingTests: XCTestCase {
    /// t[i][j][k] = 12 i + 4 j + k, shape 2x3x4.
    let t = Tensor<Double>(shape: [2, 3, 4], scalars: (0..<24).map(Double.init))

    func testResolvedDimension() {
        XCTAssertEqual(t.resolvedDimension(0, "op"), 0)
        XCTAssertEqual(t.resolvedDimension(-1, "op"), 2)
        XCTAssertEqual(t.resolvedDimension(-3, "op"), 0)
    }

    func testSelectingAlongEachDimension() {
        assertTensor(t.selecting(index: 1, alongDimension: 0), shape: [3, 4], (12..<24).map(Double.init))
        assertTensor(t.selecting(index: 2, alongDimension: 1), shape: [2, 4], [8, 9, 10, 11, 20, 21, 22, 23])
        assertTensor(t.selecting(index: 3, alongDimension: -1), shape: [2, 3], [3, 7, 11, 15, 19, 23])
        let m = Tensor<Float>([[1, 2], [3, 4]])
        assertTensor(m.selecting(index: 1, alongDimension: 1), shape: [2], [2, 4], tolerance: 0)
    }

    func testNarrowed() {
        assertTensor(t.narrowed(alongDimension: 1, start: 1, length: 2), shape: [2, 2, 4],
                     (4..<12).map(Double.init) + (16..<24).map(Double.init))
        assertTensor(t.narrowed(alongDimension: 2, start: 2, length: 2), shape: [2, 3, 2],
                     [2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23])
        assertTensor(t.narrowed(alongDimension: 0, start: 0, length: 1), shape: [1, 3, 4], (0..<12).map(Double.init))
        assertTensor(t.narrowed(alongDimension: -1, start: 4, length: 0), shape: [2, 3, 0], [])
    }

    func testReplaceNarrowed() {
        var u = t
        u.replaceNarrowed(alongDimension: 2, start: 1, with: Tensor<Double>.filled(-1, shape: [2, 3, 2]))
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 {
            let expected = (1...2).contains(k) ? -1 : Double(12 * i + 4 * j + k)
            XCTAssertEqual(u[indices: [i, j, k]], expected)
        } } }
        XCTAssertEqual(t.scalars, (0..<24).map(Double.init), "copy on write: the original is unchanged")

        // Narrowing and writing back the pieces rebuilds the tensor.
        var rebuilt = Tensor<Double>.zeros(2, 3, 4)
        rebuilt.replaceNarrowed(alongDimension: 1, start: 0, with: t.narrowed(alongDimension: 1, start: 0, length: 1))
        rebuilt.replaceNarrowed(alongDimension: 1, start: 1, with: t.narrowed(alongDimension: 1, start: 1, length: 2))
        XCTAssertEqual(rebuilt, t)
    }

    func testMisuseMessages() {
        let t = self.t
        XCTAssertEqual(trappedMessage { _ = t.selecting(index: 2, alongDimension: 0) },
                       "selecting(index:alongDimension:): index 2 out of range for shape 2x3x4")
        XCTAssertEqual(trappedMessage { _ = t.selecting(index: 0, alongDimension: 3) },
                       "selecting(index:alongDimension:): dimension 3 out of range for shape 2x3x4")
        XCTAssertEqual(trappedMessage { _ = t.narrowed(alongDimension: 1, start: 2, length: 2) },
                       "narrowed: 2..<4 out of range for dimension 1 of shape 2x3x4")
        XCTAssertEqual(trappedMessage { _ = t.narrowed(alongDimension: -4, start: 0, length: 1) },
                       "narrowed: dimension -4 out of range for shape 2x3x4")
        XCTAssertEqual(trappedMessage {
            var u = t; u.replaceNarrowed(alongDimension: 1, start: 2, with: .zeros(2, 2, 4))
        }, "replaceNarrowed: cannot write 2x2x4 at 2 along dimension 1 of 2x3x4")
        XCTAssertEqual(trappedMessage {
            var u = t; u.replaceNarrowed(alongDimension: 1, start: 0, with: .zeros(3, 4))
        }, "replaceNarrowed: cannot write 3x4 at 0 along dimension 1 of 2x3x4")
        XCTAssertEqual(trappedMessage {
            var u = t; u.replaceNarrowed(alongDimension: 5, start: 0, with: t)
        }, "replaceNarrowed: dimension 5 out of range for shape 2x3x4")
    }
}
