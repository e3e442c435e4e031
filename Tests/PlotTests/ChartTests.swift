import Foundation
import XCTest
@testable import Plot

final class ChartTests: XCTestCase {
    func testScatterByClassHasOneCircleAPointAndALegendEntryAClass() throws {
        var chart = Chart(title: "Iris", xLabel: "petal length", yLabel: "petal width")
        chart.classNames = ["setosa", "versicolor", "virginica"]
        let n = 30
        let xs = (0..<n).map { Double($0) / 3 }, ys = (0..<n).map { Double($0 * $0) / 100 }
        chart.addScatter(x: xs, y: ys, classes: (0..<n).map { $0 % 3 })
        let svg = try SVGInspection(chart.svg())
        XCTAssertEqual(svg.all("circle", class: "point").count, n)
        for c in 0..<3 {
            let points = svg.all("circle", class: "point", "class-\(c)")
            XCTAssertEqual(points.count, 10)
            XCTAssertTrue(points.allSatisfy { $0["fill"] == Color.category(c).hexString })
        }
        let entries = svg.descendants(of: "legend-entry", named: "text").map { $0.map(\.text).joined() }
        XCTAssertEqual(entries, ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(svg.all("text", class: "title").first?.text, "Iris")
        XCTAssertEqual(svg.all("text", class: "x-label").first?.text, "petal length")
        XCTAssertEqual(svg.all("text", class: "y-label").first?.text, "petal width")
        // Every point of an automatically ranged chart lies inside the plotting frame.
        let frame = try XCTUnwrap(svg.all("rect", class: "frame").first)
        let (left, top) = (frame.number("x"), frame.number("y"))
        let (right, bottom) = (left + frame.number("width"), top + frame.number("height"))
        for p in svg.all("circle", class: "point") {
            XCTAssertTrue((left...right).contains(p.number("cx")) && (top...bottom).contains(p.number("cy")))
        }
    }

    func testDataCoordinatesMapOntoTheFrame() throws {
        var chart = Chart(width: 640, height: 480)
        chart.xRange = 0...10
        chart.yRange = -1...1
        chart.addScatter(x: [0, 5, 10], y: [-1, 0, 1])
        let svg = try SVGInspection(chart.svg())
        let frame = try XCTUnwrap(svg.all("rect", class: "frame").first)
        let (left, top, w, h) = (frame.number("x"), frame.number("y"), frame.number("width"), frame.number("height"))
        let points = svg.all("circle", class: "point")
        XCTAssertEqual(points.map { $0.number("cx") }, [left, left + w / 2, left + w])
        XCTAssertEqual(points.map { $0.number("cy") }, [top + h, top + h / 2, top])
        // Ticks at nice values: 0, 2, 4, ... 10 along x and -1 ... 1 by 0.5 along y.
        XCTAssertEqual(svg.all("text", class: "x-tick-label").map(\.text), ["0", "2", "4", "6", "8", "10"])
        XCTAssertEqual(svg.all("text", class: "y-tick-label").map(\.text), ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
    }

    func testEqualAspectGivesBothAxesTheSameScale() throws {
        var chart = Chart(width: 600, height: 400)
        chart.addScatter(x: [0, 10, 5], y: [0, 1, 0.5])
        chart.equalAspect = true
        let points = try SVGInspection(chart.svg()).all("circle", class: "point")
        let pixelsPerUnitX = (points[1].number("cx") - points[0].number("cx")) / 10
        let pixelsPerUnitY = (points[0].number("cy") - points[1].number("cy")) / 1
        XCTAssertEqual(pixelsPerUnitX, pixelsPerUnitY, accuracy: 0.02)
        // The widened axis stays centred on the data.
        let frame = try XCTUnwrap(SVGInspection(chart.svg()).all("rect", class: "frame").first)
        XCTAssertEqual(points[2].number("cy"), frame.number("y") + frame.number("height") / 2, accuracy: 0.02)
    }

    func testUndrawablePointsAreLeftOut() throws {
        var chart = Chart()
        chart.addScatter(x: [1, .nan, 3, 4], y: [1, 2, .infinity, 4])
        let svg = try SVGInspection(chart.svg())
        XCTAssertEqual(svg.all("circle", class: "point").count, 2)
        XCTAssertFalse(try chart.svg().contains("nan"))
    }

    func testLinesLegendAndColours() throws {
        var chart = Chart(title: "Loss", xLabel: "epoch", yLabel: "loss")
        chart.addScatter(x: [0, 1], y: [0, 1], classes: [0, 1])
        chart.addLine(y: [3, 2, 1.5, 1.2], label: "train")
        chart.addLine(y: [3.1, 2.4, 2, 2.1], label: "validation", dashed: true)
        chart.addLine(x: [0, 4], y: [1, 1])  // unlabelled: no legend entry
        let svg = try SVGInspection(chart.svg())
        let lines = svg.all("path", class: "line")
        XCTAssertEqual(lines.count, 3)
        // Auto colours skip the colours of the two classes, in the order the lines were added;
        // the dashed line is drawn last (on top).
        XCTAssertEqual(lines.map { $0["stroke"] }, [2, 4, 3].map { Color.category($0).hexString })
        XCTAssertEqual(lines[2]["stroke-dasharray"], "6 4")
        XCTAssertEqual(lines[0]["d"].filter { $0 == "L" }.count, 3)
        let entries = svg.descendants(of: "legend-entry", named: "text").map { $0.map(\.text).joined() }
        XCTAssertEqual(entries, ["class 0", "class 1", "train", "validation"])
        XCTAssertEqual(svg.descendants(of: "legend-entry", named: "line").filter { !$0.isEmpty }.count, 2)
    }

    func testALineBreaksAtMissingValues() throws {
        var chart = Chart()
        chart.addLine(x: [1, 2, 3, 4, 5], y: [1, 2, .nan, 4, 5])
        let d = try XCTUnwrap(SVGInspection(chart.svg()).all("path", class: "line").first)["d"]
        XCTAssertEqual(d.filter { $0 == "M" }.count, 2)
        XCTAssertEqual(d.filter { $0 == "L" }.count, 2)
    }

    func testALineOfOneValueOrAnIsolatedValueIsDrawnAsADot() throws {
        var one = Chart()
        one.addLine(x: [1], y: [0.9], label: "one epoch")
        let svg = try SVGInspection(one.svg())
        XCTAssertEqual(svg.all("circle", class: "line-dot").count, 1)
        var broken = Chart()
        broken.addLine(x: [1, 2, 3, 4, 5], y: [1, .nan, 3, .nan, 5])  // three stretches of one value
        XCTAssertEqual(try SVGInspection(broken.svg()).all("circle", class: "line-dot").count, 3)
        var whole = Chart()
        whole.addLine(y: [1, 2, 3])
        XCTAssertEqual(try SVGInspection(whole.svg()).all("circle", class: "line-dot").count, 0)
    }

    func testLogarithmicAxisTicksAndDroppedValues() throws {
        var chart = Chart()
        chart.yScale = .logarithmic
        chart.addLine(y: [1, 0.1, 0.01, 0.001, 0, -1])  // 0 and -1 cannot be drawn on a log axis
        let svg = try SVGInspection(chart.svg())
        XCTAssertEqual(svg.all("text", class: "y-tick-label").map(\.text), ["0.001", "0.01", "0.1", "1"])
        let d = try XCTUnwrap(svg.all("path", class: "line").first)["d"]
        XCTAssertEqual(d.filter { $0 == "L" }.count, 3)
        // Equal ratios take equal space.
        let ys = d.split(separator: " ").enumerated().filter { $0.offset % 2 == 1 }.map { Double($0.element)! }
        XCTAssertEqual(ys[1] - ys[0], ys[2] - ys[1], accuracy: 0.02)
        XCTAssertEqual(ys[2] - ys[1], ys[3] - ys[2], accuracy: 0.02)
    }

    func testDecisionRegionsFromAClosureWithPointsOnTop() throws {
        var chart = Chart(title: "XOR")
        chart.addDecisionRegions(xRange: -1...1, yRange: -1...1, resolution: 10) { x, y in (x > 0) != (y > 0) ? 1 : 0 }
        chart.addScatter(x: [-0.5, 0.5], y: [0.5, 0.5], classes: [1, 0])
        let svg = try SVGInspection(chart.svg())
        let regions = svg.all("rect", class: "region")
        // Each row is two runs: left half and right half.
        XCTAssertEqual(regions.count, 20)
        XCTAssertEqual(svg.all("rect", class: "region", "class-1").count, 10)
        XCTAssertEqual(Set(regions.map { $0["fill"] }).count, 2)
        // The runs tile the whole plotting frame (the range is the regions' own, with no margin):
        // the decision boundary reaches the frame.
        let area = regions.reduce(0) { $0 + $1.number("width") * $1.number("height") }
        let frame = try XCTUnwrap(svg.all("rect", class: "frame").first)
        XCTAssertEqual(area, frame.number("width") * frame.number("height"), accuracy: 40)
        XCTAssertEqual(regions.map { $0.number("x") }.min()!, frame.number("x"), accuracy: 0.01)
        XCTAssertEqual(regions.map { $0.number("x") + $0.number("width") }.max()!, frame.number("x") + frame.number("width"), accuracy: 0.01)
        // Points come after the regions in the document, so they are drawn on top.
        let kinds = svg.elements.compactMap { e -> String? in
            let c = e["class"]
            return c.hasPrefix("region") ? "region" : c.hasPrefix("point") ? "point" : nil
        }
        XCTAssertEqual(kinds.lastIndex(of: "region")! < kinds.firstIndex(of: "point")!, true)
    }

    func testDecisionRegionsFromAGrid() throws {
        var chart = Chart()
        // Row 0 is the bottom row; -1 leaves a cell blank.
        chart.addDecisionRegions(grid: [[0, 0, 1], [2, -1, 2]], xRange: 0...3, yRange: 0...2)
        let svg = try SVGInspection(chart.svg())
        let regions = svg.all("rect", class: "region")
        XCTAssertEqual(regions.map { $0["class"] }, ["region class-0", "region class-1", "region class-2", "region class-2"])
        XCTAssertGreaterThan(regions[0].number("y"), regions[2].number("y"), "row 0 is drawn below row 1")
        XCTAssertEqual(regions[0].number("width"), 2 * regions[1].number("width"), accuracy: 0.02)
    }

    func testInconsistentDataThrows() {
        var scatter = Chart()
        scatter.addScatter(x: [1, 2], y: [1], label: "data")
        XCTAssertEqual(plotError { try scatter.svg() }, .lengthMismatch(what: "scatter \"data\" y", expected: 2, found: 1))
        var classes = Chart()
        classes.addScatter(x: [1, 2], y: [1, 2], classes: [0])
        XCTAssertEqual(plotError { try classes.svg() }, .lengthMismatch(what: "scatter 1 classes", expected: 2, found: 1))
        var negative = Chart()
        negative.addLine(x: [0], y: [0])
        negative.addScatter(x: [1, 2], y: [1, 2], classes: [0, -3])
        XCTAssertEqual(plotError { try negative.svg() }, .invalidClass(what: "scatter 2", index: 1, value: -3))
        var line = Chart()
        line.addLine(x: [1, 2, 3], y: [1, 2], label: "fit")
        XCTAssertEqual(plotError { try line.svg() }, .lengthMismatch(what: "line \"fit\" y", expected: 3, found: 2))
        var ragged = Chart()
        ragged.addDecisionRegions(grid: [[0, 1], [1]], xRange: 0...1, yRange: 0...1)
        XCTAssertEqual(plotError { try ragged.svg() }, .invalidGrid(reason: "row 1 has 1 cells, row 0 has 2"))
        var empty = Chart()
        empty.addDecisionRegions(grid: [], xRange: 0...1, yRange: 0...1)
        XCTAssertEqual(plotError { try empty.svg() }, .invalidGrid(reason: "the grid is empty"))
        var range = Chart()
        range.xRange = 1...1
        XCTAssertEqual(plotError { try range.svg() }, .invalidRange(axis: "x", reason: "1.0...1.0 is not a finite interval of positive width"))
        var log = Chart()
        log.yScale = .logarithmic
        log.yRange = 0...10
        XCTAssertEqual(plotError { try log.svg() }, .invalidRange(axis: "y", reason: "0.0...10.0 is not positive, as a logarithmic axis needs"))
    }

    func testTextIsEscapedForXML() throws {
        let nasty = "a < b && c > \"d\" 'e'\u{01}"
        var chart = Chart(title: nasty, xLabel: "<x>", yLabel: "&")
        chart.addLine(y: [1, 2], label: "</text><script>")
        let svg = try SVGInspection(chart.svg())
        XCTAssertEqual(svg.all("text", class: "title").first?.text, "a < b && c > \"d\" 'e'\u{FFFD}")
        XCTAssertEqual(svg.all("text", class: "x-label").first?.text, "<x>")
        XCTAssertEqual(svg.descendants(of: "legend-entry", named: "text").first?.first?.text, "</text><script>")
        XCTAssertTrue(svg.all("script").isEmpty)
    }

    func testAnEmptyChartStillRenders() throws {
        let svg = try SVGInspection(Chart(title: "nothing yet").svg())
        XCTAssertEqual(svg.all("text", class: "x-tick-label").map(\.text), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        XCTAssertTrue(svg.all("g", class: "legend").isEmpty)
    }

    func testWriteIsAtomic() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wick-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("chart.svg")
        try Data("old".utf8).write(to: url)
        var chart = Chart()
        chart.addScatter(x: [1, 2, 3], y: [3, 1, 2])
        try chart.write(to: url)
        XCTAssertEqual(try SVGInspection(String(contentsOf: url, encoding: .utf8)).all("circle", class: "point").count, 3)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["chart.svg"])
        // Bad data never reaches the disk, and the old file stays whole.
        var bad = Chart()
        bad.addScatter(x: [1], y: [])
        XCTAssertNotNil(plotError { try bad.write(to: url) })
        XCTAssertEqual(try SVGInspection(String(contentsOf: url, encoding: .utf8)).all("circle", class: "point").count, 3)
        let nowhere = directory.appendingPathComponent("missing/chart.svg")
        guard case .unwritableFile(let path, _)? = plotError({ try chart.write(to: nowhere) }) else {
            return XCTFail("writing into a missing directory must throw unwritableFile")
        }
        XCTAssertEqual(path, nowhere.path)
    }
}
