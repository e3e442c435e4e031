// Cross-validating k cheaply: the neighbours of a validation image under the largest k include
// those under every smaller k (nearest first, ties to the lower training index, as
// KNearestNeighborsClassifier orders them), so one neighbour search per fold scores every k.
import Wick

/// The cross-validation accuracy of uniform-vote k-NN for each of `ks`: one array of per-fold
/// accuracies for each k, in the order of `ks`. Gives the same scores as a `GridSearch` over k
/// with `KNearestNeighborsClassifier`, from one neighbour search per fold instead of one per k.
func crossValidatedAccuracies(
    _ x: Tensor<Double>, _ labels: [Int], ks: [Int], metric: DistanceMetric, folds: KFold, classCount: Int
) throws -> [[Double]] {
    let largest = ks.max() ?? 1
    var scores = [[Double]](repeating: [], count: ks.count)
    for fold in try folds.splits(sampleCount: labels.count) {
        let trainLabels = fold.train.map { labels[$0] }
        var model = KNearestNeighborsClassifier<Double>(k: largest, metric: metric, classCount: classCount)
        try model.fit(x.selecting(rows: fold.train), trainLabels)
        let neighbours = try model.kneighbors(x.selecting(rows: fold.test)).indices
        for (position, k) in ks.enumerated() {
            var correct = 0
            for (query, found) in neighbours.enumerated() {
                if majority(found.prefix(k).map { trainLabels[$0] }, classCount: classCount) == labels[fold.test[query]] {
                    correct += 1
                }
            }
            scores[position].append(Double(correct) / Double(fold.test.count))
        }
    }
    return scores
}

/// The most frequent label, the lowest one on a tie (KNearestNeighborsClassifier's rule).
func majority(_ labels: [Int], classCount: Int) -> Int {
    var votes = [Int](repeating: 0, count: classCount)
    for label in labels { votes[label] += 1 }
    var best = 0
    for c in 1..<classCount where votes[c] > votes[best] { best = c }
    return best
}
