import Foundation
import XCTest
@testable import Plot

/// Rules a reader of a chart relies on: the legend covers no data when a corner is free, and an
/// axis of whole numbers (epochs) has whole-number ticks.
final class ChartRulesTests: XCTestCase {
    /// The legend box (its `rect`) as left, top, right, bottom.
    func legendBox(_ svg: SVGInspection) throws -> (left: Double, top: Double, right: Double, bottom: Double) {
        let rect = try XCTUnwrap(svg.descendants(of: "legend", named: "rect").first?.first)
        return (rect.number("x"), rect.number("y"), rect.number("x") + rect.number("width"), rect.number("y") + rect.number("height"))
    }

    /// The points of every drawn path (`M x y L x y ...`).
    func pathPoints(_ svg: SVGInspection) -> [(Double, Double)] {
        svg.all("path", class: "line").flatMap { path -> [(Double, Double)] in
            let numbers = path["d"].split(whereSeparator: { $0 == " " || $0 == "M" || $0 == "L" }).compactMap { Double($0) }
            return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
        }
    }

    func testTheLegendMovesToTheCornerTheCurvesLeaveEmpty() throws {
        // An accuracy curve rising to the top right, a loss falling from the left to the bottom
        // right, and a line along the bottom: only the top left is free.
        var chart = Chart(title: "Curves", xLabel: "epoch", yLabel: "value")
        let epochs = (1...20).map(Double.init)
        chart.addLine(x: epochs, y: epochs.map { 1 - 0.9 * exp(-$0 / 4) }, label: "accuracy")
        chart.addLine(x: epochs, y: epochs.map { 0.9 * exp(-$0 / 4) + 0.05 }, label: "loss")
        chart.addLine(x: epochs, y: epochs.map { _ in 0.05 }, label: "floor")  // along the bottom
        let svg = try SVGInspection(chart.svg())
        let box = try legendBox(svg)
        let frame = try XCTUnwrap(svg.all("rect", class: "frame").first)
        XCTAssertLessThan(box.top, frame.number("y") + frame.number("height") / 2, "a top corner: the floor line fills the bottom")
        // Whatever corner it took, no drawn vertex of any curve lies under the box.
        for (x, y) in pathPoints(svg) {
            XCTAssertFalse(x >= box.left && x <= box.right && y >= box.top && y <= box.bottom, "(\(x), \(y)) is under the legend")
        }
    }

    func testARisingCurveSendsTheLegendToTheTopLeftAndAnExplicitCornerIsKept() throws {
        var chart = Chart(xLabel: "epoch", yLabel: "accuracy")
        chart.addLine(x: [1, 2, 3, 4, 5], y: [0.1, 0.3, 0.5, 0.7, 0.9], label: "test")
        let frameLeft = 78.0  // with a y label
        var box = try legendBox(SVGInspection(chart.svg()))
        XCTAssertEqual(box.left, frameLeft + 10, "top right is covered by the curve's end: the top left is free")
        XCTAssertLessThan(box.top, 100)
        chart.legendPosition = .bottomRight
        box = try legendBox(SVGInspection(chart.svg()))
        XCTAssertGreaterThan(box.left, 300)
        XCTAssertGreaterThan(box.top, 300)
    }

    func testEpochAxesHaveWholeNumberTicks() throws {
        var chart = Chart(xLabel: "epoch", yLabel: "loss")
        chart.addLine(y: [0.9, 0.5, 0.4])  // epochs 1, 2, 3: a nice step would be 0.5 or 0.25
        let svg = try SVGInspection(chart.svg())
        let xLabels = svg.all("text", class: "x-tick-label").map(\.text)
        XCTAssertEqual(xLabels, ["1", "2", "3"])
        // The loss axis is not whole numbers: its ticks are fractions.
        let yLabels = svg.all("text", class: "y-tick-label").map(\.text)
        XCTAssertTrue(yLabels.contains { $0.contains(".") }, "\(yLabels)")

        var two = Chart()
        two.addLine(y: [0.5, 0.4])
        XCTAssertEqual(try SVGInspection(two.svg()).all("text", class: "x-tick-label").map(\.text), ["1", "2"])
        // Many epochs keep the usual nice step.
        var many = Chart()
        many.addLine(y: (0..<50).map { 1 / Double($0 + 1) })
        XCTAssertEqual(try SVGInspection(many.svg()).all("text", class: "x-tick-label").map(\.text), ["0", "10", "20", "30", "40", "50"])
        // An explicit range keeps the nice ticks, whole data or not.
        two.xRange = 1...2
        XCTAssertTrue(try SVGInspection(two.svg()).all("text", class: "x-tick-label").map(\.text).contains { $0.contains(".") })
    }

