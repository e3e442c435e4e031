import XCTest
@testable import WickCore

/// `description` prints like Torch7: the values, then `[Tensor<Double> of size 2x1]`.
final class TensorDescriptionTests: XCTestCase {
    func testColumnVectorMatrix() {
        XCTAssertEqual(Tensor<Double>([[1], [2]]).description, """
             1.0000
             2.0000
            [Tensor<Double> of size 2x1]
            """)
    }

    func testColumnsAreRightAligned() {
        XCTAssertEqual(Tensor<Double>([[1, -2.5], [10, 0]]).description, """
              1.0000 -2.5000
             10.0000  0.0000
            [Tensor<Double> of size 2x2]
            """)
    }

    func testVectorAndFloat() {
        XCTAssertEqual(Tensor<Float>([0.5, -0.25]).description, """
              0.5000
             -0.2500
            [Tensor<Float> of size 2]
            """)
    }

    func testLargeOrTinyValuesSwitchToExponents() {
        XCTAssertEqual(Tensor<Double>([1e5, 1]).description, """
             1.0000e+05
             1.0000e+00
            [Tensor<Double> of size 2]
            """)
        XCTAssertEqual(Tensor<Double>([[0, 2e-5]]).description, """
             0.0000e+00 2.0000e-05
            [Tensor<Double> of size 1x2]
            """)
        XCTAssertEqual(Tensor<Double>([1, .infinity]).description, """
             1.0000e+00
                    inf
            [Tensor<Double> of size 2]
            """)
    }

    func testHigherRanksPrintOneMatrixPerLeadingIndex() {
        XCTAssertEqual(Tensor<Double>(shape: [2, 1, 2], scalars: [1, 2, 3, 4]).description, """
            (0,.,.) =
             1.0000 2.0000

            (1,.,.) =
             3.0000 4.0000

            [Tensor<Double> of size 2x1x2]
            """)
        let rank4 = Tensor<Float>(shape: [2, 2, 1, 1], scalars: [1, 2, 3, 4]).description
        XCTAssertEqual(rank4.split(separator: "\n").filter { $0.hasPrefix("(") },
                       ["(0,0,.,.) =", "(0,1,.,.) =", "(1,0,.,.) =", "(1,1,.,.) ="])
        XCTAssertTrue(rank4.hasSuffix("\n[Tensor<Float> of size 2x2x1x1]"))
    }

    func testEmptyAndScalarLike() {
        XCTAssertEqual(Tensor<Double>.zeros(0, 3).description, "[Tensor<Double> with no elements]")
        XCTAssertEqual(Tensor<Double>(shape: [], scalars: [5]).description, " 5.0000\n[Tensor<Double> of size []]")
    }

    func testStringInterpolationUsesTheDescription() {
        XCTAssertEqual("\(Tensor<Float>([[3]]))", " 3.0000\n[Tensor<Float> of size 1x1]")
    }
}
