/// The validation score of `estimator` on each fold: for every split of `folds`, a fresh copy of
/// `estimator` is fitted on the training rows and scored on the held-out rows.
///
/// ```swift
/// let scores = try crossValidate(Ridge<Double>(lambda: 0.1), x, y, folds: KFold(k: 5, shuffle: true, seed: 1))
/// ```
/// - Parameters:
///   - estimator: the unfitted model; each fold fits a copy of it.
///   - x: the samples, one per row.
///   - y: their targets (a tensor for regressors, `[Int]` labels for classifiers).
///   - folds: how the rows are split (e.g. ``KFold``).
///   - scoring: how a fitted model is scored on held-out data, higher is better; by default the
///     estimator's own `score` (R² for regressors, accuracy for classifiers).
/// - Throws: the first error of any fit or score, and ``ClassicalMLError`` when `x` and `y`
///   have different numbers of samples or there are fewer samples than folds.
public func crossValidate<Estimator: SupervisedEstimator>(
    _ estimator: Estimator, _ x: Tensor<Estimator.Scalar>, _ y: Estimator.Targets, folds: KFold,
    scoring: ((Estimator, Tensor<Estimator.Scalar>, Estimator.Targets) throws -> Double)? = nil
) throws -> [Double] {
    wickPrecondition(x.rank >= 1, "crossValidate: x must have a sample dimension, got shape \(formatShape(x.shape))")
    try requireSameSampleCount(x.shape[0], y.sampleCount, "crossValidate")
    return try folds.splits(sampleCount: x.shape[0]).map { fold in
        var model = estimator
        try model.fit(x.selecting(rows: fold.train), y.selectingSamples(fold.train))
        let xTest = x.selecting(rows: fold.test), yTest = y.selectingSamples(fold.test)
        return try scoring.map { try $0(model, xTest, yTest) } ?? model.score(xTest, yTest)
    }
}
