import Foundation

extension Chart {
    /// Grid lines, tick marks and tick labels of both axes. A linear axis marked in
    /// `wholeNumbers` (for x and y: its data are all whole numbers and its range is automatic) has
    /// ticks only at whole numbers: epochs 1, 2, 3, never 1.5.
    func drawAxes(_ svg: inout SVGWriter, frame: PlotFrame, xAxis: AxisMapping, yAxis: AxisMapping, wholeNumbers: (x: Bool, y: Bool)) {
        svg.open("g", [("class", "axes"), ("font-size", "11"), ("fill", "#333333")])
        for (axis, mapping) in [("x", xAxis), ("y", yAxis)] {
            let ticks: [(Double, String)]
            switch mapping.scale {
            case .linear:
                var (values, step) = Ticks.linear(mapping.range, target: axis == "x" ? 7 : 6)
                if (axis == "x" ? wholeNumbers.x : wholeNumbers.y) && step < 1 {
                    step = 1
                    values = Ticks.linear(mapping.range, step: 1)
                }
                ticks = values.map { ($0, Ticks.label($0, step: step)) }
            case .logarithmic:
                ticks = Ticks.logarithmic(mapping.range).map { ($0, Ticks.logLabel($0)) }
            }
            for (value, label) in ticks {
                guard let p = mapping.pixel(value) else { continue }
                if axis == "x" {
                    svg.element("line", [("class", "grid"), ("x1", format(p)), ("y1", format(frame.top)), ("x2", format(p)),
                                         ("y2", format(frame.bottom)), ("stroke", "#e6e6e6"), ("stroke-width", "1")])
                    svg.element("line", [("class", "tick"), ("x1", format(p)), ("y1", format(frame.bottom)), ("x2", format(p)),
                                         ("y2", format(frame.bottom + 5)), ("stroke", "#333333")])
                    svg.element("text", [("class", "tick-label x-tick-label"), ("x", format(p)), ("y", format(frame.bottom + 18)),
                                         ("text-anchor", "middle")], text: label)
                } else {
                    svg.element("line", [("class", "grid"), ("x1", format(frame.left)), ("y1", format(p)), ("x2", format(frame.right)),
                                         ("y2", format(p)), ("stroke", "#e6e6e6"), ("stroke-width", "1")])
                    svg.element("line", [("class", "tick"), ("x1", format(frame.left - 5)), ("y1", format(p)), ("x2", format(frame.left)),
                                         ("y2", format(p)), ("stroke", "#333333")])
                    svg.element("text", [("class", "tick-label y-tick-label"), ("x", format(frame.left - 8)), ("y", format(p + 4)),
                                         ("text-anchor", "end")], text: label)
                }
            }
        }
        svg.close()
    }

    /// The title and the axis labels.
    func drawTitles(_ svg: inout SVGWriter, frame: PlotFrame) {
        let centreX = (frame.left + frame.right) / 2
        if !title.isEmpty {
            svg.element("text", [("class", "title"), ("x", format(centreX)), ("y", "26"), ("text-anchor", "middle"),
                                 ("font-size", "16"), ("font-weight", "bold")], text: title)
        }
        if !xLabel.isEmpty {
            svg.element("text", [("class", "x-label"), ("x", format(centreX)), ("y", format(height - 14)), ("text-anchor", "middle"),
                                 ("font-size", "13")], text: xLabel)
        }
        if !yLabel.isEmpty {
            let centreY = (frame.top + frame.bottom) / 2
            svg.element("text", [("class", "y-label"), ("x", "18"), ("y", format(centreY)), ("text-anchor", "middle"), ("font-size", "13"),
                                 ("transform", "rotate(-90 18 \(format(centreY)))")], text: yLabel)
        }
    }

