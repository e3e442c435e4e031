/// `x[i] -= scale · numerator[i] / (√denominator[i] + epsilon)` for `i` in `0..<count`: the
/// update shared by Adam, RMSProp and AdaGrad.
///
/// It runs in C (see `TensorScalar.kernelSubtractScaledRatio`) because a scalar square root does
/// not vectorise in Swift on Linux, which made these optimizers ten times slower than memory
/// bandwidth.
@inlinable
func subtractScaledRatio<Scalar: TensorScalar>(
    _ x: UnsafeMutablePointer<Scalar>, numerator: UnsafePointer<Scalar>, denominator: UnsafePointer<Scalar>,
    count: Int, scale: Scalar, epsilon: Scalar
) {
    Scalar.kernelSubtractScaledRatio(x, numerator: numerator, denominator: denominator, count: count, scale: scale, epsilon: epsilon)
}
