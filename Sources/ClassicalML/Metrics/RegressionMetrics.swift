// Regression metrics. Targets are a vector, or a matrix with a column per output; for several
// outputs each metric is computed per output and averaged with equal weights (scikit-learn's
// "uniform_average").

/// Traps unless the two target tensors have the same shape.
private func requireSameTargets<Scalar>(_ yTrue: Tensor<Scalar>, _ yPredicted: Tensor<Scalar>, _ metric: String) {
    wickPrecondition(yTrue.shape == yPredicted.shape && (yTrue.rank == 1 || yTrue.rank == 2),
        "\(metric): yTrue \(formatShape(yTrue.shape)) and yPredicted \(formatShape(yPredicted.shape)) must be vectors or matrices of the same shape")
}

/// Sums `f(true, predicted)` per output column, in Double: one entry per output.
@inline(__always)
private func columnSums<Scalar: TensorScalar>(
    _ yTrue: Tensor<Scalar>, _ yPredicted: Tensor<Scalar>, _ f: (Double, Double) -> Double
) -> [Double] {
    let outputs = yTrue.rank == 2 ? yTrue.shape[1] : 1
    var sums = [Double](repeating: 0, count: outputs)
    yTrue.withUnsafeBufferPointer { a in
        yPredicted.withUnsafeBufferPointer { b in
            sums.withUnsafeMutableBufferPointer { s in
                for r in 0..<(a.count / Swift.max(outputs, 1)) {
                    let base = r * outputs
                    for j in 0..<outputs { s[j] += f(Double(a[base + j]), Double(b[base + j])) }
                }
            }
        }
    }
    return sums
}

/// The mean squared error `mean((yTrue − yPredicted)²)`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func meanSquaredError<Scalar: TensorScalar>(_ yTrue: Tensor<Scalar>, _ yPredicted: Tensor<Scalar>) -> Scalar {
    requireSameTargets(yTrue, yPredicted, "meanSquaredError")
    if yTrue.count == 0 { return 0 }
    let sums = columnSums(yTrue, yPredicted) { ($0 - $1) * ($0 - $1) }
    return Scalar(sums.reduce(0, +) / Double(yTrue.count))
}

/// The mean absolute error `mean(|yTrue − yPredicted|)`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func meanAbsoluteError<Scalar: TensorScalar>(_ yTrue: Tensor<Scalar>, _ yPredicted: Tensor<Scalar>) -> Scalar {
    requireSameTargets(yTrue, yPredicted, "meanAbsoluteError")
    if yTrue.count == 0 { return 0 }
    let sums = columnSums(yTrue, yPredicted) { Swift.abs($0 - $1) }
    return Scalar(sums.reduce(0, +) / Double(yTrue.count))
}

/// The coefficient of determination `R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²`.
///
/// 1 is a perfect fit, 0 is no better than predicting the mean, and it is negative for worse
/// fits. An output whose true values are all equal scores 1 when predicted exactly and 0
/// otherwise (the ratio is undefined there), as in scikit-learn. Sums are accumulated in Double
/// (for `Float` too), and "all equal" allows for the rounding of the computation: an output is
/// constant when its computed variance is at most `n·ε·variance + (n·mean·ε)²` (ε of Double;
/// scikit-learn's constant-feature test), so `[0.1, 0.1, 0.1]`, whose computed variance is about
/// 1e-34 rather than 0, is constant (it had scored −1.7e31 against `[0.1, 0.1, 0.2]`).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func r2Score<Scalar: TensorScalar>(_ yTrue: Tensor<Scalar>, _ yPredicted: Tensor<Scalar>) -> Scalar {
    requireSameTargets(yTrue, yPredicted, "r2Score")
    let samples = yTrue.shape[0]
    wickPrecondition(samples > 0, "r2Score: needs at least one sample, got shape \(formatShape(yTrue.shape))")
    let outputs = yTrue.rank == 2 ? yTrue.shape[1] : 1
    let (means, variances) = columnMeansAndVariances(yTrue.reshaped(samples, outputs))
    let residual = columnSums(yTrue, yPredicted) { ($0 - $1) * ($0 - $1) }
    var score = 0.0
    for j in 0..<outputs {
        if !isConstantFeature(variance: variances[j], mean: means[j], count: samples) {
            score += 1 - residual[j] / (variances[j] * Double(samples))
        } else {
            score += residual[j] == 0 ? 1 : 0
        }
    }
    return Scalar(score / Double(Swift.max(outputs, 1)))
}
