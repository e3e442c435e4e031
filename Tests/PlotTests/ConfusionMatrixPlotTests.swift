import XCTest
@testable import Plot

final class ConfusionMatrixPlotTests: XCTestCase {
    let matrix = [[50, 0, 0], [0, 45, 5], [1, 3, 46]]

    func testCellsCountsAndLabels() throws {
        let plot = ConfusionMatrixPlot(matrix: matrix, classNames: ["setosa", "versicolor", "virginica"], title: "Iris")
        let svg = try SVGInspection(plot.svg())
        let cells = svg.all("rect", class: "cell")
        XCTAssertEqual(cells.count, 9)
        XCTAssertEqual(svg.all("text", class: "cell-value").map(\.text), matrix.flatMap { $0 }.map(String.init))
        XCTAssertEqual(svg.all("text", class: "row-label").map(\.text), ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(svg.all("text", class: "column-label").map(\.text), ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(svg.all("text", class: "x-label").first?.text, "Predicted class")
        XCTAssertEqual(svg.all("text", class: "y-label").first?.text, "True class")
        // The largest count gets the darkest shade, zero the lightest; text stays legible.
        XCTAssertEqual(cells[0]["fill"], ColorMap.blues.color(1).hexString)
        XCTAssertEqual(cells[1]["fill"], ColorMap.blues.color(0).hexString)
        let values = svg.all("text", class: "cell-value")
        XCTAssertEqual(values[0]["fill"], "white")
        XCTAssertEqual(values[1]["fill"], "#222222")
        // Row t, column p: predicted classes run left to right, true classes top to bottom.
        XCTAssertGreaterThan(cells[1].number("x"), cells[0].number("x"))
        XCTAssertGreaterThan(cells[3].number("y"), cells[0].number("y"))
    }

    func testRowNormalisation() throws {
        let svg = try SVGInspection(ConfusionMatrixPlot(matrix: [[3, 1], [0, 2]], normalizesRows: true).svg())
        XCTAssertEqual(svg.all("text", class: "cell-value").map(\.text), ["0.75", "0.25", "0.00", "1.00"])
        XCTAssertEqual(svg.all("text", class: "row-label").map(\.text), ["0", "1"])
        XCTAssertEqual(svg.all("rect", class: "cell")[3]["fill"], ColorMap.blues.color(1).hexString)
    }

    func testBadMatricesThrow() {
        XCTAssertEqual(plotError { try ConfusionMatrixPlot(matrix: []).svg() }, .invalidMatrix(reason: "it has no rows"))
        XCTAssertEqual(plotError { try ConfusionMatrixPlot(matrix: [[1, 2], [3]]).svg() },
                       .invalidMatrix(reason: "row 1 has 1 entries, a 2-class matrix needs 2"))
        XCTAssertEqual(plotError { try ConfusionMatrixPlot(matrix: [[1, -2], [3, 4]]).svg() },
                       .invalidMatrix(reason: "it holds a negative count"))
        XCTAssertEqual(plotError { try ConfusionMatrixPlot(matrix: [[1]], classNames: ["a", "b"]).svg() },
                       .lengthMismatch(what: "confusion matrix class names", expected: 1, found: 2))
    }
}
