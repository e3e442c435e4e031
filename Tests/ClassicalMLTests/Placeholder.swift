import XCTest
@testable import ClassicalML

final class ClassicalMLPlaceholderTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
