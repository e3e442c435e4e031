import XCTest
@testable import ClassicalML

final class OneHotEncoderTests: XCTestCase {
    func testOneHotOfClassLabels() throws {
        let encoded: Tensor<Double> = try oneHot([2, 0, 1, 2])
        XCTAssertEqual(encoded, Tensor([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        XCTAssertEqual(try oneHot([0, 1], classCount: 4, as: Float.self).shape, [2, 4])
        XCTAssertEqual(thrownError { _ = try oneHot([0, 3], classCount: 3, as: Double.self) },
                       .invalidLabel(operation: "oneHot", label: 3, index: 1))
        XCTAssertEqual(thrownError { _ = try oneHot([-1], as: Double.self) },
                       .invalidLabel(operation: "oneHot", label: -1, index: 0))
    }

    func testEncoderLearnsSortedCategories() throws {
        var encoder = OneHotEncoder()
        try encoder.fit([30, 10, 20, 10])
        XCTAssertEqual(encoder.categories, [10, 20, 30])
        let encoded: Tensor<Double> = try encoder.transform([30, 10])
        XCTAssertEqual(encoded, Tensor([[0, 0, 1], [1, 0, 0]]))
        XCTAssertEqual(try encoder.inverseTransform(encoded), [30, 10])
        // Scores decode to their largest column.
        XCTAssertEqual(try encoder.inverseTransform(Tensor<Double>([[0.2, 0.5, 0.3]])), [20])
    }

    func testUnknownCategoryThrows() throws {
        var encoder = OneHotEncoder()
        try encoder.fit([1, 2])
        let error = thrownError { _ = try encoder.transform([2, 7], as: Double.self) }
        XCTAssertEqual(error, .unknownCategory(operation: "OneHotEncoder.transform", value: 7, index: 1))
        XCTAssertEqual(error?.description, "OneHotEncoder.transform: value 7 at index 1 is not one of the categories seen by fit.")
    }
}
