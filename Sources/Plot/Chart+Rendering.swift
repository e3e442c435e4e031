extension Chart {
    /// The chart as an SVG document.
    ///
    /// - Throws: ``PlotError`` when a series' arrays disagree in length, a class is negative, a
    ///   region grid is ragged, or an explicit axis range is not a proper interval.
    public func svg() throws -> String {
        try validate()
        let colors = seriesColors()
        let frame = PlotFrame(width: width, height: height, hasTitle: !title.isEmpty,
                              hasXLabel: !xLabel.isEmpty, hasYLabel: !yLabel.isEmpty)
        var xShown = try resolvedRange(xRange, scale: xScale, axis: "x", values: dataValues(x: true), regions: regionsExtent(x: true))
        var yShown = try resolvedRange(yRange, scale: yScale, axis: "y", values: dataValues(x: false), regions: regionsExtent(x: false))
        if equalAspect && xScale == .linear && yScale == .linear {
            (xShown, yShown) = Self.equalized(xShown, yShown, width: frame.right - frame.left, height: frame.bottom - frame.top)
        }
        let xAxis = AxisMapping(scale: xScale, range: xShown, pixelStart: frame.left, pixelEnd: frame.right)
        let yAxis = AxisMapping(scale: yScale, range: yShown, pixelStart: frame.bottom, pixelEnd: frame.top)

        var svg = SVGWriter(width: width, height: height)
        svg.open("defs")
        svg.open("clipPath", [("id", "plot-area")])
        svg.element("rect", [("x", format(frame.left)), ("y", format(frame.top)),
                             ("width", format(frame.right - frame.left)), ("height", format(frame.bottom - frame.top))])
        svg.close()
        svg.close()
        drawAxes(&svg, frame: frame, xAxis: xAxis, yAxis: yAxis,
                 wholeNumbers: (xRange == nil && Self.allWholeNumbers(dataValues(x: true)),
                                yRange == nil && Self.allWholeNumbers(dataValues(x: false))))

        svg.open("g", [("class", "data"), ("clip-path", "url(#plot-area)")])
        // Layers in the order they were added, except dashed lines (references, true curves),
        // which go last: a solid curve lying on a reference line never hides it.
        var dashed = [(LineLayer, Color?)]()
        for (index, layer) in layers.enumerated() {
            switch layer {
            case let .regions(r): drawRegions(&svg, r, xAxis: xAxis, yAxis: yAxis)
            case let .scatter(s): drawScatter(&svg, s, color: colors[index], xAxis: xAxis, yAxis: yAxis)
            case let .line(l) where l.dashed: dashed.append((l, colors[index]))
            case let .line(l): drawLine(&svg, l, color: colors[index], xAxis: xAxis, yAxis: yAxis)
            }
        }
        for (l, color) in dashed { drawLine(&svg, l, color: color, xAxis: xAxis, yAxis: yAxis) }
        svg.close()
        svg.element("rect", [("class", "frame"), ("x", format(frame.left)), ("y", format(frame.top)),
                             ("width", format(frame.right - frame.left)), ("height", format(frame.bottom - frame.top)),
                             ("fill", "none"), ("stroke", "#333333"), ("stroke-width", "1")])
        drawLegend(&svg, entries: legendEntries(colors: colors), frame: frame, covering: drawnPixels(xAxis: xAxis, yAxis: yAxis))
        drawTitles(&svg, frame: frame)
        return svg.finish()
    }

    /// Checks every layer's data, throwing the first problem.
    func validate() throws {
        for (index, layer) in layers.enumerated() {
            switch layer {
            case let .scatter(s):
                let name = seriesName("scatter", index: index, label: s.label)
                guard s.y.count == s.x.count else { throw PlotError.lengthMismatch(what: "\(name) y", expected: s.x.count, found: s.y.count) }
                if let classes = s.classes {
                    guard classes.count == s.x.count else {
                        throw PlotError.lengthMismatch(what: "\(name) classes", expected: s.x.count, found: classes.count)
                    }
                    if let bad = classes.firstIndex(where: { $0 < 0 }) {
                        throw PlotError.invalidClass(what: name, index: bad, value: classes[bad])
                    }
                }
            case let .line(l):
                guard l.y.count == l.x.count else {
                    throw PlotError.lengthMismatch(what: "\(seriesName("line", index: index, label: l.label)) y", expected: l.x.count, found: l.y.count)
                }
            case let .regions(r):
                guard let columns = r.grid.first?.count, columns > 0 else { throw PlotError.invalidGrid(reason: "the grid is empty") }
                if let bad = r.grid.firstIndex(where: { $0.count != columns }) {
                    throw PlotError.invalidGrid(reason: "row \(bad) has \(r.grid[bad].count) cells, row 0 has \(columns)")
                }
                for (axis, range) in [("x", r.xRange), ("y", r.yRange)] where !(range.lowerBound.isFinite && range.upperBound.isFinite
                                                                                   && range.lowerBound < range.upperBound) {
                    throw PlotError.invalidGrid(reason: "the \(axis) range \(range) is not a finite interval of positive width")
                }
            }
        }
    }

    /// "line 2" or `line "train loss"`, for error messages (`index` is 0-based).
    func seriesName(_ kind: String, index: Int, label: String?) -> String {
        label.map { "\(kind) \"\($0)\"" } ?? "\(kind) \(index + 1)"
    }

    /// The colour of each layer (by layer index): explicit ones as given, the others the next
    /// categorical colours after those the classes use, so a fitted line never takes the colour
    /// of a class.
    func seriesColors() -> [Color?] {
        var classCount = 0
        for layer in layers {
            switch layer {
            case let .scatter(s): classCount = max(classCount, (s.classes?.max() ?? -1) + 1)
            case let .regions(r): classCount = max(classCount, (r.grid.lazy.compactMap { $0.max() }.max() ?? -1) + 1)
            case .line: break
            }
        }
        var next = classCount
        return layers.map { layer in
            switch layer {
            case let .scatter(s) where s.classes == nil:
                if let c = s.color { return c }
                defer { next += 1 }
                return Color.category(next)
            case let .line(l):
                if let c = l.color { return c }
                defer { next += 1 }
                return Color.category(next)
            default:
                return nil
            }
        }
    }

    /// The drawable values along one axis: the coordinates of points and lines whose two
    /// coordinates can both be drawn, and the bounds of decision regions.
    func dataValues(x: Bool) -> [Double] {
        var values = [Double]()
        func collect(_ xs: [Double], _ ys: [Double]) {
            for (a, b) in zip(xs, ys) where xScale.transform(a) != nil && yScale.transform(b) != nil { values.append(x ? a : b) }
        }
        for layer in layers {
            switch layer {
            case let .scatter(s): collect(s.x, s.y)
            case let .line(l): collect(l.x, l.y)
            case let .regions(r):
                let range = x ? r.xRange : r.yRange
                for v in [range.lowerBound, range.upperBound] where (x ? xScale : yScale).transform(v) != nil { values.append(v) }
            }
        }
        return values
    }

    /// True when there are values and every one is a whole number (epochs, counts): such an axis
    /// gets ticks at whole numbers only.
    static func allWholeNumbers(_ values: [Double]) -> Bool {
        !values.isEmpty && values.allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 }
    }

    /// The pixels that points and lines cover: each point's centre, and points every 3 pixels
    /// along each drawn line segment (decision regions are background and do not count).
    func drawnPixels(xAxis: AxisMapping, yAxis: AxisMapping) -> [(x: Double, y: Double)] {
        var pixels = [(x: Double, y: Double)]()
        for layer in layers {
            switch layer {
            case let .scatter(s):
                for (a, b) in zip(s.x, s.y) {
                    if let px = xAxis.pixel(a), let py = yAxis.pixel(b) { pixels.append((px, py)) }
                }
            case let .line(l):
                var previous: (x: Double, y: Double)?
                for (a, b) in zip(l.x, l.y) {
                    guard let px = xAxis.pixel(a), let py = yAxis.pixel(b) else { previous = nil; continue }
                    if let p = previous {
                        let length = ((px - p.x) * (px - p.x) + (py - p.y) * (py - p.y)).squareRoot()
                        let steps = max(1, Int((length / 3).rounded(.up)))
                        for k in 1..<steps {
                            let t = Double(k) / Double(steps)
                            pixels.append((p.x + t * (px - p.x), p.y + t * (py - p.y)))
                        }
                    }
                    pixels.append((px, py))
                    previous = (px, py)
                }
            case .regions:
                break
            }
        }
        return pixels
    }

    /// The ranges widened (one of them, about its centre) so that a unit spans as many pixels
    /// along x as along y in a `width`x`height` frame.
    static func equalized(_ x: ClosedRange<Double>, _ y: ClosedRange<Double>, width: Double, height: Double)
        -> (ClosedRange<Double>, ClosedRange<Double>) {
        let xSpan = x.upperBound - x.lowerBound, ySpan = y.upperBound - y.lowerBound
        if xSpan / width > ySpan / height {
            let wanted = xSpan / width * height, centre = (y.lowerBound + y.upperBound) / 2
            return (x, (centre - wanted / 2)...(centre + wanted / 2))
        } else {
            let wanted = ySpan / height * width, centre = (x.lowerBound + x.upperBound) / 2
            return ((centre - wanted / 2)...(centre + wanted / 2), y)
        }
    }

    /// The span of the decision regions along one axis, or nil without regions.
    func regionsExtent(x: Bool) -> ClosedRange<Double>? {
        let ranges = layers.compactMap { layer -> ClosedRange<Double>? in
            if case let .regions(r) = layer { return x ? r.xRange : r.yRange }
            return nil
        }
        guard let low = ranges.map(\.lowerBound).min(), let high = ranges.map(\.upperBound).max() else { return nil }
        return low...high
    }

    /// The explicit range, checked, or one fitted to `values`: the `regions`' own span when the
    /// chart has decision regions and every value lies within them (so that the regions reach the
    /// frame on every side), else the values with a margin.
    func resolvedRange(
        _ explicit: ClosedRange<Double>?, scale: AxisScale, axis: String, values: [Double], regions: ClosedRange<Double>? = nil
    ) throws -> ClosedRange<Double> {
        if let range = explicit {
            guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
                throw PlotError.invalidRange(axis: axis, reason: "\(range) is not a finite interval of positive width")
            }
            guard scale == .linear || range.lowerBound > 0 else {
                throw PlotError.invalidRange(axis: axis, reason: "\(range) is not positive, as a logarithmic axis needs")
            }
            return range
        }
        guard let low = values.min(), let high = values.max() else { return scale == .linear ? 0...1 : 1...10 }
        if let regions, regions.lowerBound <= low, high <= regions.upperBound,
           scale.transform(regions.lowerBound) != nil, scale.transform(regions.upperBound) != nil {
            return regions
        }
        return Ticks.paddedRange(low: low, high: high, scale: scale)
    }
}

/// Where the plotting area sits in the document, leaving room for the title, labels and ticks.
struct PlotFrame {
    let left, right, top, bottom: Double

    init(width: Double, height: Double, hasTitle: Bool, hasXLabel: Bool, hasYLabel: Bool) {
        left = hasYLabel ? 78 : 58
        right = max(left + 10, width - 22)
        top = hasTitle ? 42 : 16
        bottom = max(top + 10, height - (hasXLabel ? 52 : 32))
    }
}
