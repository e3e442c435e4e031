/// A module that takes or gives a table (Torch7's table modules: `nn.ConcatTable`,
/// `nn.CAddTable`, `nn.SelectTable`, ...).
///
/// It implements the table methods of ``Module`` (``Module/updateOutput(table:)``,
/// ``Module/updateGradInput(table:_:)``, ``Module/accGradParameters(table:_:scale:)``) and keeps
/// its results in ``tableOutput`` and ``tableGradInput``; the tensor methods and properties come
/// from this protocol. They work when the module's input and output are tensors (a `JoinTable`'s
/// output, a `ConcatTable`'s input); otherwise they stop with a message naming the module and
/// what it got. Inside a ``Sequential``, whose table path hands each child what the previous one
/// gave, tables flow between modules and the block takes and gives tensors:
///
/// ```swift
/// let block = Sequential<Float> {
///     ConcatTable { Linear(4, 4); Identity() }  // a tensor in, a table of two out
///     CAddTable()                               // a table of two in, their sum out
/// }
/// ```
public protocol TableModule<Scalar>: Module {
    /// The result of the last forward pass.
    var tableOutput: Activation<Scalar> { get set }
    /// The input gradient from the last backward pass.
    var tableGradInput: Activation<Scalar> { get set }
}

extension TableModule {
    public var usesTables: Bool { true }

    /// The ``tableOutput`` when it is a tensor, else an empty tensor.
    public var output: Tensor<Scalar> {
        get { tableOutput.tensor ?? Tensor() }
        set { tableOutput = .tensor(newValue) }
    }

    /// The ``tableGradInput`` when it is a tensor, else an empty tensor.
    public var gradInput: Tensor<Scalar> {
        get { tableGradInput.tensor ?? Tensor() }
        set { tableGradInput = .tensor(newValue) }
    }

    public func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        updateOutput(table: .tensor(input)).tensor(for: tableName, "output (use forward(table:) for a table)")
    }

    public func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        updateGradInput(table: .tensor(input), .tensor(gradOutput))
            .tensor(for: tableName, "input gradient (use backward(table:_:) for a table)")
    }

    public func accGradParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) {
        accGradParameters(table: .tensor(input), .tensor(gradOutput), scale: scale)
    }

    public func accGradParameters(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) {}

    public func backward(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) -> Activation<Scalar> {
        let result = updateGradInput(table: input, gradOutput)
        accGradParameters(table: input, gradOutput, scale: scale)
        return result
    }

    public func clearState() {
        tableOutput = .tensor(Tensor())
        tableGradInput = .tensor(Tensor())
        for c in children { c.clearState() }
    }
}

/// Torch7's layout for the table containers (`nn.ConcatTable`, `nn.ParallelTable`): one branch
/// per child, the last one drawn with `` `-> ``.
func tableContainerDescription<Scalar>(_ name: String, _ modules: [any Module<Scalar>]) -> String {
    var lines = ["\(name) {", "  input"]
    for (i, m) in modules.enumerated() {
        let last = i == modules.count - 1
        lines.append((last ? "     `-> " : "    |`-> ") + "(\(i + 1)): "
            + indentingNestedLines(m.description, by: last ? "         " : "    |    "))
    }
    lines.append("     ... -> output")
    lines.append("}")
    return lines.joined(separator: "\n")
}
