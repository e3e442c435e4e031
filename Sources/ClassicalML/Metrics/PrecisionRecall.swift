/// Precision, recall and F1 of each class, with their macro, weighted and micro averages.
///
/// For class `c`: precision = TP / (TP + FP), recall = TP / (TP + FN), and F1 is their harmonic
/// mean. A ratio whose denominator is zero (a class never predicted, or never present) is 0, as
/// scikit-learn reports it.
public struct ClassificationScores: Sendable, Equatable {
    /// Precision of each class.
    public var precision: [Double]
    /// Recall of each class.
    public var recall: [Double]
    /// F1 score of each class.
    public var f1: [Double]
    /// The number of true samples of each class.
    public var support: [Int]
    /// The classes that occur in the true or the predicted labels: the ones the averages cover.
    public var presentClasses: [Int]
    /// The number of samples of each class predicted correctly (true positives).
    public var truePositives: [Int] = []
    /// The number of samples predicted as each class (true plus false positives).
    public var predictedCounts: [Int] = []

    /// Averages of precision, recall and F1 over classes.
    public struct Averages: Sendable, Equatable {
        /// The averaged precision.
        public var precision: Double
        /// The averaged recall.
        public var recall: Double
        /// The averaged F1 score.
        public var f1: Double
    }

    /// The unweighted mean over the present classes: every class counts the same.
    public var macroAverage: Averages { average { _ in 1 } }

    /// The mean over the present classes weighted by support: every sample counts the same.
    public var weightedAverage: Averages { average { Double(support[$0]) } }

    /// scikit-learn's `average='micro'`: precision, recall and F1 of the pooled counts of the
    /// present classes, `ΣTP / Σ(TP + FP)` and `ΣTP / Σ(TP + FN)`: every prediction counts the
    /// same. When each sample has one true and one predicted label, as here, all three equal the
    /// accuracy. 0 where a pooled denominator is 0 (no labels at all).
    public var microAverage: Averages {
        let hits = presentClasses.reduce(0) { $0 + truePositives[$1] }
        let predicted = presentClasses.reduce(0) { $0 + predictedCounts[$1] }
        let actual = presentClasses.reduce(0) { $0 + support[$1] }
        let precision = predicted == 0 ? 0 : Double(hits) / Double(predicted)
        let recall = actual == 0 ? 0 : Double(hits) / Double(actual)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return Averages(precision: precision, recall: recall, f1: f1)
    }

    private func average(weight: (Int) -> Double) -> Averages {
        let total = presentClasses.reduce(0) { $0 + weight($1) }
        guard total > 0 else { return Averages(precision: 0, recall: 0, f1: 0) }
        func mean(_ values: [Double]) -> Double {
            presentClasses.reduce(0) { $0 + weight($1) * values[$1] } / total
        }
        return Averages(precision: mean(precision), recall: mean(recall), f1: mean(f1))
    }
}

/// Per-class precision, recall, F1 and support of predicted labels against true ones.
///
/// - Parameters:
///   - yTrue: the true 0-based class of each sample.
///   - yPredicted: the predicted class of each sample (as many as `yTrue`).
///   - classCount: the number of classes; by default the largest label plus one.
public func precisionRecallF1(_ yTrue: [Int], _ yPredicted: [Int], classCount: Int? = nil) -> ClassificationScores {
    requireLabelPairs(yTrue, yPredicted, "precisionRecallF1")
    let classes = resolvedClassCount(yTrue, yPredicted, classCount, "precisionRecallF1")
    let counts = confusionMatrix(yTrue, yPredicted, classCount: classes)
    var scores = ClassificationScores(precision: [], recall: [], f1: [], support: [], presentClasses: [])
    func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
    for c in 0..<classes {
        let truePositives = counts[c][c]
        let predicted = (0..<classes).reduce(0) { $0 + counts[$1][c] }
        let actual = counts[c].reduce(0, +)
        let p = ratio(truePositives, predicted), r = ratio(truePositives, actual)
        scores.precision.append(p)
        scores.recall.append(r)
        scores.f1.append(p + r == 0 ? 0 : 2 * p * r / (p + r))
        scores.support.append(actual)
        scores.truePositives.append(truePositives)
        scores.predictedCounts.append(predicted)
        if predicted > 0 || actual > 0 { scores.presentClasses.append(c) }
    }
    return scores
}