    func testADashedReferenceLineIsDrawnAboveASolidCurveOnTopOfIt() throws {
        var chart = Chart()
        chart.addLine(x: [0, 10], y: [1, 1], label: "reference", dashed: true)  // added first
        chart.addLine(x: [0, 5, 10], y: [1, 1, 1], label: "fit")                // lies right on it
        let paths = try SVGInspection(chart.svg()).all("path", class: "line")
        XCTAssertEqual(paths.count, 2)
        XCTAssertEqual(paths.last?["stroke-dasharray"], "6 4", "the dashed line comes last, so it is drawn on top")
        XCTAssertEqual(paths.first?["stroke-dasharray"], "")
    }

    func testDecisionRegionsReachTheFrameUnlessPointsLieOutside() throws {
        var chart = Chart()
        chart.addDecisionRegions(xRange: 0...4, yRange: 0...2, resolution: 4) { x, _ in x < 2 ? 0 : 1 }
        chart.addScatter(x: [1, 3], y: [1, 1], classes: [0, 1])
        var svg = try SVGInspection(chart.svg())
        var frame = try XCTUnwrap(svg.all("rect", class: "frame").first)
        var regions = svg.all("rect", class: "region")
        XCTAssertEqual(regions.map { $0.number("y") }.min()!, frame.number("y"), accuracy: 0.01)
        XCTAssertEqual(regions.map { $0.number("y") + $0.number("height") }.max()!, frame.number("y") + frame.number("height"), accuracy: 0.01)
        // A point outside the regions widens the range with the usual margin, so it stays visible.
        chart.addScatter(x: [5], y: [1])
        svg = try SVGInspection(chart.svg())
        frame = try XCTUnwrap(svg.all("rect", class: "frame").first)
        regions = svg.all("rect", class: "region")
        XCTAssertGreaterThan(regions.map { $0.number("x") }.min()!, frame.number("x") + 1)
    }

    func testALogarithmicAxisLabelsEveryDecade() throws {
        var chart = Chart(xLabel: "λ", yLabel: "error")
        chart.xScale = .logarithmic
        let lambdas = (0...18).map { pow(10, -6 + Double($0) / 2) }  // 1e-6 ... 1e3, as ridge-cross-validation
        chart.addLine(x: lambdas, y: lambdas.map { 1 + log10($0) * log10($0) })
        let labels = try SVGInspection(chart.svg()).all("text", class: "x-tick-label").map(\.text)
        XCTAssertEqual(labels, ["1e-6", "1e-5", "0.0001", "0.001", "0.01", "0.1", "1", "10", "100", "1000"])
    }

    func testPointsOnTheSamePixelAreMovedApart() throws {
        var chart = Chart()
        chart.xRange = 0...10
        chart.yRange = 0...10
        // Three points of different classes at (5, 5), one elsewhere.
        chart.addScatter(x: [5, 5, 5, 2], y: [5, 5, 5, 2], classes: [0, 1, 2, 0], radius: 4)
        let circles = try SVGInspection(chart.svg()).all("circle", class: "point")
        XCTAssertEqual(circles.count, 4)
        let centres = circles.map { ($0.number("cx"), $0.number("cy")) }
        for a in 0..<3 {
            for b in (a + 1)..<3 {
                let distance = ((centres[a].0 - centres[b].0) * (centres[a].0 - centres[b].0)
                                + (centres[a].1 - centres[b].1) * (centres[a].1 - centres[b].1)).squareRoot()
                XCTAssertGreaterThanOrEqual(distance, 3.9, "points \(a) and \(b) overlap")
            }
        }
        // The first of the repeated points, and a point alone, stay where their data put them.
        let frame = (left: 58.0, right: 640.0 - 22)
        XCTAssertEqual(centres[0].0, frame.left + (frame.right - frame.left) / 2, accuracy: 1e-9)
        XCTAssertEqual(centres[3].0, frame.left + (frame.right - frame.left) / 5, accuracy: 1e-9)
    }
}
