import Foundation

/// Tick positions and labels at "nice" values (1, 2, 2.5 or 5 times a power of ten), and the
/// automatic axis ranges around the data.
enum Ticks {
    /// About `target` ticks covering `range`, at multiples of a nice step; all inside `range`.
    static func linear(_ range: ClosedRange<Double>, target: Int = 6) -> (values: [Double], step: Double) {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return ([range.lowerBound], 1) }
        let step = niceStep(for: range, target: max(target, 2))
        let first = (range.lowerBound / step).rounded(.up)
        let last = (range.upperBound / step).rounded(.down)
        guard first <= last else { return ([], step) }
        let values = stride(from: first, through: last, by: 1).map { k -> Double in
            let v = k * step
            return abs(v) < step * 1e-9 ? 0 : v  // no "-0" or "1e-17" for zero
        }
        return (values, step)
    }

    /// The multiples of `step` inside `range`.
    static func linear(_ range: ClosedRange<Double>, step: Double) -> [Double] {
        let first = (range.lowerBound / step).rounded(.up), last = (range.upperBound / step).rounded(.down)
        guard first <= last else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 * step == 0 ? 0 : $0 * step }
    }

    /// Of the steps 1, 2, 2.5, 5 and 10 times the power of ten just below `span / target`, the
    /// one whose number of ticks inside `range` is closest to `target` (the larger step on a tie).
    static func niceStep(for range: ClosedRange<Double>, target: Int) -> Double {
        let rough = (range.upperBound - range.lowerBound) / Double(target)
        let magnitude = pow(10, log10(rough).rounded(.down))
        var best = 10 * magnitude, bestDistance = Int.max
        for multiple in [10, 5, 2.5, 2, 1] {
            let step = multiple * magnitude
            let count = Int((range.upperBound / step).rounded(.down) - (range.lowerBound / step).rounded(.up)) + 1
            if abs(count - target) < bestDistance {
                best = step
                bestDistance = abs(count - target)
            }
        }
        return best
    }

    /// Ticks of a logarithmic axis over `range` (positive): every power of ten inside it, so that
    /// each decade is labelled (up to 13 of them; on a wider axis every second, third... power, to
    /// keep the labels apart), or 1-2-5 multiples when fewer than two powers fall inside, or linear
    /// ticks on a very narrow range.
    static func logarithmic(_ range: ClosedRange<Double>) -> [Double] {
        let low = log10(range.lowerBound), high = log10(range.upperBound)
        let first = Int((low - 1e-9).rounded(.up))
        let last = Int((high + 1e-9).rounded(.down))
        if last - first >= 1 {
            let every = max(1, Int((Double(last - first + 1) / 13).rounded(.up)))
            return stride(from: first, through: last, by: every).map { pow(10, Double($0)) }
        }
        var values = [Double]()
        for exponent in Int(low.rounded(.down))...Int(high.rounded(.up)) {
            for mantissa in [1.0, 2, 5] {
                let v = mantissa * pow(10, Double(exponent))
                if v >= range.lowerBound * (1 - 1e-12) && v <= range.upperBound * (1 + 1e-12) { values.append(v) }
            }
        }
        return values.count >= 2 ? values : linear(range, target: 4).values
    }

    /// A tick label for `value` on an axis whose ticks are `step` apart: as many decimals as the
    /// step needs, or scientific notation for very large or small magnitudes.
    static func label(_ value: Double, step: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e6 || (magnitude < 1e-4 && value != 0) || step < 1e-5 {
            return scientific(value)
        }
        var decimals = max(0, -Int(log10(step).rounded(.down)))
        // 2.5 × 10^k needs one more decimal than its power of ten.
        let digits = step / pow(10, log10(step).rounded(.down))
        if abs(digits - 2.5) < 1e-9 { decimals += 1 }
        return String(format: "%.\(min(decimals, 10))f", value)
    }

    /// A label for a tick of a logarithmic axis: plain for 0.001...100000, `1e-6` style outside.
    static func logLabel(_ value: Double) -> String {
        if value >= 1e-3 && value <= 1e5 {
            let decimals = max(0, -Int(log10(value).rounded(.down)))
            return String(format: "%.\(decimals)f", value)
        }
        return scientific(value)
    }

    /// `1.5e-07` → `1.5e-7`: `%g` without a leading `+` or zeros in the exponent.
    static func scientific(_ value: Double) -> String {
        if value == 0 { return "0" }
        let text = String(format: "%.3g", value)
        guard let e = text.firstIndex(of: "e") else { return text }
        let mantissa = text[..<e]
        var exponent = Int(text[text.index(after: e)...]) ?? 0
        if exponent == 0 { return String(mantissa) }
        let sign = exponent < 0 ? "-" : ""
        exponent = abs(exponent)
        return "\(mantissa)e\(sign)\(exponent)"
    }

    /// The range an axis shows for data spanning `low...high`: 5% wider on each side (in log
    /// space for a logarithmic axis), and a unit (or decade) wide when the data is one value.
    static func paddedRange(low: Double, high: Double, scale: AxisScale) -> ClosedRange<Double> {
        switch scale {
        case .linear:
            if low == high { return (low - 1)...(high + 1) }
            let pad = (high - low) * 0.05
            return (low - pad)...(high + pad)
        case .logarithmic:
            let a = log10(low), b = log10(high)
            if a == b { return pow(10, a - 0.5)...pow(10, b + 0.5) }
            let pad = (b - a) * 0.05
            return pow(10, a - pad)...pow(10, b + pad)
        }
    }
}
