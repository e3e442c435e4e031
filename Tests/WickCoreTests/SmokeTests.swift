import XCTest
@testable import WickCore
final class SmokeTests: XCTestCase {
    func testMatmulLinesUp() { XCTAssertEqual(matmul(Tensor<Double>([[1, 2]]), Tensor<Double>([[3], [4]])).scalars, [11]) }
}
