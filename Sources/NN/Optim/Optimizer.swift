/// Updates a model's flat parameters from their gradients.
///
/// Two ways to drive one, as in PyTorch and Torch7:
/// ```swift
/// let optimizer = SGD(model.getParameters(), learningRate: 0.1, momentum: 0.9)
/// // after model.backward(...):
/// optimizer.step()
/// // or with a closure that recomputes loss and gradients (Torch7's opfunc; L-BFGS needs it):
/// optimizer.step { optimizer.zeroGrad(); /* forward, backward */ return loss }
/// ```
/// A step allocates nothing: state vectors are made once, at construction.
public protocol Optimizer<Scalar>: AnyObject {
    /// `Float` or `Double`.
    associatedtype Scalar: TensorScalar
    /// The parameters being optimised.
    var parameters: FlatParameters<Scalar> { get }
    /// The base learning rate.
    var learningRate: Scalar { get set }
    /// How the learning rate changes with ``stepCount``.
    var schedule: LearningRateSchedule<Scalar> { get set }
    /// L1/L2 penalties added to the gradient.
    var regularization: Regularization<Scalar> { get set }
    /// The number of steps taken.
    var stepCount: Int { get }
    /// One update from the gradients currently in ``parameters``.
    func step()
    /// Evaluates `closure` (which must leave fresh gradients in ``parameters`` and return the
    /// loss), updates, and returns the loss at the starting point.
    @discardableResult
    func step(_ closure: () -> Scalar) -> Scalar
}

extension Optimizer {
    @discardableResult
    public func step(_ closure: () -> Scalar) -> Scalar {
        let loss = closure()
        step()
        return loss
    }

    /// Sets every gradient to zero.
    public func zeroGrad() { parameters.zeroGrad() }

    /// The learning rate the next step will use.
    public var currentLearningRate: Scalar { schedule.rate(base: learningRate, step: stepCount) }
}

/// Zeroed scalars for optimizer state.
@usableFromInline
func makeState<Scalar: TensorScalar>(_ count: Int) -> UnsafeMutablePointer<Scalar> {
    let p = UnsafeMutablePointer<Scalar>.allocate(capacity: Swift.max(count, 1))
    p.initialize(repeating: 0, count: Swift.max(count, 1))
    return p
}
