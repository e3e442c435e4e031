import Foundation
import XCTest
@testable import WickCore

/// The C kernels behind the `kernel…` requirements of TensorScalar.
final class TensorScalarTests: XCTestCase {
    /// The largest error of `kernelExp` over `inputs`, in units of the result's magnitude times
    /// the type's epsilon, against the C library's `exp` in Double.
    private func worstRelativeError<S: TensorScalar>(_ inputs: [S], smallestNormal: Double) -> Double {
        var outputs = [S](repeating: 0, count: inputs.count)
        inputs.withUnsafeBufferPointer { x in
            outputs.withUnsafeMutableBufferPointer { S.kernelExp(x.baseAddress!, into: $0.baseAddress!, count: inputs.count) }
        }
        var worst = 0.0
        for (x, y) in zip(inputs, outputs) {
            let exact = Foundation.exp(Double(x))
            if exact < smallestNormal || !S(exact).isFinite { continue }
            worst = max(worst, abs(Double(y) - exact) / (exact * Double(S.ulpOfOne)))
        }
        return worst
    }

    func testKernelExpIsWithinTwoAndAHalfUlpOverTheWholeRange() {
        let doubles = (0..<200_000).map { -745.0 + 1454.0 * Double($0) / 200_000 }
        XCTAssertLessThan(worstRelativeError(doubles, smallestNormal: Double.leastNormalMagnitude), 2.5)
        let floats = (0..<200_000).map { Float(-103.0 + 191.0 * Double($0) / 200_000) }
        XCTAssertLessThan(worstRelativeError(floats, smallestNormal: Double(Float.leastNormalMagnitude)), 2.5)
    }

    func testKernelExpSpecialValues() {
        let inputs: [Double] = [.nan, -.infinity, .infinity, 0, -800, 800, 1, -1e-300, -745.1, 709.7]
        var outputs = [Double](repeating: 0, count: inputs.count)
        Double.kernelExp(inputs, into: &outputs, count: inputs.count)
        XCTAssertTrue(outputs[0].isNaN)
        XCTAssertEqual(Array(outputs[1...4]), [0, .infinity, 1, 0])
        XCTAssertEqual(outputs[5], .infinity)
        XCTAssertEqual(outputs[6], M_E, accuracy: 2 * M_E * .ulpOfOne)
        XCTAssertEqual(outputs[7], 1)
        // Results in the subnormal range and just below overflow.
        XCTAssertEqual(outputs[8], Foundation.exp(-745.1))
        XCTAssertEqual(outputs[9], Foundation.exp(709.7), accuracy: 3 * Foundation.exp(709.7) * .ulpOfOne)
        // In place, as soft-max uses it.
        var values: [Float] = [0, -1, 2, .nan]
        values.withUnsafeMutableBufferPointer { Float.kernelExp($0.baseAddress!, into: $0.baseAddress!, count: 4) }
        XCTAssertEqual(values[0], 1)
        XCTAssertEqual(values[1], Float(Foundation.exp(-1.0)), accuracy: 2 * Float.ulpOfOne)
        XCTAssertEqual(values[2], Float(Foundation.exp(2.0)), accuracy: 8 * Float.ulpOfOne)
        XCTAssertTrue(values[3].isNaN)
    }

    /// In place over a long buffer (the vector loop, as soft-max calls it) gives the bits of the
    /// out-of-place call.
    func checkKernelExpInPlace<S: TensorScalar>(_: S.Type) {
        let inputs = (0..<1037).map { S(-20 + 40 * Double($0) / 1037) }
        var separate = [S](repeating: 0, count: inputs.count), inPlace = inputs
        inputs.withUnsafeBufferPointer { x in
            separate.withUnsafeMutableBufferPointer { S.kernelExp(x.baseAddress!, into: $0.baseAddress!, count: inputs.count) }
        }
        inPlace.withUnsafeMutableBufferPointer { S.kernelExp($0.baseAddress!, into: $0.baseAddress!, count: inputs.count) }
        XCTAssertEqual(inPlace, separate)
        XCTAssertEqual(Double(inPlace[0]), Foundation.exp(-20), accuracy: 3 * Foundation.exp(-20) * Double(S.ulpOfOne))
    }

    func testKernelExpInPlaceMatchesOutOfPlace() {
        checkKernelExpInPlace(Float.self)
        checkKernelExpInPlace(Double.self)
    }
}
