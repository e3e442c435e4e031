// Metrics on zero-based class labels: accuracy and the confusion matrix.

/// Traps unless the two label arrays pair up and hold no negative label.
internal func requireLabelPairs(_ yTrue: [Int], _ yPredicted: [Int], _ metric: String) {
    wickPrecondition(yTrue.count == yPredicted.count,
        "\(metric): yTrue has \(yTrue.count) labels but yPredicted has \(yPredicted.count)")
    if let i = yTrue.firstIndex(where: { $0 < 0 }) {
        wickFatalError("\(metric): yTrue[\(i)] = \(yTrue[i]) is not a zero-based class index")
    }
    if let i = yPredicted.firstIndex(where: { $0 < 0 }) {
        wickFatalError("\(metric): yPredicted[\(i)] = \(yPredicted[i]) is not a zero-based class index")
    }
}

/// The number of classes implied by the labels (largest label + 1), or `classCount` when given,
/// which must exceed every label.
internal func resolvedClassCount(_ yTrue: [Int], _ yPredicted: [Int], _ classCount: Int?, _ metric: String) -> Int {
    let implied = Swift.max(yTrue.max() ?? -1, yPredicted.max() ?? -1) + 1
    guard let classCount else { return implied }
    wickPrecondition(classCount >= implied,
        "\(metric): classCount is \(classCount) but the labels go up to \(implied - 1)")
    return classCount
}

/// The fraction of predictions that equal the true label (1 for empty inputs).
public func accuracy(_ yTrue: [Int], _ yPredicted: [Int]) -> Double {
    wickPrecondition(yTrue.count == yPredicted.count,
        "accuracy: yTrue has \(yTrue.count) labels but yPredicted has \(yPredicted.count)")
    if yTrue.isEmpty { return 1 }
    let correct = zip(yTrue, yPredicted).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
    return Double(correct) / Double(yTrue.count)
}

/// The confusion matrix: entry `[i][j]` counts the samples of true class `i` predicted as `j`.
///
/// - Parameters:
///   - yTrue: the true 0-based class of each sample.
///   - yPredicted: the predicted class of each sample (as many as `yTrue`).
///   - classCount: the number of classes (rows and columns); by default the largest label plus one.
public func confusionMatrix(_ yTrue: [Int], _ yPredicted: [Int], classCount: Int? = nil) -> [[Int]] {
    requireLabelPairs(yTrue, yPredicted, "confusionMatrix")
    let classes = resolvedClassCount(yTrue, yPredicted, classCount, "confusionMatrix")
    var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    for (t, p) in zip(yTrue, yPredicted) { counts[t][p] += 1 }
    return counts
}
