/// Small images side by side in a grid: digits, learned filters, PCA components; rendered as SVG,
/// one square per pixel.
///
/// ```swift
/// let grid = ImageGrid(images: (0..<20).map { images.row($0).scalars }, imageWidth: 8, imageHeight: 8,
///                      columns: 10, captions: labels.prefix(20).map(String.init))
/// try grid.write(to: URL(fileURLWithPath: "digits.svg"))
/// ```
public struct ImageGrid: SVGRenderable, Sendable {
    /// Which values map to the ends of the colour map.
    public enum Scaling: Sendable, Equatable {
        /// Each image from its own smallest to its largest value.
        case perImage
        /// All images from the smallest to the largest value of any of them.
        case shared
        /// A fixed interval (values outside are clamped), e.g. `0...16` for the digits.
        case fixed(ClosedRange<Double>)
    }

    /// The images, each `imageWidth * imageHeight` values, row by row from the top.
    public var images: [[Double]]
    /// Pixels per image row.
    public var imageWidth: Int
    /// Rows per image.
    public var imageHeight: Int
    /// Images per grid row.
    public var columns: Int
    /// A caption under each image (a label, a prediction), or `nil` for none.
    public var captions: [String]?
    /// The title above the grid (empty for none).
    public var title: String
    /// The colours. With ``ColorMap/diverging``, zero is always white and the scale is symmetric.
    public var colorMap: ColorMap
    /// Which values map to the ends of the colour map.
    public var scaling: Scaling
    /// The side of one pixel's square, in SVG pixels.
    public var pixelSize: Double

    /// A grid of `images`; `columns` defaults to at most ten per row.
    public init(
        images: [[Double]], imageWidth: Int, imageHeight: Int, columns: Int? = nil, captions: [String]? = nil,
        title: String = "", colorMap: ColorMap = .inverseGrayscale, scaling: Scaling = .shared, pixelSize: Double = 6
    ) {
        self.images = images
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.columns = columns ?? max(1, min(images.count, 10))
        self.captions = captions
        self.title = title
        self.colorMap = colorMap
        self.scaling = scaling
        self.pixelSize = pixelSize
    }

    /// The grid as an SVG document.
    ///
    /// - Throws: ``PlotError/invalidImage(index:reason:)`` when there are no images or one has the
    ///   wrong number of pixels, ``PlotError/lengthMismatch(what:expected:found:)`` when the
    ///   captions do not match the images.
    public func svg() throws -> String {
        guard imageWidth > 0, imageHeight > 0 else {
            throw PlotError.invalidImage(index: 0, reason: "the image size \(imageWidth)x\(imageHeight) is empty")
        }
        guard !images.isEmpty else { throw PlotError.invalidImage(index: 0, reason: "there are no images") }
        let pixels = imageWidth * imageHeight
        if let bad = images.firstIndex(where: { $0.count != pixels }) {
            throw PlotError.invalidImage(index: bad, reason: "has \(images[bad].count) pixels, \(imageWidth)x\(imageHeight) needs \(pixels)")
        }
        if let captions, captions.count != images.count {
            throw PlotError.lengthMismatch(what: "image captions", expected: images.count, found: captions.count)
        }
        let perRow = max(1, columns)
        let rows = (images.count + perRow - 1) / perRow
        let gap = 8.0, captionHeight = captions == nil ? 0.0 : 15.0, titleHeight = title.isEmpty ? 0.0 : 30.0
        let cellWidth = Double(imageWidth) * pixelSize, cellHeight = Double(imageHeight) * pixelSize
        let width = gap + Double(perRow) * (cellWidth + gap)
        let height = titleHeight + gap + Double(rows) * (cellHeight + captionHeight + gap)

        var svg = SVGWriter(width: width, height: height)
        if !title.isEmpty {
            svg.element("text", [("class", "title"), ("x", format(width / 2)), ("y", "21"), ("text-anchor", "middle"),
                                 ("font-size", "15"), ("font-weight", "bold")], text: title)
        }
        let shared = Self.extent(images.flatMap { $0 })
        for (index, image) in images.enumerated() {
            let left = gap + Double(index % perRow) * (cellWidth + gap)
            let top = titleHeight + gap + Double(index / perRow) * (cellHeight + captionHeight + gap)
            let (low, high): (Double, Double)
            switch scaling {
            case .perImage: (low, high) = Self.extent(image)
            case .shared: (low, high) = shared
            case let .fixed(range): (low, high) = (range.lowerBound, range.upperBound)
            }
            svg.open("g", [("class", "image"), ("shape-rendering", "crispEdges")])
            for r in 0..<imageHeight {
                for c in 0..<imageWidth {
                    let t = intensity(image[r * imageWidth + c], low: low, high: high)
                    svg.element("rect", [("class", "pixel"), ("x", format(left + Double(c) * pixelSize)),
                                         ("y", format(top + Double(r) * pixelSize)), ("width", format(pixelSize)),
                                         ("height", format(pixelSize)), ("fill", colorMap.color(t).hexString)])
                }
            }
            svg.element("rect", [("class", "image-frame"), ("x", format(left)), ("y", format(top)), ("width", format(cellWidth)),
                                 ("height", format(cellHeight)), ("fill", "none"), ("stroke", "#bbbbbb"), ("stroke-width", "0.5")])
            if let captions {
                svg.element("text", [("class", "caption"), ("x", format(left + cellWidth / 2)), ("y", format(top + cellHeight + 12)),
                                     ("text-anchor", "middle"), ("font-size", "11")], text: captions[index])
            }
            svg.close()
        }
        return svg.finish()
    }

    /// Where `value` falls on the colour map, 0...1 (NaN for a NaN pixel, drawn as 0).
    func intensity(_ value: Double, low: Double, high: Double) -> Double {
        if colorMap == .diverging {
            let bound = max(abs(low), abs(high))
            return bound > 0 ? 0.5 + value / (2 * bound) : 0.5
        }
        return high > low ? (value - low) / (high - low) : 0
    }

    /// The smallest and largest finite values (0, 0 when there are none).
    static func extent(_ values: [Double]) -> (Double, Double) {
        var low = Double.infinity, high = -Double.infinity
        for v in values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        return low <= high ? (low, high) : (0, 0)
    }
}
