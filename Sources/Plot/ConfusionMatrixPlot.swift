/// A confusion matrix as a heat map: one square per (true class, predicted class) pair, shaded by
/// its count, with the count written in it; rendered as SVG.
///
/// ```swift
/// let plot = ConfusionMatrixPlot(matrix: confusion, classNames: (0...9).map(String.init), title: "Digits, test set")
/// try plot.write(to: URL(fileURLWithPath: "confusion.svg"))
/// ```
public struct ConfusionMatrixPlot: SVGRenderable, Sendable {
    /// `matrix[t][p]` counts the samples of true class `t` predicted as class `p`.
    public var matrix: [[Int]]
    /// The class names along both axes; `nil` numbers the classes from 0.
    public var classNames: [String]?
    /// The title above the matrix (empty for none).
    public var title: String
    /// When true, each row is shaded and labelled by its fraction of the true class (the
    /// per-class recall on the diagonal), instead of by raw counts.
    public var normalizesRows: Bool
    /// The colours, from no samples to the most.
    public var colorMap: ColorMap
    /// The side of one cell, in SVG pixels.
    public var cellSize: Double

    /// A heat map of `matrix` (rows: true classes, columns: predicted classes).
    public init(
        matrix: [[Int]], classNames: [String]? = nil, title: String = "", normalizesRows: Bool = false,
        colorMap: ColorMap = .blues, cellSize: Double = 40
    ) {
        self.matrix = matrix
        self.classNames = classNames
        self.title = title
        self.normalizesRows = normalizesRows
        self.colorMap = colorMap
        self.cellSize = cellSize
    }

    /// The heat map as an SVG document.
    ///
    /// - Throws: ``PlotError/invalidMatrix(reason:)`` for an empty, non-square or negative
    ///   matrix, ``PlotError/lengthMismatch(what:expected:found:)`` when the class names do not
    ///   match its size.
    public func svg() throws -> String {
        let n = matrix.count
        guard n > 0 else { throw PlotError.invalidMatrix(reason: "it has no rows") }
        if let bad = matrix.firstIndex(where: { $0.count != n }) {
            throw PlotError.invalidMatrix(reason: "row \(bad) has \(matrix[bad].count) entries, a \(n)-class matrix needs \(n)")
        }
        if matrix.contains(where: { $0.contains { $0 < 0 } }) { throw PlotError.invalidMatrix(reason: "it holds a negative count") }
        if let classNames, classNames.count != n {
            throw PlotError.lengthMismatch(what: "confusion matrix class names", expected: n, found: classNames.count)
        }
        let names = classNames ?? (0..<n).map(String.init)
        let longest = Double(names.map(\.count).max() ?? 1)
        // Names longer than fit under a cell are written slanted.
        let slanted = 7 * longest > cellSize * 0.9
        let left = 40 + 7 * longest, top = title.isEmpty ? 16.0 : 44.0
        let size = cellSize * Double(n)
        let width = left + size + 20, height = top + size + 44 + (slanted ? 5 * longest : 0)

        var svg = SVGWriter(width: width, height: height)
        if !title.isEmpty {
            svg.element("text", [("class", "title"), ("x", format(left + size / 2)), ("y", "26"), ("text-anchor", "middle"),
                                 ("font-size", "15"), ("font-weight", "bold")], text: title)
        }
        let largest = Double(matrix.flatMap { $0 }.max() ?? 0)
        svg.open("g", [("class", "cells"), ("font-size", format(min(13, cellSize * 0.32)))])
        for t in 0..<n {
            let rowTotal = Double(matrix[t].reduce(0, +))
            for p in 0..<n {
                let count = Double(matrix[t][p])
                let shade = normalizesRows ? (rowTotal > 0 ? count / rowTotal : 0) : (largest > 0 ? count / largest : 0)
                let x = left + Double(p) * cellSize, y = top + Double(t) * cellSize
                svg.element("rect", [("class", "cell"), ("x", format(x)), ("y", format(y)), ("width", format(cellSize)),
                                     ("height", format(cellSize)), ("fill", colorMap.color(shade).hexString), ("stroke", "white")])
                let text = normalizesRows ? String(format2: shade) : String(matrix[t][p])
                svg.element("text", [("class", "cell-value"), ("x", format(x + cellSize / 2)), ("y", format(y + cellSize / 2 + 4)),
                                     ("text-anchor", "middle"), ("fill", colorMap.prefersLightText(at: shade) ? "white" : "#222222")],
                            text: text)
            }
        }
        svg.close()
        svg.open("g", [("class", "labels"), ("font-size", "12"), ("fill", "#333333")])
        for (k, name) in names.enumerated() {
            let centre = Double(k) * cellSize + cellSize / 2
            svg.element("text", [("class", "row-label"), ("x", format(left - 6)), ("y", format(top + centre + 4)),
                                 ("text-anchor", "end")], text: name)
            let x = left + centre, y = top + size + 16
            if slanted {
                svg.element("text", [("class", "column-label"), ("x", format(x)), ("y", format(y)), ("text-anchor", "end"),
                                     ("transform", "rotate(-45 \(format(x)) \(format(y)))")], text: name)
            } else {
                svg.element("text", [("class", "column-label"), ("x", format(x)), ("y", format(y)), ("text-anchor", "middle")], text: name)
            }
        }
        svg.element("text", [("class", "x-label"), ("x", format(left + size / 2)), ("y", format(height - 10)), ("text-anchor", "middle"),
                             ("font-size", "13")], text: "Predicted class")
        let middle = top + size / 2
        svg.element("text", [("class", "y-label"), ("x", "16"), ("y", format(middle)), ("text-anchor", "middle"), ("font-size", "13"),
                             ("transform", "rotate(-90 16 \(format(middle)))")], text: "True class")
        svg.close()
        return svg.finish()
    }
}

extension String {
    /// `value` with two decimals (`0.95`), without Foundation.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
