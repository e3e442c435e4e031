/// RMSProp, as Torch7's `optim.rmsprop`: a moving average of squared gradients `r`:
/// `r ← α r + (1 − α) g²`, `x ← x − lr_t · g / (√r + ε)`.
public final class RMSProp<Scalar: TensorScalar>: Optimizer {
    public let parameters: FlatParameters<Scalar>
    public var learningRate: Scalar
    public var schedule: LearningRateSchedule<Scalar> = .constant
    public var regularization: Regularization<Scalar>
    /// The decay rate of the moving average `r`, and the `ε` added to `√r`.
    public let alpha: Scalar, epsilon: Scalar
    @exclusivity(unchecked) public private(set) var stepCount = 0
    private let meanSquare: ParameterBuffer<Scalar>

    /// RMSProp on `parameters` with Torch7's defaults (`learningRate` 1e-2, `alpha` 0.99, `epsilon`
    /// 1e-8); `weightDecay` and `l1` add L2 and L1 penalties to the gradient.
    public init(_ parameters: FlatParameters<Scalar>, learningRate: Scalar = 1e-2, alpha: Scalar = 0.99,
                epsilon: Scalar = 1e-8, weightDecay: Scalar = 0, l1: Scalar = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        regularization = Regularization(l2: weightDecay, l1: l1)
        meanSquare = ParameterBuffer(count: parameters.count)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step() {
        let x = parameters.valuePointer, g = parameters.gradPointer, n = parameters.count
        let r = meanSquare.pointer, lr = currentLearningRate, reg = regularization
        let (a, eps) = (alpha, epsilon)
        if reg.isNone {
            for i in 0..<n { r[i] = a * r[i] + (1 - a) * g[i] * g[i] }
            subtractScaledRatio(x, numerator: g, denominator: r, count: n, scale: lr, epsilon: eps)
        } else {
            for i in 0..<n {
                let d = reg.apply(g[i], x[i])
                r[i] = a * r[i] + (1 - a) * d * d
                x[i] -= lr * d / (r[i].squareRoot() + eps)
            }
        }
        stepCount += 1
    }
}
