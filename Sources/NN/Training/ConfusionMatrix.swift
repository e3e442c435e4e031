import Foundation

/// Counts of (true class, predicted class) pairs, with per-class and overall accuracy: Torch7's
/// `optim.ConfusionMatrix`.
///
/// ```swift
/// var confusion = ConfusionMatrix(classNames: FashionMNIST.classNames)
/// confusion.batchAdd(scores: model.forward(images), targets: labels)   // N x 10 scores, N labels
/// print(confusion)                  // Torch7's layout, one row per true class
/// print(confusion.totalValid)       // the fraction classified correctly
/// confusion.zero()                  // before the next epoch
/// ```
///
/// Entry `matrix[t][p]` counts the samples of true class `t` predicted as class `p`. **Classes
/// are 0-based** (`0..<classCount`), where Torch7's are 1-based; a negative target is skipped, as
/// Torch7 skips a target of 0 or less (a missing label).
///
/// Unlike Torch7, ``valids``, ``totalValid`` and the averages are computed when read, so they are
/// never stale: Torch7's `conf:updateValids()` before reading them has no Wick counterpart.
///
/// ClassicalML's `confusionMatrix(_:_:classCount:)` counts the same entries as a `[[Int]]`:
/// ``init(matrix:classNames:)`` takes that, and ``matrix`` is what `Plot`'s
/// `ConfusionMatrixPlot` draws.
public struct ConfusionMatrix: Sendable, Equatable, CustomStringConvertible {
    /// The number of classes.
    public let classCount: Int
    /// The class names that ``description`` prints (`[class: name]`), or empty for none.
    public var classNames: [String]
    /// The counts: `matrix[t][p]` samples of true class `t` predicted as class `p`
    /// (`classCount x classCount`).
    public private(set) var matrix: [[Int]]

    /// An empty matrix for `classCount` classes (at least 1); `classNames`, if given, name them
    /// in order (empty, or `classCount` names).
    public init(classCount: Int, classNames: [String] = []) {
        wickPrecondition(classCount > 0, "ConfusionMatrix: classCount must be positive, got \(classCount)")
        wickPrecondition(classNames.isEmpty || classNames.count == classCount,
            "ConfusionMatrix: \(classNames.count) class names for \(classCount) classes")
        self.classCount = classCount
        self.classNames = classNames
        matrix = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
    }

    /// An empty matrix with one class per name (Torch7's `optim.ConfusionMatrix({'cat', 'dog'})`).
    public init(classNames: [String]) {
        self.init(classCount: classNames.count, classNames: classNames)
    }

    /// A matrix holding the given counts (`matrix[t][p]`: true class `t` predicted as `p`), such
    /// as the result of ClassicalML's `confusionMatrix(_:_:classCount:)`. The counts must form a
    /// non-empty square of non-negative numbers.
    public init(matrix: [[Int]], classNames: [String] = []) {
        self.init(classCount: matrix.count, classNames: classNames)
        for (t, row) in matrix.enumerated() {
            wickPrecondition(row.count == classCount,
                "ConfusionMatrix: row \(t) has \(row.count) counts for \(classCount) classes (the matrix must be square)")
            wickPrecondition(row.allSatisfy { $0 >= 0 }, "ConfusionMatrix: row \(t) holds a negative count")
        }
        self.matrix = matrix
    }

    // MARK: Adding predictions

    /// Counts one sample of true class `target` predicted as class `prediction` (both 0-based; a
    /// negative `target` is skipped).
    public mutating func add(prediction: Int, target: Int) {
        guard target >= 0 else { return }
        wickPrecondition(target < classCount,
            "ConfusionMatrix: target \(target) out of range for \(classCount) classes (classes are 0-based: 0..<\(classCount))")
        wickPrecondition(prediction >= 0 && prediction < classCount,
            "ConfusionMatrix: prediction \(prediction) out of range for \(classCount) classes (classes are 0-based: 0..<\(classCount))")
        matrix[target][prediction] += 1
    }

    /// Counts one sample from its class scores (`classCount` of them, any shape: a vector or a
    /// `1 x classCount` row; log-probabilities, probabilities or logits): the predicted class is
    /// the highest score (the first on ties).
    public mutating func add<Scalar: TensorScalar>(scores: Tensor<Scalar>, target: Int) {
        wickPrecondition(scores.count == classCount,
            "ConfusionMatrix: \(formatShape(scores.shape)) scores for \(classCount) classes")
        add(prediction: scores.argmax(), target: target)
    }

