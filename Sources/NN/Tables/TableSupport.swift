// Helpers shared by the table modules: the checks every message goes through, and buffer reuse.

extension TableModule {
    /// Makes ``tableGradInput`` a table of `count` tensors, entry `i` filled by `fill(i, &entry)`.
    /// The table's array and its tensors from the last call are reused when nobody else holds
    /// them, so a steady training step allocates nothing here.
    func fillGradInputTable(count: Int, _ fill: (Int, inout Tensor<Scalar>) -> Void) {
        tableGradInput = refilledTable(&tableGradInput, count: count, fill)
    }

    func takeOutputBuffer() -> Tensor<Scalar> {
        let buffer = tableOutput.tensor ?? Tensor()
        tableOutput = .tensor(Tensor())
        return buffer
    }

    /// The input's entries, each a tensor, all of one shape and at least `minimum` of them
    /// (exactly `exactly` when given); stops with a message naming the module otherwise.
    /// The entries of `input`, a table of at least `minimum` (or `exactly`) tensors of one shape,
    /// as they are (nothing copied), or a stop naming this module and what it got.
    func sameShapeTensors(_ input: Activation<Scalar>, minimum: Int = 1, exactly: Int? = nil) -> TableTensors<Scalar> {
        let xs = TableTensors(entries: input.table(for: tableName))
        if let exactly {
            wickPrecondition(xs.count == exactly, "\(tableName): expected a table of \(exactly) tensors, got \(input.kindDescription)")
        }
        wickPrecondition(xs.count >= minimum, "\(tableName): expected a table of at least \(minimum) tensors, got \(input.kindDescription)")
        for entry in xs.entries {
            guard case .tensor(let t) = entry else {
                wickFatalError("\(tableName): expected a table of tensors as input, got \(input.kindDescription)")
            }
            wickPrecondition(t.shape == xs[0].shape, "\(tableName): the entries must have one shape, got \(input.kindDescription)")
        }
        return xs
    }

    func tensorGradOutput(_ gradOutput: Activation<Scalar>) -> Tensor<Scalar> {
        let g = gradOutput.tensor(for: tableName, "gradOutput")
        wickPrecondition(g.shape == output.shape,
            "\(tableName): gradOutput \(formatShape(g.shape)) does not match output \(formatShape(output.shape)) of the last forward pass")
        return g
    }
}

/// `buffers[i]`, or a new empty tensor past the end.

/// `slot` made a table of `count` tensors, entry `i` filled by `fill(i, &entry)`: the array and
/// the tensors `slot` held are reused when nobody else holds them (the slot is emptied first, so
/// that they are uniquely referenced), and allocated only when the count changes.
func refilledTable<Scalar>(_ slot: inout Activation<Scalar>, count: Int,
                           _ fill: (Int, inout Tensor<Scalar>) -> Void) -> Activation<Scalar> {
    var entries = slot.entries ?? []
    slot = .tensor(Tensor())
    if entries.count != count { entries = Array(repeating: .tensor(Tensor()), count: count) }
    for i in 0..<count {
        var t = entries[i].tensor ?? Tensor()
        entries[i] = .tensor(Tensor())
        fill(i, &t)
        entries[i] = .tensor(t)
    }
    return .table(entries)
}

/// The entries of a table known to hold tensors only (``TableModule/sameShapeTensors(_:minimum:exactly:)``
/// checked it), read as tensors without copying the table.
struct TableTensors<Scalar: TensorScalar>: RandomAccessCollection {
    let entries: [Activation<Scalar>]

    var startIndex: Int { 0 }
    var endIndex: Int { entries.count }

    subscript(i: Int) -> Tensor<Scalar> {
        guard case .tensor(let t) = entries[i] else { wickFatalError("expected a tensor at entry \(i) of a table") }
        return t
    }
}

/// `dimension` of `x` under Torch7's batch rule (`JoinTable`, `SplitTable`): with `nInputDims`, a
/// non-negative `dimension` counts from the second dimension of an `x` of rank `nInputDims + 1`
/// (a batch); then resolved (negative from the end) and checked, naming `module`.
func batchRuleDimension<Scalar>(_ dimension: Int, nInputDims: Int?, of x: Tensor<Scalar>, _ module: String) -> Int {
    let batched = dimension >= 0 && nInputDims.map { x.rank == $0 + 1 } == true
    return x.resolvedDimension(batched ? dimension + 1 : dimension, module)
}
