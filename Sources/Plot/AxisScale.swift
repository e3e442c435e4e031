import Foundation

/// How data values are laid out along an axis.
public enum AxisScale: Sendable, Equatable {
    /// Equal steps of value take equal space.
    case linear
    /// Equal ratios of value take equal space (base 10): for losses over epochs, or a
    /// regularisation strength λ from 1e-6 to 1e2. Values that are not positive are not drawn.
    case logarithmic

    /// The value's position on the axis before scaling to pixels (`log10` for a logarithmic axis;
    /// `nil` when it cannot be drawn).
    func transform(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case .linear: return value
        case .logarithmic: return value > 0 ? log10(value) : nil
        }
    }
}

/// Maps a data interval onto a pixel interval through an ``AxisScale``.
struct AxisMapping {
    let scale: AxisScale
    /// The data interval shown, in data units.
    let range: ClosedRange<Double>
    /// The pixel positions of `range.lowerBound` and `range.upperBound` (the second may be the
    /// smaller one, as for a y axis that grows upwards).
    let pixelStart: Double, pixelEnd: Double

    private var low: Double { scale.transform(range.lowerBound)! }
    private var high: Double { scale.transform(range.upperBound)! }

    /// The pixel position of `value`, or `nil` when it cannot be drawn (NaN, infinite, not
    /// positive on a logarithmic axis).
    func pixel(_ value: Double) -> Double? {
        guard let t = scale.transform(value) else { return nil }
        return pixelStart + (t - low) / (high - low) * (pixelEnd - pixelStart)
    }
}