    /// Counts a batch of predicted classes against their targets (equal lengths, 0-based).
    public mutating func batchAdd(predictions: [Int], targets: [Int]) {
        wickPrecondition(predictions.count == targets.count,
            "ConfusionMatrix: \(predictions.count) predictions for \(targets.count) targets")
        for (p, t) in zip(predictions, targets) { add(prediction: p, target: t) }
    }

    /// Counts a batch from its scores, `N x classCount` (one row of class scores per sample; the
    /// highest is the prediction), against the `N` targets.
    public mutating func batchAdd<Scalar: TensorScalar>(scores: Tensor<Scalar>, targets: [Int]) {
        wickPrecondition(scores.rank == 2 && scores.shape[1] == classCount && scores.shape[0] == targets.count,
            "ConfusionMatrix: scores \(formatShape(scores.shape)) for \(targets.count) targets and \(classCount) classes (expected \(targets.count)x\(classCount))")
        batchAdd(predictions: scores.argmax(alongDimension: 1), targets: targets)
    }

    /// Sets every count to zero (Torch7's `conf:zero()`), keeping the classes and their names.
    public mutating func zero() {
        matrix = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
    }

    // MARK: Accuracy

    /// The number of samples counted.
    public var total: Int { matrix.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The number of samples whose prediction is their target (the diagonal's sum).
    public var correct: Int { (0..<classCount).reduce(0) { $0 + matrix[$1][$1] } }

    /// The fraction of all samples classified correctly, in [0, 1] (Torch7's `totalValid`; NaN
    /// before anything is counted).
    public var totalValid: Double { Double(correct) / Double(total) }

    /// Per-class accuracy (recall): for each true class, the fraction of its samples predicted as
    /// that class (Torch7's `valids`; NaN for a class with no samples).
    public var valids: [Double] {
        (0..<classCount).map { t in Double(matrix[t][t]) / Double(matrix[t].reduce(0, +)) }
    }

    /// For each class, its correct count over the samples that are that class or predicted as
    /// it (intersection over union, Torch7's `unionvalids`; NaN for a class never seen nor predicted).
    public var unionValids: [Double] {
        (0..<classCount).map { t in
            let row = matrix[t].reduce(0, +), column = matrix.reduce(0) { $0 + $1[t] }
            return Double(matrix[t][t]) / Double(row + column - matrix[t][t])
        }
    }

    /// The mean of ``valids`` over the classes that have samples (Torch7's `averageValid`,
    /// "average row correct").
    public var averageValid: Double { Self.meanIgnoringNaN(valids) }

    /// The mean of ``unionValids`` over the classes that have samples (Torch7's
    /// `averageUnionValid`, the VOC measure).
    public var averageUnionValid: Double {
        let v = valids
        return Self.meanIgnoringNaN(unionValids.enumerated().map { v[$0].isNaN ? .nan : $1 })
    }

    private static func meanIgnoringNaN(_ values: [Double]) -> Double {
        let present = values.filter { !$0.isNaN }
        return present.reduce(0, +) / Double(present.count)
    }

    // MARK: Printing

    /// Torch7's layout: one bracketed row of counts per true class (columns are the predicted
    /// classes), its per-class accuracy in percent and its name, then the average per-class
    /// accuracy, the VOC measure and the overall accuracy:
    ///
    /// ```
    /// ConfusionMatrix:
    /// [[      48       2]   96.000% 	[class: cat]
    ///  [       5      45]]  90.000% 	[class: dog]
    ///  + average row correct: 93.000%
    ///  + average rowUcol correct (VOC measure): 86.906%
    ///  + global correct: 93.000%
    /// ```
    public var description: String {
        let countWidth = Swift.max(8, String(matrix.flatMap { $0 }.max() ?? 0).count + 1)
        let perClass = valids
        var text = "ConfusionMatrix:\n"
        for t in 0..<classCount {
            text += t == 0 ? "[[" : " ["
            for count in matrix[t] {
                let digits = String(count)
                text += String(repeating: " ", count: countWidth - digits.count) + digits
            }
            text += t == classCount - 1 ? "]]  " : "]   "
            text += Self.percent(perClass[t])
            if !classNames.isEmpty { text += " \t[class: \(classNames[t])]" }
            text += "\n"
        }
        text += " + average row correct: \(Self.percent(averageValid))\n"
        text += " + average rowUcol correct (VOC measure): \(Self.percent(averageUnionValid))\n"
        text += " + global correct: \(Self.percent(totalValid))"
        return text
    }

    private static func percent(_ fraction: Double) -> String {
        fraction.isNaN ? "nan%" : String(format: "%.3f%%", fraction * 100)
    }
}
