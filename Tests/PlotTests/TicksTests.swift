import XCTest
@testable import Plot

final class TicksTests: XCTestCase {
    func testStepsGiveTheTickCountClosestToTheTarget() {
        XCTAssertEqual(Ticks.linear(0...1, target: 6).step, 0.2, accuracy: 1e-15)
        XCTAssertEqual(Ticks.linear(0...10, target: 7).step, 2)
        XCTAssertEqual(Ticks.linear(-1...1, target: 6).step, 0.5)
        XCTAssertEqual(Ticks.linear(0...100, target: 5).step, 25)
        XCTAssertEqual(Ticks.linear(0.001...0.0104, target: 6).step, 0.002, accuracy: 1e-15)
        XCTAssertEqual(Ticks.linear(0...6300, target: 6).step, 1000)
        XCTAssertEqual(Ticks.linear(0...7300, target: 6).step, 2000, "8 and 4 ticks are equally far from 6: the larger step")
        XCTAssertEqual(Ticks.linear(-3e-9...3e-9, target: 7).step, 1e-9, accuracy: 1e-24)
    }

    func testLinearTicksStayInsideTheRangeAtMultiplesOfTheStep() {
        let (values, step) = Ticks.linear(-0.37...2.91, target: 6)
        XCTAssertEqual(step, 0.5)
        XCTAssertEqual(values, [0, 0.5, 1, 1.5, 2, 2.5])
        XCTAssertEqual(Ticks.linear(-1e-17...1, target: 5).values.first, 0)  // no "-0" from rounding
        XCTAssertEqual(Ticks.linear(3...3).values, [3])
    }

    func testLabels() {
        XCTAssertEqual(Ticks.label(0.5, step: 0.5), "0.5")
        XCTAssertEqual(Ticks.label(2, step: 0.5), "2.0")
        XCTAssertEqual(Ticks.label(7.5, step: 2.5), "7.5")
        XCTAssertEqual(Ticks.label(0.25, step: 0.25), "0.25")
        XCTAssertEqual(Ticks.label(40, step: 20), "40")
        XCTAssertEqual(Ticks.label(3_000_000, step: 1_000_000), "3e6")
        XCTAssertEqual(Ticks.label(0.00002, step: 0.00001), "2e-5")
        XCTAssertEqual(Ticks.scientific(-1.5e-7), "-1.5e-7")
        XCTAssertEqual(Ticks.logLabel(0.001), "0.001")
        XCTAssertEqual(Ticks.logLabel(100), "100")
        XCTAssertEqual(Ticks.logLabel(1e-6), "1e-6")
        XCTAssertEqual(Ticks.logLabel(1e8), "1e8")
    }

    func testLogarithmicTicks() {
        XCTAssertEqual(Ticks.logarithmic(0.0009...11), [0.001, 0.01, 0.1, 1, 10])
        // Fewer than two powers of ten inside: 1-2-5 steps.
        XCTAssertEqual(Ticks.logarithmic(2...30), [2, 5, 10, 20])
        // Twelve decades: a label at every power of ten (ridge-cross-validation's λ axis has ten).
        let wide = Ticks.logarithmic(1e-6...1e6)
        XCTAssertEqual(wide.count, 13)
        XCTAssertEqual(wide.first!, 1e-6, accuracy: 1e-20)
        XCTAssertEqual(wide.last!, 1e6, accuracy: 1e-6)
        for (a, b) in zip(wide, wide.dropFirst()) { XCTAssertEqual(b / a, 10, accuracy: 1e-9) }
        // Thirty decades: every third power, to keep the labels apart.
        let huge = Ticks.logarithmic(1e-20...1e10)
        XCTAssertEqual(huge.count, 11)
        XCTAssertEqual(huge[1] / huge[0], 1000, accuracy: 1e-6)
    }

    func testFormattingAndEscaping() {
        XCTAssertEqual(format(12), "12")
        XCTAssertEqual(format(-0.001), "0")
        XCTAssertEqual(format(1.23456), "1.23")
        XCTAssertEqual(format(-7.5), "-7.5")
        XCTAssertEqual(escapeXML("<a href='x'>&\"</a>"), "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;")
        XCTAssertEqual(escapeXML("tab\tnull\u{0}é"), "tab\tnull\u{FFFD}é")
        XCTAssertEqual(Color(hex: 0x1F77B4).hexString, "#1f77b4")
        XCTAssertEqual(Color(red: 2, green: -1, blue: 0.5).hexString, "#ff0080")
        XCTAssertEqual(Color.category(10), Color.category(0))
    }
}