    /// Decision regions: each row of the grid as runs of equal class, one rectangle per run.
    func drawRegions(_ svg: inout SVGWriter, _ r: RegionLayer, xAxis: AxisMapping, yAxis: AxisMapping) {
        let rows = r.grid.count, columns = r.grid[0].count
        let dx = (r.xRange.upperBound - r.xRange.lowerBound) / Double(columns)
        let dy = (r.yRange.upperBound - r.yRange.lowerBound) / Double(rows)
        svg.open("g", [("class", "regions"), ("shape-rendering", "crispEdges")])
        for i in 0..<rows {
            guard let top = yAxis.pixel(r.yRange.lowerBound + Double(i + 1) * dy),
                  let bottom = yAxis.pixel(r.yRange.lowerBound + Double(i) * dy) else { continue }
            var j = 0
            while j < columns {
                let c = r.grid[i][j]
                var end = j + 1
                while end < columns && r.grid[i][end] == c { end += 1 }
                if c >= 0, let x0 = xAxis.pixel(r.xRange.lowerBound + Double(j) * dx),
                   let x1 = xAxis.pixel(r.xRange.lowerBound + Double(end) * dx) {
                    svg.element("rect", [("class", "region class-\(c)"), ("x", format(min(x0, x1))), ("y", format(min(top, bottom))),
                                         ("width", format(abs(x1 - x0))), ("height", format(abs(bottom - top))),
                                         ("fill", Color.category(c).mixed(with: .white, fraction: 0.72).hexString)])
                }
                j = end
            }
        }
        svg.close()
    }

    /// Points as circles, coloured by class or in the series colour, each with a thin white
    /// outline. A point drawn on the very pixel of an earlier one of the same series is moved by
    /// about its radius (the k-th repeat around a ring of six, then a wider ring), so that every
    /// marker stays visible.
    func drawScatter(_ svg: inout SVGWriter, _ s: ScatterLayer, color: Color?, xAxis: AxisMapping, yAxis: AxisMapping) {
        svg.open("g", [("class", "scatter"), ("stroke", "white"), ("stroke-width", "0.6")])
        var repeats: [Int: Int] = [:]  // points seen so far at each whole pixel
        for i in s.x.indices {
            guard var px = xAxis.pixel(s.x[i]), var py = yAxis.pixel(s.y[i]) else { continue }
            let key = Int(px.rounded()) &* 100_003 &+ Int(py.rounded())
            let k = repeats[key, default: 0]
            repeats[key] = k + 1
            if k > 0 {
                let ring = Double((k - 1) / 6 + 1), angle = Double((k - 1) % 6) * Double.pi / 3 + (ring - 1) * Double.pi / 6
                px += ring * s.radius * cos(angle)
                py += ring * s.radius * sin(angle)
            }
            let fill = s.classes.map { Color.category($0[i]) } ?? color ?? Color.category(0)
            let kind = s.classes.map { "point class-\($0[i])" } ?? "point"
            svg.element("circle", [("class", kind), ("cx", format(px)), ("cy", format(py)), ("r", format(s.radius)),
                                   ("fill", fill.hexString)])
        }
        svg.close()
    }

    /// A line as one path; an undrawable value ends a stretch and the next value starts another.
    /// A stretch of a single value (a line of one epoch) is drawn as a dot, which a path alone
    /// would not show.
    func drawLine(_ svg: inout SVGWriter, _ l: LineLayer, color: Color?, xAxis: AxisMapping, yAxis: AxisMapping) {
        var d = ""
        var stretch: [(Double, Double)] = [], dots: [(Double, Double)] = []
        func endStretch() {
            if stretch.count == 1 { dots.append(stretch[0]) }
            stretch = []
        }
        for i in l.x.indices {
            guard let px = xAxis.pixel(l.x[i]), let py = yAxis.pixel(l.y[i]) else { endStretch(); continue }
            d += (d.isEmpty ? "" : " ") + (stretch.isEmpty ? "M" : "L") + "\(format(px)) \(format(py))"
            stretch.append((px, py))
        }
        endStretch()
        guard !d.isEmpty else { return }
        let stroke = (color ?? Color.category(0)).hexString
        var attributes = [("class", "line"), ("d", d), ("fill", "none"), ("stroke", stroke),
                          ("stroke-width", format(l.lineWidth)), ("stroke-linejoin", "round"), ("stroke-linecap", "round")]
        if l.dashed { attributes.append(("stroke-dasharray", "6 4")) }
        svg.element("path", attributes)
        for (px, py) in dots {
            svg.element("circle", [("class", "line-dot"), ("cx", format(px)), ("cy", format(py)),
                                   ("r", format(l.lineWidth + 2)), ("fill", stroke)])
        }
    }

