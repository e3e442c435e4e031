/// AdaGrad, as Torch7's `optim.adagrad`: each parameter's step shrinks with the sum of its
/// squared gradients `s`: `s ← s + g²`, `x ← x − lr_t · g / (√s + 1e-10)`.
public final class AdaGrad<Scalar: TensorScalar>: Optimizer {
    public let parameters: FlatParameters<Scalar>
    public var learningRate: Scalar
    public var schedule: LearningRateSchedule<Scalar>
    public var regularization: Regularization<Scalar>
    @exclusivity(unchecked) public private(set) var stepCount = 0
    private let sumOfSquares: ParameterBuffer<Scalar>

    /// AdaGrad on `parameters` with Torch7's defaults. A nonzero `learningRateDecay` gives Torch7's
    /// ``LearningRateSchedule/inverseTime(decay:)`` schedule; `weightDecay` and `l1` add L2 and L1
    /// penalties.
    public init(_ parameters: FlatParameters<Scalar>, learningRate: Scalar = 1e-3, learningRateDecay: Scalar = 0,
                weightDecay: Scalar = 0, l1: Scalar = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        schedule = learningRateDecay == 0 ? .constant : .inverseTime(decay: learningRateDecay)
        regularization = Regularization(l2: weightDecay, l1: l1)
        sumOfSquares = ParameterBuffer(count: parameters.count)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step() {
        let x = parameters.valuePointer, g = parameters.gradPointer, n = parameters.count
        let s = sumOfSquares.pointer, lr = currentLearningRate, reg = regularization
        if reg.isNone {
            for i in 0..<n { s[i] += g[i] * g[i] }
            subtractScaledRatio(x, numerator: g, denominator: s, count: n, scale: lr, epsilon: 1e-10)
        } else {
            for i in 0..<n {
                let d = reg.apply(g[i], x[i])
                s[i] += d * d
                x[i] -= lr * d / (s[i].squareRoot() + 1e-10)
            }
        }
        stepCount += 1
    }
}
