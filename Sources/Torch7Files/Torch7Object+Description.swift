extension Torch7Object: CustomStringConvertible {
    /// The object as an indented tree: ``treeDescription(elementLimit:depthLimit:)`` with its defaults.
    public var description: String { treeDescription() }

    /// The tree as indented text, for looking inside an unknown file (the `torch7-model` sample's
    /// `--inspect`): tables and class instances with their entries, tensors with their type, shape
    /// and first `elementLimit` elements, functions by their size. An object met a second time (a
    /// shared table, a cycle) is shown as a reference to the first, not expanded again.
    public func treeDescription(elementLimit: Int = 6, depthLimit: Int = 12) -> String {
        var printer = Torch7TreePrinter(elementLimit: elementLimit, depthLimit: depthLimit)
        printer.print(self, indent: "")
        return printer.text
    }
}

private struct Torch7TreePrinter {
    let elementLimit: Int
    let depthLimit: Int
    var text = ""
    private var seen: [ObjectIdentifier: Int] = [:]

    init(elementLimit: Int, depthLimit: Int) {
        self.elementLimit = elementLimit
        self.depthLimit = depthLimit
    }

    /// A label for a reference object: "#n" when first seen, nil when seen before (then `text`
    /// already holds the back reference).
    private mutating func first(_ object: AnyObject) -> String? {
        let id = ObjectIdentifier(object)
        if let n = seen[id] {
            text += "<#\(n), shown above>\n"
            return nil
        }
        seen[id] = seen.count + 1
        return "#\(seen.count)"
    }

    mutating func print(_ object: Torch7Object, indent: String) {
        switch object {
        case .nil: text += "nil\n"
        case let .boolean(b): text += "\(b)\n"
        case let .number(n): text += (n.rounded() == n && abs(n) < 1e15 ? String(Int(n)) : "\(n)") + "\n"
        case let .string(s): text += "\"\(s.count > 200 ? s.prefix(200) + "…" : Substring(s))\"\n"
        case let .function(f):
            guard let label = first(f) else { return }
            text += "function \(label) (\(f.byteCode.count) bytes of byte code)\n"
        case let .storage(s):
            guard let label = first(s) else { return }
            text += "\(s.className) \(label) of \(s.count): \(elements((0..<Swift.min(s.count, elementLimit)).map { s.data[$0] }, total: s.count))\n"
        case let .tensor(t):
            guard let label = first(t) else { return }
            let shape = t.shape.isEmpty ? "empty" : t.shape.map(String.init).joined(separator: "x")
            let values = t.count == 0 ? [] : t.offsets().prefix(elementLimit).map { t.storage!.data[$0] }
            text += "\(t.className) \(label) \(shape)" + (t.count == 0 ? "\n" : ": \(elements(values, total: t.count))\n")
        case let .table(table):
            guard let label = first(table) else { return }
            text += "table \(label) (\(table.count) entries)"
            entries(table, indent: indent)
        case let .object(o):
            guard let label = first(o) else { return }
            text += "\(o.className) \(label) (V \(o.version))"
            if let table = o.fields {
                entries(table, indent: indent)
            } else {
                text += " = "
                print(o.value, indent: indent + "  ")
            }
        }
    }

    private mutating func entries(_ table: Torch7Table, indent: String) {
        guard table.count > 0 else { text += "\n"; return }
        guard indent.count / 2 < depthLimit else { text += " {…}\n"; return }
        text += " {\n"
        for (k, v) in table.entries {
            let key: String
            switch k {
            case let .string(s): key = s
            case let .number(n): key = n.rounded() == n && abs(n) < 1e15 ? "[\(Int(n))]" : "[\(n)]"
            default: key = "[\(k.kindDescription)]"
            }
            text += indent + "  " + key + " = "
            print(v, indent: indent + "  ")
        }
        text += indent + "}\n"
    }

    private func elements(_ values: [Double], total: Int) -> String {
        // Integers as integers, other values at single precision (short, and what most files hold).
        values.map { $0.rounded() == $0 && abs($0) < 1e15 ? String(Int($0)) : "\(Float($0))" }.joined(separator: " ")
            + (total > values.count ? " …" : "")
    }
}
