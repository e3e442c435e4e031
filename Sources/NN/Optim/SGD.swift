/// Stochastic gradient descent with Torch7's options and update order (`optim.sgd`).
///
/// With gradient `g` (plus any regularization) and velocity `v`:
/// `v ← g` on the first step, then `v ← momentum·v + (1 − dampening)·g`;
/// the step direction is `g + momentum·v` with Nesterov, else `v`;
/// `x ← x − lr_t · direction`, where `lr_t` follows the ``schedule`` (Torch7's
/// `learningRateDecay` is `.inverseTime`).
///
/// As in Torch7, `dampening` defaults to `momentum` (PyTorch's default is 0: pass
/// `dampening: 0` for PyTorch's behaviour).
public final class SGD<Scalar: TensorScalar>: Optimizer {
    public let parameters: FlatParameters<Scalar>
    public var learningRate: Scalar
    public var schedule: LearningRateSchedule<Scalar>
    public var regularization: Regularization<Scalar>
    /// The velocity's decay, the damping of the gradient added to it, and whether the step looks
    /// ahead with Nesterov momentum.
    public let momentum: Scalar, dampening: Scalar, nesterov: Bool
    @exclusivity(unchecked) public private(set) var stepCount = 0
    private let velocity: ParameterBuffer<Scalar>

    /// SGD on `parameters`. A nonzero `learningRateDecay` gives Torch7's inverse-time schedule;
    /// `weightDecay` and `l1` add L2 and L1 penalties; `momentum` is 0 (none) by default.
    /// `dampening` defaults to `momentum`, as in Torch7 (PyTorch uses 0); `nesterov` needs
    /// momentum > 0 and dampening 0.
    public init(
        _ parameters: FlatParameters<Scalar>, learningRate: Scalar = 1e-3, learningRateDecay: Scalar = 0,
        weightDecay: Scalar = 0, l1: Scalar = 0, momentum: Scalar = 0, dampening: Scalar? = nil, nesterov: Bool = false
    ) {
        let damp = dampening ?? momentum
        wickPrecondition(!nesterov || (momentum > 0 && damp == 0),
            "SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum \(momentum), dampening \(damp)")
        self.parameters = parameters
        self.learningRate = learningRate
        schedule = learningRateDecay == 0 ? .constant : .inverseTime(decay: learningRateDecay)
        regularization = Regularization(l2: weightDecay, l1: l1)
        self.momentum = momentum
        self.dampening = damp
        self.nesterov = nesterov
        velocity = ParameterBuffer(count: momentum == 0 ? 0 : parameters.count)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step() {
        // Every element's update is independent, so the helper thread can take half of them.
        runInHalves(count: parameters.count, SGDUpdate(
            x: parameters.valuePointer, g: parameters.gradPointer, v: velocity.pointer,
            learningRate: currentLearningRate, regularization: regularization, momentum: momentum,
            keep: 1 - dampening, firstStep: stepCount == 0, nesterov: nesterov))
        stepCount += 1
    }
}
