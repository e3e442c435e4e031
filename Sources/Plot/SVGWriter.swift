/// Builds the text of an SVG document element by element; attribute values and text are
/// escaped for XML here, so no caller can produce a malformed document.
struct SVGWriter {
    private(set) var text = ""
    private var openElements: [String] = []

    /// Starts a document of the given pixel size, with a white background.
    init(width: Double, height: Double) {
        text.reserveCapacity(1 << 14)
        text += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("width", format(width)), ("height", format(height)),
                     ("viewBox", "0 0 \(format(width)) \(format(height))"), ("font-family", "Helvetica, Arial, sans-serif")])
        element("rect", [("class", "background"), ("width", "100%"), ("height", "100%"), ("fill", "white")])
    }

    /// An element without content: `<name a="v"/>`.
    mutating func element(_ name: String, _ attributes: [(String, String)]) {
        text += "<\(name)"
        appendAttributes(attributes)
        text += "/>\n"
    }

    /// An element holding escaped text: `<name a="v">content</name>`.
    mutating func element(_ name: String, _ attributes: [(String, String)], text content: String) {
        text += "<\(name)"
        appendAttributes(attributes)
        text += ">\(escapeXML(content))</\(name)>\n"
    }

    /// Opens an element that will hold others (close it with ``close()``).
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<\(name)"
        appendAttributes(attributes)
        text += ">\n"
        openElements.append(name)
    }

    /// Closes the innermost open element.
    mutating func close() {
        text += "</\(openElements.removeLast())>\n"
    }

    /// The finished document (every open element closed).
    mutating func finish() -> String {
        while !openElements.isEmpty { close() }
        return text
    }

    private mutating func appendAttributes(_ attributes: [(String, String)]) {
        for (name, value) in attributes { text += " \(name)=\"\(escapeXML(value))\"" }
    }
}

/// `text` with the five XML special characters replaced by entities, and the control characters
/// XML 1.0 forbids (all below U+0020 except tab, newline and carriage return) replaced by U+FFFD.
func escapeXML(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
        case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
            result += "\u{FFFD}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result
}

/// A coordinate for SVG: at most two decimals, no trailing zeros, never `-0`.
func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    if rounded == 0 { return "0" }
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
    return String(rounded)
}
