import XCTest
@testable import NN

final class NNPlaceholderTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