    /// One legend entry: its marker and its text.
    struct LegendEntry {
        enum Marker { case point, line(dashed: Bool) }
        let name: String
        let color: Color
        let marker: Marker
    }

    /// The entries, in layer order: each class present in a class-coloured scatter, then every
    /// labelled series.
    func legendEntries(colors: [Color?]) -> [LegendEntry] {
        var entries = [LegendEntry]()
        var classesShown = Set<Int>()
        for (index, layer) in layers.enumerated() {
            switch layer {
            case let .scatter(s):
                if let classes = s.classes {
                    for c in Set(classes).sorted() where classesShown.insert(c).inserted {
                        entries.append(LegendEntry(name: c < classNames.count ? classNames[c] : "class \(c)",
                                                   color: Color.category(c), marker: .point))
                    }
                } else if let label = s.label {
                    entries.append(LegendEntry(name: label, color: colors[index] ?? Color.category(0), marker: .point))
                }
            case let .line(l):
                if let label = l.label {
                    entries.append(LegendEntry(name: label, color: colors[index] ?? Color.category(0), marker: .line(dashed: l.dashed)))
                }
            case .regions:
                break
            }
        }
        return entries
    }

    /// The legend box with its entries, in the corner ``legendPosition`` names, or for
    /// `.automatic` the corner whose box holds the fewest of the `covering` pixels.
    func drawLegend(_ svg: inout SVGWriter, entries: [LegendEntry], frame: PlotFrame, covering pixels: [(x: Double, y: Double)]) {
        guard !entries.isEmpty, legendPosition != .hidden else { return }
        let rowHeight = 18.0
        let longest = entries.map(\.name.count).max() ?? 0
        // About 7 px per character of 12 px sans-serif text, with room to spare on the right.
        let boxWidth = 44 + 7.2 * Double(longest), boxHeight = rowHeight * Double(entries.count) + 8
        func corner(_ position: LegendPosition) -> (left: Double, top: Double) {
            ((position == .topLeft || position == .bottomLeft) ? frame.left + 10 : frame.right - 10 - boxWidth,
             (position == .topLeft || position == .topRight) ? frame.top + 10 : frame.bottom - 10 - boxHeight)
        }
        var position = legendPosition
        if position == .automatic {
            // A few pixels of margin around the box: a line just outside it still looks covered.
            func covered(_ candidate: LegendPosition) -> Int {
                let (left, top) = corner(candidate)
                return pixels.count(where: { $0.x >= left - 4 && $0.x <= left + boxWidth + 4 && $0.y >= top - 4 && $0.y <= top + boxHeight + 4 })
            }
            let candidates: [LegendPosition] = [.topRight, .topLeft, .bottomRight, .bottomLeft]
            let counts = candidates.map(covered)
            position = candidates[counts.indices.min { counts[$0] < counts[$1] }!]
        }
        let (left, top) = corner(position)
        svg.open("g", [("class", "legend"), ("font-size", "12")])
        svg.element("rect", [("x", format(left)), ("y", format(top)), ("width", format(boxWidth)), ("height", format(boxHeight)),
                             ("fill", "white"), ("fill-opacity", "0.85"), ("stroke", "#999999"), ("rx", "3")])
        for (k, entry) in entries.enumerated() {
            let y = top + 4 + rowHeight * (Double(k) + 0.5)
            svg.open("g", [("class", "legend-entry")])
            switch entry.marker {
            case .point:
                svg.element("circle", [("cx", format(left + 16)), ("cy", format(y)), ("r", "4"), ("fill", entry.color.hexString)])
            case let .line(dashed):
                var attributes = [("x1", format(left + 6)), ("y1", format(y)), ("x2", format(left + 26)), ("y2", format(y)),
                                  ("stroke", entry.color.hexString), ("stroke-width", "2")]
                if dashed { attributes.append(("stroke-dasharray", "6 4")) }
                svg.element("line", attributes)
            }
            svg.element("text", [("x", format(left + 32)), ("y", format(y + 4)), ("fill", "#222222")], text: entry.name)
            svg.close()
        }
        svg.close()
    }
}
