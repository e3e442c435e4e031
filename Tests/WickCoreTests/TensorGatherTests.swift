import XCTest
@testable import WickCore

/// `gatherRows(_:from:)`: a minibatch copied into a reused buffer.
final class TensorGatherTests: XCTestCase {
    let source = Tensor<Double>([[0, 1], [10, 11], [20, 21], [30, 31]])

    func testGathersRowsInOrder() {
        var batch = Tensor<Double>.zeros(0)
        batch.gatherRows([3, 0, 3][...], from: source)
        assertTensor(batch, shape: [3, 2], [30, 31, 0, 1, 30, 31])
        let order = [2, 1, 0, 3]
        batch.gatherRows(order[1..<3], from: source)
        assertTensor(batch, shape: [2, 2], [10, 11, 0, 1])
        XCTAssertEqual(batch, source.selecting(rows: [1, 0]))
        batch.gatherRows([][...], from: source)
        XCTAssertEqual(batch.shape, [0, 2])
    }

    func testReusesTheBufferAndLeavesTheSourceAlone() {
        var batch = Tensor<Float>.zeros(2, 2)
        let before = batch.withUnsafeMutableBufferPointer { UnsafeMutableRawPointer($0.baseAddress) }
        let floats = Tensor<Float>(source)
        batch.gatherRows([1, 2][...], from: floats)
        XCTAssertEqual(batch.withUnsafeMutableBufferPointer { UnsafeMutableRawPointer($0.baseAddress) }, before)
        batch[0, 0] = -1
        XCTAssertEqual(floats[1, 0], 10)
        // Gathering from itself works on a copy.
        var square = Tensor<Double>([[1, 2], [3, 4]])
        square.gatherRows([1, 1][...], from: square)
        assertTensor(square, shape: [2, 2], [3, 4, 3, 4])
    }

    func testSamplesOfAnyRank() {
        let images = Tensor<Double>(shape: [3, 2, 1, 2], scalars: (0..<12).map(Double.init))
        var batch = Tensor<Double>()
        batch.gatherRows([2, 0][...], from: images)
        assertTensor(batch, shape: [2, 2, 1, 2], [8, 9, 10, 11, 0, 1, 2, 3])
        let before = batch.withUnsafeBufferPointer { $0.baseAddress }
        batch.gatherRows([1, 1][...], from: images)
        assertTensor(batch, shape: [2, 2, 1, 2], [4, 5, 6, 7, 4, 5, 6, 7])
        XCTAssertEqual(batch.withUnsafeBufferPointer { $0.baseAddress }, before, "the same shape reuses the buffer")
        // A vector's samples are its scalars.
        batch.gatherRows([1][...], from: Tensor<Double>([5, 6]))
        assertTensor(batch, shape: [1], [6])
    }

    func testMisuseMessages() {
        let source = self.source
        XCTAssertEqual(trappedMessage { var b = Tensor<Double>.zeros(0); b.gatherRows([1, 4][...], from: source) },
                       "gatherRows: row 4 out of range for 4x2")
        XCTAssertEqual(trappedMessage { var b = Tensor<Double>.zeros(0); b.gatherRows([-1][...], from: source) },
                       "gatherRows: row -1 out of range for 4x2")
    }
}
