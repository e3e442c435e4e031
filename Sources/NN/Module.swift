/// A building block of a network, with Torch7's `nn.Module` contract.
///
/// A module turns an input into ``output`` (``updateOutput(_:)``), and given the gradient of the
/// loss with respect to that output, computes the gradient with respect to its input
/// (``updateGradInput(_:_:)``) and adds the gradient with respect to its own parameters into their
/// `grad` buffers (``accGradParameters(_:_:scale:)``).
///
/// The rules, as in Torch7, with two fixes:
/// - `backward(input, gradOutput)` assumes `forward(input)` was the last call, on the same input.
/// - Parameter gradients **accumulate** over `backward` calls until ``zeroGradParameters()``.
/// - Shapes: a batch is a tensor whose **first dimension is the batch** (`N x features`,
///   `N x C x H x W`); a sample is the same without it (`features`, `C x H x W`). Element-wise
///   modules (`Tanh`, `ReLU`, `Dropout`, ...) take any shape; `Linear` takes `features` or
///   `N x features`; `Reshape`/`View` move between ranks with Torch7's batch rules. Each module
///   says what it takes, and stops with a message naming itself and both shapes otherwise.
/// - Tables (Torch7's Lua tables of tensors) are ``Activation``s and go through
///   ``updateOutput(table:)`` and its siblings; a tensor module gets those from defaults that
///   unwrap a tensor, and the table modules (``TableModule``: ``ConcatTable``, ``CAddTable``, ...)
///   implement them. A ``Sequential`` holding a table module passes tables between its children
///   and still takes and gives tensors, so a residual block is a module like any other.
/// - Every kind of module is listed in ``ModuleRegistry`` (``SerializableModule``): the model file
///   reader and writer, and the test suite, go through it.
/// - Unlike Torch7, gradient buffers start at zero, and the `output` a call returns is a value:
///   a later `forward` never changes a tensor you kept (the module writes into its buffer in place
///   only when nobody else holds it, so a training loop still allocates nothing).
public protocol Module<Scalar>: AnyObject, CustomStringConvertible {
    /// `Float` or `Double`.
    associatedtype Scalar: TensorScalar

    /// The result of the last ``forward(_:)``.
    var output: Tensor<Scalar> { get set }
    /// The gradient with respect to the input, from the last ``backward(_:_:scale:)``.
    var gradInput: Tensor<Scalar> { get set }
    /// True in training mode (the default), false after ``evaluate()``; changes what `Dropout` does.
    var isTraining: Bool { get set }

    /// Computes ``output`` from `input` and returns it.
    func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar>
    /// Computes the input gradient and accumulates the parameter gradients, scaled by `scale`.
    func backward(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) -> Tensor<Scalar>
    /// Accumulates the parameter gradients like ``backward(_:_:scale:)`` but does not compute
    /// the gradient with respect to the input, for when nothing upstream needs it (the input is
    /// data). A `Linear` first layer then saves one of its three GEMMs; the ``Trainer`` uses this.
    func backwardParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar)
    /// The forward computation proper (``forward(_:)`` calls it).
    func updateOutput(_ input: Tensor<Scalar>) -> Tensor<Scalar>
    /// Computes ``gradInput``, the gradient of the loss with respect to `input`.
    func updateGradInput(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar>
    /// Adds `scale` times the gradient with respect to each parameter into its `grad`.
    func accGradParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar)
    /// Sets every parameter gradient to zero.
    func zeroGradParameters()
    /// Plain gradient descent on every parameter: `value ← value − learningRate · grad`.
    func updateParameters(learningRate: Scalar)
    /// The learnable parameters of this module and every module inside it, each with its value
    /// and gradient, in a fixed order: a layer's weight before its bias, children in order.
    func parameters() -> [Parameter<Scalar>]
    /// The modules directly inside this one (empty for a layer).
    var children: [any Module<Scalar>] { get }
    /// Training mode (containers recurse).
    func training()
    /// Evaluation mode (containers recurse).
    func evaluate()
    /// Draws fresh initial parameters (containers recurse).
    func reset()
    /// Frees the intermediate buffers (`output`, `gradInput`, masks); they are re-created by the
    /// next call. Use before saving a model, as in Torch7.
    func clearState()

    // Tables (Torch7's Lua tables of tensors). A tensor-to-tensor module gets all of these from
    // the defaults below, which unwrap a tensor and call the tensor methods; the table modules
    // (``TableModule``) and the containers that hold them implement them.

    /// True when the module takes or gives a table, or holds a module that does: a
    /// ``Sequential`` then runs its children through ``updateOutput(table:)`` and its siblings.
    /// False (the default) for a tensor-to-tensor module.
    var usesTables: Bool { get }
    /// The result of the last forward pass, as a tensor or a table (``output`` for a tensor).
    var tableOutput: Activation<Scalar> { get }
    /// The gradient with respect to the input from the last backward pass, as a tensor or a table.
    var tableGradInput: Activation<Scalar> { get }
    /// ``updateOutput(_:)`` on a tensor or a table; a tensor module stops on a table with a
    /// message naming itself and what it got.
    func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar>
    /// ``updateGradInput(_:_:)`` on a tensor or a table.
    func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar>
    /// ``accGradParameters(_:_:scale:)`` on a tensor or a table.
    func accGradParameters(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar)
    /// ``backward(_:_:scale:)`` on a tensor or a table.
    func backward(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) -> Activation<Scalar>
}

