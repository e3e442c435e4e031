/// What can go wrong when a plot is rendered or written.
///
/// The `add…` methods of ``Chart`` only record their data; it is checked when the plot is
/// rendered (``SVGRenderable/svg()``, ``SVGRenderable/write(to:)``), and the first problem is
/// thrown as one of these, naming the series or image concerned.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two arrays that go together have different lengths (`x` and `y` of a series, the points and
    /// their classes, captions and images…).
    case lengthMismatch(what: String, expected: Int, found: Int)
    /// A class index that is negative. `index` is the point's position in its series.
    case invalidClass(what: String, index: Int, value: Int)
    /// A decision-region grid that is empty or ragged, or whose range is not a proper interval.
    case invalidGrid(reason: String)
    /// An image whose pixels do not fill its declared size, or an image grid without images.
    case invalidImage(index: Int, reason: String)
    /// A confusion matrix that is empty, not square, or holds negative counts.
    case invalidMatrix(reason: String)
    /// An axis range that is empty, not finite, or not positive on a logarithmic axis.
    case invalidRange(axis: String, reason: String)
    /// The file could not be written.
    case unwritableFile(path: String, reason: String)

    /// A one-line explanation naming the series, image or axis concerned.
    public var description: String {
        switch self {
        case let .lengthMismatch(what, expected, found):
            return "\(what): expected \(expected) values, got \(found)"
        case let .invalidClass(what, index, value):
            return "\(what): class \(value) at index \(index) is negative"
        case let .invalidGrid(reason):
            return "decision regions: \(reason)"
        case let .invalidImage(index, reason):
            return "image \(index): \(reason)"
        case let .invalidMatrix(reason):
            return "confusion matrix: \(reason)"
        case let .invalidRange(axis, reason):
            return "\(axis) axis: \(reason)"
        case let .unwritableFile(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
