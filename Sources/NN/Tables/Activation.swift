/// What flows between modules: a tensor, or a table (Torch7's Lua table) of tensors and tables.
///
/// A plain chain of layers only ever sees ``tensor(_:)``, through the tensor methods of
/// ``Module``; the table modules (``ConcatTable``, ``CAddTable``, ``SelectTable``, ...) take or
/// give a ``table(_:)`` through ``Module/updateOutput(table:)`` and its siblings. Entries are
/// numbered from 0 (Torch7's from 1).
public enum Activation<Scalar: TensorScalar>: Equatable, CustomStringConvertible {
    /// One tensor.
    case tensor(Tensor<Scalar>)
    /// A list of tensors and tables, in order.
    case table([Activation<Scalar>])

    /// A table of the given tensors.
    public init(_ tensors: [Tensor<Scalar>]) { self = .table(tensors.map { .tensor($0) }) }

    /// The tensor, or nil for a table.
    public var tensor: Tensor<Scalar>? {
        if case .tensor(let t) = self { return t }
        return nil
    }

    /// The entries, or nil for a tensor.
    public var entries: [Activation<Scalar>]? {
        if case .table(let e) = self { return e }
        return nil
    }

    /// Every tensor, depth first (one for a tensor).
    public var tensors: [Tensor<Scalar>] {
        switch self {
        case .tensor(let t): [t]
        case .table(let e): e.flatMap(\.tensors)
        }
    }

    /// The same structure with every tensor replaced by `transform(tensor)`.
    public func map(_ transform: (Tensor<Scalar>) -> Tensor<Scalar>) -> Activation<Scalar> {
        switch self {
        case .tensor(let t): .tensor(transform(t))
        case .table(let e): .table(e.map { $0.map(transform) })
        }
    }

    /// The shapes, e.g. `2x3` for a tensor or `{2x3, {4, 4}}` for a table; for messages.
    public var shapeDescription: String {
        switch self {
        case .tensor(let t): formatShape(t.shape)
        case .table(let e): "{" + e.map(\.shapeDescription).joined(separator: ", ") + "}"
        }
    }

    /// What it is, for messages: `a tensor 2x3` or `a table of 2 {2x3, 2x3}`.
    public var kindDescription: String {
        switch self {
        case .tensor(let t): "a tensor \(formatShape(t.shape))"
        case .table(let e): "a table of \(e.count) \(shapeDescription)"
        }
    }

    public var description: String {
        switch self {
        case .tensor(let t): t.description
        case .table(let e): "{\n" + e.enumerated().map { "  [\($0.offset)] " + indentingNestedLines($0.element.description, by: "      ") }
            .joined(separator: "\n") + "\n}"
        }
    }

    /// The tensor, or stops with a message naming `module` and what it got instead.
    public func tensor(for module: @autoclosure () -> String, _ what: @autoclosure () -> String = "input") -> Tensor<Scalar> {
        guard case .tensor(let t) = self else {
            wickFatalError("\(module()): expected a tensor as \(what()), got \(kindDescription)")
        }
        return t
    }

    /// The entries, or stops with a message naming `module` and what it got instead.
    public func table(for module: @autoclosure () -> String, _ what: @autoclosure () -> String = "input") -> [Activation<Scalar>] {
        guard case .table(let e) = self else {
            wickFatalError("\(module()): expected a table as \(what()), got \(kindDescription)")
        }
        return e
    }

    /// The entries, each a tensor, or stops with a message naming `module` and what it got.
    public func tensors(for module: @autoclosure () -> String, _ what: @autoclosure () -> String = "input") -> [Tensor<Scalar>] {
        let e = table(for: module(), what())
        return e.map { entry in
            guard case .tensor(let t) = entry else {
                wickFatalError("\(module()): expected a table of tensors as \(what()), got \(kindDescription)")
            }
            return t
        }
    }

    /// A structure like this one with zeros everywhere (Torch7's `nn.utils` zero-table copy).
    public var zerosLike: Activation<Scalar> { map { Tensor.zeros(shape: $0.shape) } }

    /// The element-wise sum of two activations of the same structure and shapes.
    static func sum(_ a: Activation, _ b: Activation, _ module: String) -> Activation {
        switch (a, b) {
        case (.tensor(var x), .tensor(let y)):
            wickPrecondition(x.shape == y.shape,
                "\(module): cannot add input gradients \(formatShape(x.shape)) and \(formatShape(y.shape))")
            accumulate(y, into: &x)
            return .tensor(x)
        case (.table(let x), .table(let y)) where x.count == y.count:
            return .table(zip(x, y).map { sum($0, $1, module) })
        default:
            wickFatalError("\(module): cannot add input gradients \(a.shapeDescription) and \(b.shapeDescription)")
        }
    }

    /// Whether both have the same structure and shapes.
    func hasSameShapes(as other: Activation) -> Bool {
        switch (self, other) {
        case (.tensor(let x), .tensor(let y)): x.shape == y.shape
        case (.table(let x), .table(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.hasSameShapes(as: $1) }
        default: false
        }
    }
}

extension Module {
    /// The module's name for messages: the first line of its description, without ` {`.
    var tableName: String {
        let first = description.prefix { $0 != "\n" }
        return first.hasSuffix(" {") ? String(first.dropLast(2)) : String(first)
    }

    /// Stops unless `gradOutput` has the structure and shapes of the last output.
    func checkTableGradOutput(_ gradOutput: Activation<Scalar>) {
        wickPrecondition(gradOutput.hasSameShapes(as: tableOutput),
            "\(tableName): gradOutput \(gradOutput.shapeDescription) does not match output \(tableOutput.shapeDescription) of the last forward pass")
    }
}
