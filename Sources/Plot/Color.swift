/// An sRGB colour, written into SVG as `#rrggbb`.
public struct Color: Sendable, Equatable, Hashable {
    /// Red, 0...1.
    public var red: Double
    /// Green, 0...1.
    public var green: Double
    /// Blue, 0...1.
    public var blue: Double

    /// A colour from components in 0...1 (values outside are clamped when written).
    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from a 24-bit `0xRRGGBB` value.
    public init(hex: UInt32) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255, blue: Double(hex & 0xFF) / 255)
    }

    /// A gray level: 0 black, 1 white.
    public init(gray: Double) {
        self.init(red: gray, green: gray, blue: gray)
    }

    /// The `#rrggbb` form used in SVG attributes.
    public var hexString: String {
        func byte(_ v: Double) -> String {
            let b = Int((min(max(v, 0), 1) * 255).rounded())
            return (b < 16 ? "0" : "") + String(b, radix: 16)
        }
        return "#" + byte(red) + byte(green) + byte(blue)
    }

    /// This colour mixed with `other`: `fraction` 0 is this colour, 1 is `other`.
    public func mixed(with other: Color, fraction: Double) -> Color {
        Color(red: red + (other.red - red) * fraction, green: green + (other.green - green) * fraction,
              blue: blue + (other.blue - blue) * fraction)
    }

    /// White.
    public static let white = Color(gray: 1)
    /// Black.
    public static let black = Color(gray: 0)

    /// Ten well-separated colours for classes and series, used in order and then repeated.
    public static let categorical: [Color] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { Color(hex: $0) }

    /// The colour of class (or series) `index`: ``categorical`` in order, repeating after ten.
    public static func category(_ index: Int) -> Color {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }
}
