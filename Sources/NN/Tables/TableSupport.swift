// Helpers shared by the table modules: the checks every message goes through, and buffer reuse.

extension TableModule {
    /// The tensors of the last table input gradient, taken out so that they can be written in
    /// place (each one is reused when nobody else holds it); ``tableGradInput`` is left empty.
    func takeGradInputBuffers() -> [Tensor<Scalar>] {
        let buffers = tableGradInput.entries?.map { $0.tensor ?? Tensor() } ?? []
        tableGradInput = .tensor(Tensor())
        return buffers
    }

    /// The tensor of the last output, taken out so that it can be written in place.
    func takeOutputBuffer() -> Tensor<Scalar> {
        let buffer = tableOutput.tensor ?? Tensor()
        tableOutput = .tensor(Tensor())
        return buffer
    }

    /// The input's entries, each a tensor, all of one shape and at least `minimum` of them
    /// (exactly `exactly` when given); stops with a message naming the module otherwise.
    func sameShapeTensors(_ input: Activation<Scalar>, minimum: Int = 1, exactly: Int? = nil) -> [Tensor<Scalar>] {
        let xs = input.tensors(for: tableName)
        if let exactly {
            wickPrecondition(xs.count == exactly, "\(tableName): expected a table of \(exactly) tensors, got \(input.kindDescription)")
        }
        wickPrecondition(xs.count >= minimum, "\(tableName): expected a table of at least \(minimum) tensors, got \(input.kindDescription)")
        wickPrecondition(xs.allSatisfy { $0.shape == xs[0].shape },
            "\(tableName): the entries must have one shape, got \(input.kindDescription)")
        return xs
    }

    /// `gradOutput` as a tensor of the output's shape, or stops with a message.
    func tensorGradOutput(_ gradOutput: Activation<Scalar>) -> Tensor<Scalar> {
        let g = gradOutput.tensor(for: tableName, "gradOutput")
        wickPrecondition(g.shape == output.shape,
            "\(tableName): gradOutput \(formatShape(g.shape)) does not match output \(formatShape(output.shape)); call forward first")
        return g
    }
}

/// `buffers[i]`, or a new empty tensor past the end.
func buffer<Scalar>(_ buffers: inout [Tensor<Scalar>], _ i: Int) -> Tensor<Scalar> {
    guard i < buffers.count else { return Tensor() }
    let b = buffers[i]
    buffers[i] = Tensor()
    return b
}
