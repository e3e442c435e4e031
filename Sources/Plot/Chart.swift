/// A 2-D chart with axes, nice ticks, a title, axis labels and a legend, holding any mix of
/// scatter series, line series and decision regions; rendered as SVG.
///
/// Layers are drawn in the order they were added, so add decision regions first and the points
/// on top; dashed lines (references, true curves) are drawn last, above every solid line and
/// point. Without explicit ranges, a chart with decision regions shows exactly their span (the
/// boundaries reach the frame) when the other data lie inside it; other charts leave a 5% margin
/// around the data. The legend goes to the corner it covers least of the data (``legendPosition``),
/// an axis whose data are all whole numbers (epochs) has whole-number ticks, a logarithmic axis
/// labels every decade, and scatter points on the same pixel are moved apart so each stays visible. Every method only records data; it is checked when the chart is rendered
/// (``svg()`` or ``SVGRenderable/write(to:)``), which throws ``PlotError`` for inconsistent input.
/// Values that cannot be drawn (NaN, infinities, and values that are not positive on a
/// logarithmic axis) are left out, and a line is broken where they occur, so a diverging loss
/// curve still plots.
///
/// ```swift
/// var chart = Chart(title: "Two moons", xLabel: "x₁", yLabel: "x₂")
/// chart.addDecisionRegions(xRange: -1.5...2.5, yRange: -1...1.5) { x, y in model.predict(x, y) }
/// chart.addScatter(x: xs, y: ys, classes: labels)
/// try chart.write(to: URL(fileURLWithPath: "moons.svg"))
/// ```
public struct Chart: SVGRenderable, Sendable {
    /// Where the legend sits inside the plotting area.
    public enum LegendPosition: Sendable, Equatable {
        /// The corner where the legend covers the fewest drawn points and line stretches (the
        /// default); on a tie, the first of top right, top left, bottom right, bottom left.
        case automatic
        /// The upper right corner.
        case topRight
        /// The upper left corner.
        case topLeft
        /// The lower right corner.
        case bottomRight
        /// The lower left corner.
        case bottomLeft
        /// No legend.
        case hidden
    }

    /// The title above the plot (empty for none).
    public var title: String
    /// The label under the x axis.
    public var xLabel: String
    /// The label beside the y axis.
    public var yLabel: String
    /// The document's width in pixels.
    public var width: Double
    /// The document's height in pixels.
    public var height: Double
    /// The x axis scale.
    public var xScale: AxisScale = .linear
    /// The y axis scale (`.logarithmic` for loss curves).
    public var yScale: AxisScale = .linear
    /// The x interval shown; `nil` fits the data with a 5% margin.
    public var xRange: ClosedRange<Double>?
    /// The y interval shown; `nil` fits the data with a 5% margin.
    public var yRange: ClosedRange<Double>?
    /// Names of the classes, by index, for the legend of class-coloured scatters; a class without
    /// a name is called "class k".
    public var classNames: [String] = []
    /// Where the legend goes: by default the emptiest corner.
    public var legendPosition: LegendPosition = .automatic
    /// When true (and both axes are linear), one unit takes as many pixels along x as along y,
    /// so that circles look round and perpendicular directions (principal axes) look
    /// perpendicular: the axis with room to spare shows a wider range, centred on the data.
    public var equalAspect = false

    /// Everything added so far, in drawing order.
    var layers: [Layer] = []

