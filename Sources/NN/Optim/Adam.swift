/// Adam (Kingma & Ba), as Torch7's `optim.adam`: moving averages of the gradient `m` and of its
/// square `v`, bias-corrected:
/// `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`,
/// `x ← x − lr_t · √(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε)`.
public final class Adam<Scalar: TensorScalar>: Optimizer {
    public let parameters: FlatParameters<Scalar>
    public var learningRate: Scalar
    public var schedule: LearningRateSchedule<Scalar> = .constant
    public var regularization: Regularization<Scalar>
    /// The decay rates of the moving averages `m` and `v`, and the `ε` added to `√v`.
    public let beta1: Scalar, beta2: Scalar, epsilon: Scalar
    @exclusivity(unchecked) public private(set) var stepCount = 0
    private let m: ParameterBuffer<Scalar>, v: ParameterBuffer<Scalar>

    /// Adam on `parameters` with Torch7's defaults (`learningRate` 1e-3, `beta1` 0.9, `beta2` 0.999,
    /// `epsilon` 1e-8); `weightDecay` and `l1` add L2 and L1 penalties to the gradient.
    public init(
        _ parameters: FlatParameters<Scalar>, learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999,
        epsilon: Scalar = 1e-8, weightDecay: Scalar = 0, l1: Scalar = 0
    ) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        regularization = Regularization(l2: weightDecay, l1: l1)
        m = ParameterBuffer(count: parameters.count)
        v = ParameterBuffer(count: parameters.count)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func step() {
        let x = parameters.valuePointer, g = parameters.gradPointer, n = parameters.count
        let m = m.pointer, v = v.pointer, reg = regularization
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        let t = Scalar(stepCount + 1)
        let stepSize = currentLearningRate * (1 - Scalar.pow(b2, t)).squareRoot() / (1 - Scalar.pow(b1, t))
        if reg.isNone {  // separate loops keep each one branch-free, so they vectorise
            for i in 0..<n {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
            }
        } else {
            for i in 0..<n {
                let d = reg.apply(g[i], x[i])
                m[i] = b1 * m[i] + (1 - b1) * d
                v[i] = b2 * v[i] + (1 - b2) * d * d
            }
        }
        subtractScaledRatio(x, numerator: m, denominator: v, count: n, scale: stepSize, epsilon: eps)
        stepCount += 1
    }
}
