/// How a value in 0...1 becomes a colour in heat maps and image grids.
public enum ColorMap: Sendable, Equatable {
    /// 0 black to 1 white.
    case grayscale
    /// 0 white to 1 black: dark strokes on paper, how digits are usually shown.
    case inverseGrayscale
    /// 0 blue through 0.5 white to 1 red: for signed values such as PCA components, centred on zero.
    case diverging
    /// 0 white to 1 dark blue: for counts, as in a confusion matrix.
    case blues

    /// The colour of `t`, clamped to 0...1.
    public func color(_ t: Double) -> Color {
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        switch self {
        case .grayscale:
            return Color(gray: t)
        case .inverseGrayscale:
            return Color(gray: 1 - t)
        case .diverging:
            let blue = Color(hex: 0x2166AC), red = Color(hex: 0xB2182B)
            return t < 0.5 ? blue.mixed(with: .white, fraction: t * 2) : Color.white.mixed(with: red, fraction: (t - 0.5) * 2)
        case .blues:
            return Color(hex: 0xF7FBFF).mixed(with: Color(hex: 0x08306B), fraction: t)
        }
    }

    /// True when text drawn on `color(t)` should be white rather than black to stay legible.
    func prefersLightText(at t: Double) -> Bool {
        let c = color(t)
        return 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue < 0.5
    }
}
