/// A loss function, with Torch7's `nn.Criterion` contract.
///
/// `forward(input, target)` returns the loss; `backward(input, target)` returns its gradient with
/// respect to `input`. With ``sizeAverage`` (the default, as in Torch7) the loss is averaged over
/// the elements or samples instead of summed.
///
/// Class targets are **0-based** `Int`s (Torch7's are 1-based): a single `Int` for one sample, or
/// `[Int]` with one class per row of a batch.
public protocol Criterion<Scalar, Target>: AnyObject, CustomStringConvertible {
    /// `Float` or `Double`.
    associatedtype Scalar: TensorScalar
    /// What the input is compared with: a tensor, or class indices.
    associatedtype Target

    /// The loss from the last `forward(_:_:)`.
    var output: Scalar { get }
    /// The gradient from the last `backward(_:_:)`.
    var gradInput: Tensor<Scalar> { get }
    /// Average (true, the default) rather than sum over elements or samples.
    var sizeAverage: Bool { get set }

    /// Computes the loss.
    func updateOutput(_ input: Tensor<Scalar>, _ target: Target) -> Scalar
    /// Computes the gradient of the loss with respect to `input`.
    func updateGradInput(_ input: Tensor<Scalar>, _ target: Target) -> Tensor<Scalar>
}

extension Criterion {
    /// The loss of `input` against `target`.
    @discardableResult
    public func forward(_ input: Tensor<Scalar>, _ target: Target) -> Scalar { updateOutput(input, target) }
    /// The gradient of the loss with respect to `input`.
    public func backward(_ input: Tensor<Scalar>, _ target: Target) -> Tensor<Scalar> { updateGradInput(input, target) }
    /// `criterion(input, target)` is `criterion.forward(input, target)`.
    public func callAsFunction(_ input: Tensor<Scalar>, _ target: Target) -> Scalar { forward(input, target) }

    /// Stops unless `input` and `target` have the same shape.
    @inlinable
    func checkSameShape(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>) {
        wickPrecondition(input.shape == target.shape,
            "\(description): input \(formatShape(input.shape)) and target \(formatShape(target.shape)) do not match")
    }
}

extension Criterion where Target == Tensor<Scalar> {
    /// `Σᵢ loss(xᵢ, yᵢ)` over all elements, divided by their number with ``sizeAverage``: the
    /// forward pass of every element-wise criterion (MSE, Abs, SmoothL1, Margin).
    @inlinable
    func elementwiseLoss(_ input: Tensor<Scalar>, _ target: Tensor<Scalar>, _ loss: (Scalar, Scalar) -> Scalar) -> Scalar {
        checkSameShape(input, target)
        var total: Scalar = 0
        input.withUnsafeBufferPointer { x in
            target.withUnsafeBufferPointer { y in
                for i in x.indices { total += loss(x[i], y[i]) }
            }
        }
        return sizeAverage ? total / Scalar(Swift.max(input.count, 1)) : total
    }

    /// `gradient[i] = scale · derivative(xᵢ, yᵢ)`, where `scale` is 1 over the number of elements
    /// with ``sizeAverage`` and 1 without: the backward pass of the element-wise criteria.
    @inlinable
    func elementwiseGradient(
        into gradient: inout Tensor<Scalar>, _ input: Tensor<Scalar>, _ target: Tensor<Scalar>,
        _ derivative: (Scalar, Scalar) -> Scalar
    ) {
        checkSameShape(input, target)
        let scale: Scalar = sizeAverage ? 1 / Scalar(Swift.max(input.count, 1)) : 1
        gradient.assign(input, target) { x, y in scale * derivative(x, y) }
    }
}

extension Criterion where Target == [Int] {
    /// The loss of one sample against its 0-based class.
    @discardableResult
    public func forward(_ input: Tensor<Scalar>, _ target: Int) -> Scalar { updateOutput(input, [target]) }
    /// The gradient for one sample against its 0-based class.
    public func backward(_ input: Tensor<Scalar>, _ target: Int) -> Tensor<Scalar> { updateGradInput(input, [target]) }

    /// Checks a sample (`classes`) or batch (`N x classes`) against its targets and returns
    /// (rows, classes).
    @inlinable
    func checkClassTargets(_ input: Tensor<Scalar>, _ target: [Int]) -> (rows: Int, classes: Int) {
        wickPrecondition(input.rank == 1 || input.rank == 2,
            "\(description): expected scores for one sample (classes) or a batch (N x classes), got \(formatShape(input.shape))")
        let rows = input.rank == 1 ? 1 : input.shape[0], classes = input.shape[input.rank - 1]
        wickPrecondition(target.count == rows,
            "\(description): input \(formatShape(input.shape)) has \(rows) samples but there are \(target.count) targets")
        return (rows, classes)
    }

    /// The factor the class criteria's gradients are scaled by: 1 over the summed weights of the
    /// targets with ``sizeAverage`` (1 when they sum to zero), else 1.
    @inlinable
    func gradientScale(_ target: [Int], classes: Int, weight: (Int, Int) -> Scalar) -> Scalar {
        var totalWeight: Scalar = 0
        for t in target { totalWeight += weight(t, classes) }  // also checks every target
        return sizeAverage && totalWeight > 0 ? 1 / totalWeight : 1
    }

    /// Stops with a clear message for a class index out of range.
    @inlinable
    func checkClass(_ t: Int, _ classes: Int) {
        wickPrecondition(t >= 0 && t < classes,
            "\(description): target \(t) out of range for \(classes) classes (targets are 0-based: 0..<\(classes))")
    }
}
