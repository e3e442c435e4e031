/// A receiver operating characteristic curve: the true and false positive rates obtained by
/// predicting "positive" for every score at or above each threshold.
public struct ROCCurve<Scalar: TensorScalar>: Sendable {
    /// False positive rate (FP / negatives) at each threshold, from 0 up to 1.
    public var falsePositiveRates: [Double]
    /// True positive rate (TP / positives, the recall) at each threshold, from 0 up to 1.
    public var truePositiveRates: [Double]
    /// The distinct scores in decreasing order, preceded by +∞ (nothing predicted positive).
    public var thresholds: [Scalar]

    /// The area under the curve (trapezoidal rule): the probability that a random positive
    /// scores above a random negative, counting ties as one half.
    public var area: Double { auc(x: falsePositiveRates, y: truePositiveRates) }
}

/// The ROC curve of `scores` (higher means more likely positive) against binary labels.
///
/// Tied scores form a single threshold, so the curve moves diagonally through them.
/// - Parameters:
///   - yTrue: the true label of each sample.
///   - scores: one score per sample, higher meaning more likely positive.
///   - positiveClass: the label counted as positive; every other label is negative.
/// - Throws: ``ClassicalMLError/undefinedMetric(metric:reason:)`` when the labels hold only
///   positives or only negatives, ``ClassicalMLError/nonFiniteValue(operation:argument:row:column:)``
///   for a NaN score.
public func rocCurve<Scalar: TensorScalar>(_ yTrue: [Int], _ scores: Tensor<Scalar>, positiveClass: Int = 1) throws -> ROCCurve<Scalar> {
    wickPrecondition(scores.rank == 1 && scores.count == yTrue.count,
        "rocCurve: needs one score per label, got \(yTrue.count) labels and scores of shape \(formatShape(scores.shape))")
    if let i = scores.scalars.firstIndex(where: { $0.isNaN }) {
        throw ClassicalMLError.nonFiniteValue(operation: "rocCurve", argument: "scores", row: i, column: 0)
    }
    let positives = yTrue.reduce(0) { $0 + ($1 == positiveClass ? 1 : 0) }
    let negatives = yTrue.count - positives
    if positives == 0 || negatives == 0 {
        throw ClassicalMLError.undefinedMetric(metric: "rocCurve",
            reason: "the labels hold \(positives) positive and \(negatives) negative samples; both kinds are needed")
    }
    let s = scores.scalars
    let order = s.indices.sorted { s[$0] > s[$1] }
    var curve = ROCCurve<Scalar>(falsePositiveRates: [0], truePositiveRates: [0], thresholds: [Scalar.infinity])
    var tp = 0, fp = 0
    for (position, i) in order.enumerated() {
        if yTrue[i] == positiveClass { tp += 1 } else { fp += 1 }
        // Emit a point only after the last sample of a run of equal scores.
        if position + 1 == order.count || s[order[position + 1]] != s[i] {
            curve.falsePositiveRates.append(Double(fp) / Double(negatives))
            curve.truePositiveRates.append(Double(tp) / Double(positives))
            curve.thresholds.append(s[i])
        }
    }
    return curve
}

/// The area under the ROC curve of `scores` against binary labels (see ``rocCurve(_:_:positiveClass:)``).
public func rocAUC<Scalar: TensorScalar>(_ yTrue: [Int], _ scores: Tensor<Scalar>, positiveClass: Int = 1) throws -> Double {
    try rocCurve(yTrue, scores, positiveClass: positiveClass).area
}

/// The area under the piecewise-linear curve through the points (`x[i]`, `y[i]`) by the
/// trapezoidal rule; `x` must be monotonic.
public func auc(x: [Double], y: [Double]) -> Double {
    wickPrecondition(x.count == y.count, "auc: x has \(x.count) points but y has \(y.count)")
    let steps = zip(x, x.dropFirst()).map { $1 - $0 }
    wickPrecondition(steps.allSatisfy { $0 >= 0 } || steps.allSatisfy { $0 <= 0 },
        "auc: x must be increasing or decreasing")
    var area = 0.0
    for i in x.indices.dropFirst() { area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2 }
    return Swift.abs(area)
}
