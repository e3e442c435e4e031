/// How an optimizer's learning rate changes with the number of steps taken, `t` (0 on the
/// first step).
public enum LearningRateSchedule<Scalar: TensorScalar>: Sendable {
    /// Always the base rate.
    case constant
    /// Torch7's `learningRate / (1 + t · decay)`.
    case inverseTime(decay: Scalar)
    /// Multiplied by `factor` every `every` steps.
    case step(every: Int, factor: Scalar)
    /// Multiplied by `factor` every step: `learningRate · factorᵗ`.
    case exponential(factor: Scalar)

    /// The rate at step `t` for base rate `base`.
    @inlinable
    public func rate(base: Scalar, step t: Int) -> Scalar {
        switch self {
        case .constant: return base
        case let .inverseTime(decay): return base / (1 + Scalar(t) * decay)
        case let .step(every, factor): return base * Scalar.pow(factor, Scalar(t / Swift.max(every, 1)))
        case let .exponential(factor): return base * Scalar.pow(factor, Scalar(t))
        }
    }
}

/// L1 and L2 penalties added to the gradient before an update: `g + l2·x + l1·sign(x)`.
public struct Regularization<Scalar: TensorScalar>: Sendable {
    /// The L2 coefficient (weight decay).
    public var l2: Scalar
    /// The L1 coefficient.
    public var l1: Scalar

    /// Penalties with coefficients `l2` (weight decay) and `l1`; both 0 (none) by default.
    public init(l2: Scalar = 0, l1: Scalar = 0) {
        self.l2 = l2
        self.l1 = l1
    }

    /// True when both coefficients are zero.
    @inlinable public var isNone: Bool { l2 == 0 && l1 == 0 }

    /// The regularised gradient of one scalar.
    @inlinable
    public func apply(_ g: Scalar, _ x: Scalar) -> Scalar {
        g + l2 * x + (x > 0 ? l1 : (x < 0 ? -l1 : 0))
    }
}