    /// An empty chart.
    public init(title: String = "", xLabel: String = "", yLabel: String = "", width: Double = 640, height: Double = 480) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
    }

    /// Points coloured by class (class `k` in ``Color/category(_:)``), with one legend entry per
    /// class present, named from ``classNames``.
    ///
    /// - Parameters:
    ///   - x: the points' x coordinates.
    ///   - y: their y coordinates, as many.
    ///   - classes: the 0-based class of each point, as many.
    ///   - radius: the marker radius in pixels.
    public mutating func addScatter(x: [Double], y: [Double], classes: [Int], radius: Double = 3.5) {
        layers.append(.scatter(ScatterLayer(x: x, y: y, classes: classes, label: nil, color: nil, radius: radius)))
    }

    /// Points in one colour, with a legend entry when `label` is given.
    ///
    /// - Parameters:
    ///   - x: the points' x coordinates.
    ///   - y: their y coordinates, as many.
    ///   - label: the legend's name for the series; `nil` leaves it out of the legend.
    ///   - color: the points' colour; `nil` picks the next unused categorical colour.
    ///   - radius: the marker radius in pixels.
    public mutating func addScatter(x: [Double], y: [Double], label: String? = nil, color: Color? = nil, radius: Double = 3.5) {
        layers.append(.scatter(ScatterLayer(x: x, y: y, classes: nil, label: label, color: color, radius: radius)))
    }

    /// A line through the points in the given order, with a legend entry when `label` is given.
    ///
    /// - Parameters:
    ///   - x: the x coordinates, in drawing order.
    ///   - y: the y coordinates, as many.
    ///   - label: the legend's name for the line; `nil` leaves it out of the legend.
    ///   - color: the line's colour; `nil` picks the next unused categorical colour.
    ///   - lineWidth: the stroke width in pixels.
    ///   - dashed: draws the line dashed (for a reference or a "true" curve).
    public mutating func addLine(
        x: [Double], y: [Double], label: String? = nil, color: Color? = nil, lineWidth: Double = 2, dashed: Bool = false
    ) {
        layers.append(.line(LineLayer(x: x, y: y, label: label, color: color, lineWidth: lineWidth, dashed: dashed)))
    }

    /// A line of `y` against 1, 2, 3…: a per-epoch curve (loss, accuracy). The other arguments
    /// are those of ``addLine(x:y:label:color:lineWidth:dashed:)``.
    public mutating func addLine(y: [Double], label: String? = nil, color: Color? = nil, lineWidth: Double = 2, dashed: Bool = false) {
        addLine(x: y.indices.map { Double($0 + 1) }, y: y, label: label, color: color, lineWidth: lineWidth, dashed: dashed)
    }

    /// The decision regions of a 2-D classifier: `classify` is evaluated at the centre of every
    /// cell of a `resolution`x`resolution` grid over `xRange`x`yRange`, and each cell is filled
    /// with a light tint of its class's colour. A negative class leaves its cell blank.
    ///
    /// The classifier is called `resolution²` times, here and now; it is not stored.
    public mutating func addDecisionRegions(
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, resolution: Int = 100, classify: (Double, Double) -> Int
    ) {
        let n = max(resolution, 1)
        let dx = (xRange.upperBound - xRange.lowerBound) / Double(n)
        let dy = (yRange.upperBound - yRange.lowerBound) / Double(n)
        let grid = (0..<n).map { i in
            (0..<n).map { j in classify(xRange.lowerBound + (Double(j) + 0.5) * dx, yRange.lowerBound + (Double(i) + 0.5) * dy) }
        }
        addDecisionRegions(grid: grid, xRange: xRange, yRange: yRange)
    }

    /// Decision regions from a precomputed grid of classes: `grid[i][j]` is the class of the cell
    /// in row `i` counted from the bottom (`yRange.lowerBound`) and column `j` from the left; the
    /// cells split the ranges evenly. A negative class leaves its cell blank.
    public mutating func addDecisionRegions(grid: [[Int]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        layers.append(.regions(RegionLayer(grid: grid, xRange: xRange, yRange: yRange)))
    }
}

/// One thing drawn on a ``Chart``.
enum Layer: Sendable {
    case scatter(ScatterLayer)
    case line(LineLayer)
    case regions(RegionLayer)
}

struct ScatterLayer: Sendable {
    var x: [Double], y: [Double]
    var classes: [Int]?
    var label: String?
    var color: Color?
    var radius: Double
}

struct LineLayer: Sendable {
    var x: [Double], y: [Double]
    var label: String?
    var color: Color?
    var lineWidth: Double
    var dashed: Bool
}

struct RegionLayer: Sendable {
    var grid: [[Int]]
    var xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
}