extension Module {
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        updateOutput(input)
    }

    public func backward(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) -> Tensor<Scalar> {
        let result = updateGradInput(input, gradOutput)
        accGradParameters(input, gradOutput, scale: scale)
        return result
    }

    public func backwardParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) {
        if children.isEmpty {
            accGradParameters(input, gradOutput, scale: scale)
        } else {
            _ = backward(input, gradOutput, scale: scale)
        }
    }

    /// ``backward(_:_:scale:)`` with scale 1.
    @discardableResult
    public func backward(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>) -> Tensor<Scalar> {
        backward(input, gradOutput, scale: 1)
    }

    /// `model(x)` is `model.forward(x)`.
    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        forward(input)
    }

    public func accGradParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, scale: Scalar) {}

    public func parameters() -> [Parameter<Scalar>] { children.flatMap { $0.parameters() } }

    public var children: [any Module<Scalar>] { [] }

    // A layer owns parameters and has no children; a container owns none and recurses. Walking
    // this way (not through parameters(), which builds an array) keeps a training step free of
    // allocations.
    public func zeroGradParameters() {
        if children.isEmpty {
            for p in parameters() { p.zeroGrad() }
        } else {
            for c in children { c.zeroGradParameters() }
        }
    }

    public func updateParameters(learningRate: Scalar) {
        if children.isEmpty {
            for p in parameters() { p.descend(learningRate: learningRate) }
        } else {
            for c in children { c.updateParameters(learningRate: learningRate) }
        }
    }

    public func training() {
        isTraining = true
        for c in children { c.training() }
    }

    public func evaluate() {
        isTraining = false
        for c in children { c.evaluate() }
    }

    public func reset() {
        for c in children { c.reset() }
    }

    public func clearState() {
        output = Tensor()
        gradInput = Tensor()
        for c in children { c.clearState() }
    }

    /// Updates the parameters with the gradient of this one call only, leaving the accumulated
    /// gradients as they were (Torch7's `accUpdateGradParameters`).
    public func accUpdateGradParameters(_ input: Tensor<Scalar>, _ gradOutput: Tensor<Scalar>, learningRate: Scalar) {
        let all = parameters()
        let saved = all.map(\.grad)
        for p in all { p.zeroGrad() }
        accGradParameters(input, gradOutput, scale: 1)
        for (p, g) in zip(all, saved) {
            p.descend(learningRate: learningRate)
            p.grad = g
        }
    }

    public var usesTables: Bool { false }

    public var tableOutput: Activation<Scalar> { .tensor(output) }

    public var tableGradInput: Activation<Scalar> { .tensor(gradInput) }

    public func updateOutput(table input: Activation<Scalar>) -> Activation<Scalar> {
        .tensor(updateOutput(input.tensor(for: tableName)))
    }

    public func updateGradInput(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        .tensor(updateGradInput(input.tensor(for: tableName), gradOutput.tensor(for: tableName, "gradOutput")))
    }

    public func accGradParameters(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) {
        accGradParameters(input.tensor(for: tableName), gradOutput.tensor(for: tableName, "gradOutput"), scale: scale)
    }

    public func backward(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>, scale: Scalar) -> Activation<Scalar> {
        .tensor(backward(input.tensor(for: tableName), gradOutput.tensor(for: tableName, "gradOutput"), scale: scale))
    }

    /// Computes the output of a tensor or a table and returns it (``updateOutput(table:)``).
    @discardableResult
    public func forward(table input: Activation<Scalar>) -> Activation<Scalar> { updateOutput(table: input) }

    /// ``backward(table:_:scale:)`` with scale 1.
    @discardableResult
    public func backward(table input: Activation<Scalar>, _ gradOutput: Activation<Scalar>) -> Activation<Scalar> {
        backward(table: input, gradOutput, scale: 1)
    }

    /// Calls `body` on this module and then on every module inside it, depth first, parents
    /// before their children, in order (Torch7's `model:apply(f)`).
    ///
    /// ```swift
    /// model.apply { m in if let linear = m as? Linear<Float> { linear.reset() } }
    /// var count = 0
    /// model.apply { _ in count += 1 }   // the model and every module inside it
    /// ```
    public func apply(_ body: (any Module<Scalar>) throws -> Void) rethrows {
        try body(self)
        for c in children { try c.apply(body) }
    }

    /// The number of learnable scalars in this module and all modules inside it.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }
}
