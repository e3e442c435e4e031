/// Nesterov's accelerated gradient in Sutskever's form, as Torch7's `optim.nag`.
///
/// The gradient is taken at the look-ahead point `x + momentum·v`. Torch7 moves to that point at
/// the start of a step; Wick moves there at the end of the previous one, so that ``step()`` can
/// use gradients already computed by `backward`. The sequence of points is the same; between
/// steps, the parameters hold the look-ahead point:
/// `v ← momentum·v − lr_t·g`, `x ← x − lr_t·g + momentum·v`.
public final class NAG<Scalar: TensorScalar>: Optimizer {
    public let parameters: FlatParameters<Scalar>
    public var learningRate: Scalar
    public var schedule: LearningRateSchedule<Scalar>
    public var regularization: Regularization<Scalar>
    /// The velocity's decay per step (positive).
    public let momentum: Scalar
    @exclusivity(unchecked) public private(set) var stepCount = 0
    private let velocity: ParameterBuffer<Scalar>

    /// NAG on `parameters` with Torch7's defaults. A nonzero `learningRateDecay` gives the inverse-time
    /// schedule, `weightDecay` and `l1` add L2 and L1 penalties, and `momentum` must be positive.
    public init(_ parameters: FlatParameters<Scalar>, learningRate: Scalar = 1e-3, learningRateDecay: Scalar = 0,
                weightDecay: Scalar = 0, l1: Scalar = 0, momentum: Scalar = 0.9) {
        wickPrecondition(momentum > 0, "NAG: momentum must be positive, got \(momentum)")
        self.parameters = parameters
        self.learningRate = learningRate
        schedule = learningRateDecay == 0 ? .constant : .inverseTime(decay: learningRateDecay)
        regularization = Regularization(l2: weightDecay, l1: l1)
        self.momentum = momentum
        velocity = ParameterBuffer(count: parameters.count)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step() {
        let x = parameters.valuePointer, g = parameters.gradPointer, n = parameters.count
        let v = velocity.pointer, lr = currentLearningRate, mom = momentum, reg = regularization
        for i in 0..<n {
            let update = -lr * reg.apply(g[i], x[i])
            v[i] = mom * v[i] + update
            x[i] += update + mom * v[i]
        }
        stepCount += 1
    }
}
