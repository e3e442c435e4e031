/// k-means clustering (Lloyd's algorithm) with k-means++ seeding: `clusterCount` centroids
/// placed to minimise the inertia, the sum of squared distances from each sample to its nearest
/// centroid.
///
/// ```swift
/// var kmeans = KMeans<Double>(clusters: 3, seed: 7)
/// try kmeans.fit(x)
/// print(kmeans.centroids, kmeans.inertia)
/// let clusters = try kmeans.predict(newPoints)
/// ```
///
/// Seeding is the greedy k-means++ of scikit-learn: the first centroid is a uniformly drawn
/// sample, and each next one is the best (lowest inertia) of `2 + ⌊ln k⌋` samples drawn with
/// probability proportional to their squared distance from the centroids so far. All randomness
/// comes from a `RandomGenerator` seeded with `seed`, so a fit is reproducible. Lloyd steps
/// then alternate assigning each sample to its nearest centroid (the lowest cluster index on a
/// tie) and moving each centroid to the mean of its samples, until the centroids move less than
/// the tolerance or the assignment stops changing. A cluster left empty is moved to the sample
/// farthest from its centroid. With fewer distinct points than clusters some centroids coincide;
/// ``distinctClusterCount`` then says how many clusters are really in use.
///
/// The assignment step is the exact L2 search of the k-NN estimators: the data is centred on the
/// mean of the centroids and ranked in Float with a proven margin, and the candidates' distances
/// are computed in Double, so `Float` data far from the origin is assigned right (four samples
/// 10000, 10000.25, 10001, 10001.25 had been split [0, 0, 1, 0] with inertia 0.984). Means,
/// distances, the inertia and the seeding's potentials are accumulated in Double.
public struct KMeans<Scalar: TensorScalar>: Sendable {
    /// The number of clusters.
    public var clusterCount: Int
    /// The seed of the random seeding.
    public var seed: UInt64
    /// How many seedings are run; the fit with the lowest inertia is kept.
    public var initializations: Int
    /// The most Lloyd iterations per run.
    public var maxIterations: Int
    /// Convergence threshold on the total squared movement of the centroids in one iteration,
    /// relative to the mean variance of the features (as in scikit-learn).
    public var tolerance: Scalar

    /// The cluster centres, clusterCount x features. Empty until fitted.
    public private(set) var centroids = Tensor<Scalar>.zeros(shape: [0, 0])
    /// The cluster of each training sample.
    public private(set) var labels: [Int] = []
    /// The sum of squared distances from each training sample to its centroid.
    public private(set) var inertia: Scalar = 0
    /// The Lloyd iterations of the kept run.
    public private(set) var iterations = 0
    /// The number of clusters that own at least one training sample after the fit.
    ///
    /// It is below ``clusterCount`` when the data has fewer distinct points than clusters: then
    /// some centroids duplicate others (a centroid is always placed on or among samples) and, as
    /// ties go to the lowest cluster index, own no sample. scikit-learn warns in that case
    /// ("Number of distinct clusters found smaller than n_clusters"); Wick reports it here, and
    /// ``labels`` use only the clusters that own samples.
    public private(set) var distinctClusterCount = 0
    /// Whether ``fit(_:)`` has succeeded.
    public private(set) var isFitted = false

    /// A k-means model with `clusters` (≥ 1) clusters.
    public init(clusters: Int, seed: UInt64 = 0, initializations: Int = 1, maxIterations: Int = 300, tolerance: Scalar = 1e-4) {
        wickPrecondition(clusters >= 1, "KMeans: clusters must be at least 1, got \(clusters)")
        wickPrecondition(initializations >= 1, "KMeans: initializations must be at least 1, got \(initializations)")
        wickPrecondition(maxIterations >= 1, "KMeans: maxIterations must be at least 1, got \(maxIterations)")
        wickPrecondition(tolerance >= 0, "KMeans: tolerance must be non-negative, got \(tolerance)")
        self.clusterCount = clusters
        self.seed = seed
        self.initializations = initializations
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Clusters the rows of `x` (samples x features).
    ///
    /// - Throws: ``ClassicalMLError`` for NaN or infinity in `x`, or fewer samples than clusters.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func fit(_ x: Tensor<Scalar>) throws {
        let operation = "KMeans.fit"
        requireMatrix(x, operation)
        let n = x.shape[0]
        if n < clusterCount { throw ClassicalMLError.tooFewSamples(operation: operation, required: clusterCount, available: n) }
        try requireFinite(x, operation, "x")
        // Data so large that squared distances would overflow Double (1e155 and up) is clustered
        // divided by a power of two (exact), and the centroids and inertia scaled back.
        let scale = distanceScale([x])
        let x = scale == 1 ? x : x * Scalar(scale)
        let threshold = Double(tolerance) * meanFeatureVariance(x)
        var generator = RandomGenerator(seed: seed)
        var best: (centroids: Tensor<Scalar>, labels: [Int], inertia: Double, iterations: Int)?
        for _ in 0..<initializations {
            var centres = plusPlusSeeding(x, clusterCount, &generator)
            var assignment = nearestCentroids(x, centres)
            var iteration = 0
            while iteration < maxIterations {
                iteration += 1
                let moved = updatedCentroids(x, assignment, clusterCount)
                let shift = squaredDistance(moved, centres)
                centres = moved
                let next = nearestCentroids(x, centres)
                let stable = next.labels == assignment.labels
                assignment = next
                if stable || shift <= threshold { break }
            }
            if best == nil || assignment.inertia < best!.inertia {
                best = (centres, assignment.labels, assignment.inertia, iteration)
            }
        }
        let kept = best!
        (centroids, labels, iterations) = (kept.centroids, kept.labels, kept.iterations)
        inertia = Scalar(kept.inertia / scale / scale)  // infinity when it is beyond Scalar's range
        if scale != 1 { centroids = centroids * Scalar(1 / scale) }
        distinctClusterCount = Set(labels).count
        isFitted = true
    }

    /// The nearest centroid of each row of `x` (the lowest cluster index on a tie).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func predict(_ x: Tensor<Scalar>) throws -> [Int] {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "KMeans") }
        try requireFeatureCount(x, centroids.shape[1], "KMeans.predict")
        try requireFinite(x, "KMeans.predict", "x")
        let scale = distanceScale([x, centroids])
        if scale == 1 { return nearestCentroids(x, centroids).labels }
        return nearestCentroids(x * Scalar(scale), centroids * Scalar(scale)).labels
    }
}

/// 1, or the power of two that brings the largest magnitude in `tensors` into [1, 2) when squared
/// distances between their rows, and sums of them, could overflow Double (the data then holds a
/// value above about 1e150: a Float never does). Scaling by a power of two is exact (values
/// below 2⁻⁹⁰⁰ of the largest may lose bits, far below the distances that decide).
private func distanceScale<Scalar: TensorScalar>(_ tensors: [Tensor<Scalar>]) -> Double {
    var largest = 0.0, count = 1.0
    for t in tensors {
        count += Double(t.count)
        t.withUnsafeBufferPointer { p in for v in p { largest = Swift.max(largest, Swift.abs(Double(v))) } }
    }
    // (2m)² per term, at most `count` terms per sum, with room to spare.
    guard largest > 0, largest > (Double.greatestFiniteMagnitude / (64 * count)).squareRoot() else { return 1 }
    return Double(sign: .plus, exponent: -largest.exponent, significand: 1)
}

/// The mean over features of each feature's variance (population, in Double), the scale of the
/// tolerance.
private func meanFeatureVariance<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Double {
    let (n, d) = (x.shape[0], x.shape[1])
    if n == 0 || d == 0 { return 0 }
    return columnMeansAndVariances(x).variance.reduce(0, +) / Double(d)
}

/// The squared Euclidean distance between two equally shaped tensors, in Double.
private func squaredDistance<Scalar: TensorScalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Double {
    var total = 0.0
    a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in
        for i in 0..<p.count { let t = Double(p[i]) - Double(q[i]); total += t * t }
    } }
    return total
}

/// Each sample's nearest centroid, its squared distance, and their sum (the inertia), in Double.
/// The search is WickCore's exact L2 search (the data centred, candidates decided by their
/// Double distances), so a Float sample near 10⁴ goes to the centroid that is really nearest.
private func nearestCentroids<Scalar: TensorScalar>(
    _ x: Tensor<Scalar>, _ centres: Tensor<Scalar>
) -> (labels: [Int], squaredDistances: [Double], inertia: Double) {
    let (distances, labels) = NeighborSearch(points: centres, metric: .l2).search(x, k: 1)
    let squared = distances.map { Double($0) * Double($0) }
    return (labels, squared, squared.reduce(0, +))
}

/// The mean of the samples of each cluster; an empty cluster takes the sample farthest from its
/// centroid (the first such sample on a tie, and a different one for each empty cluster).
private func updatedCentroids<Scalar: TensorScalar>(
    _ x: Tensor<Scalar>, _ assignment: (labels: [Int], squaredDistances: [Double], inertia: Double), _ k: Int
) -> Tensor<Scalar> {
    let (n, d) = (x.shape[0], x.shape[1])
    var totals = [Double](repeating: 0, count: k * d)  // the sums of each cluster, in Double
    var counts = [Int](repeating: 0, count: k)
    x.withUnsafeBufferPointer { p in
        totals.withUnsafeMutableBufferPointer { s in
            for i in 0..<n {
                let c = assignment.labels[i]
                counts[c] += 1
                for j in 0..<d { s[c * d + j] += Double(p[i * d + j]) }
            }
        }
    }
    var sums = Tensor<Scalar>.zeros(shape: [k, d])
    var taken = Set<Int>()
    for c in 0..<k {
        if counts[c] > 0 {
            let size = Double(counts[c])
            for j in 0..<d { sums[c, j] = Scalar(totals[c * d + j] / size) }
        } else {
            var farthest = -1
            for i in 0..<n where !taken.contains(i)
                && (farthest < 0 || assignment.squaredDistances[i] > assignment.squaredDistances[farthest]) {
                farthest = i
            }
            taken.insert(farthest)
            for j in 0..<d { sums[c, j] = x[farthest, j] }
        }
    }
    return sums
}

/// Greedy k-means++ seeding (see ``KMeans``).
private func plusPlusSeeding<Scalar: TensorScalar>(
    _ x: Tensor<Scalar>, _ k: Int, _ generator: inout RandomGenerator
) -> Tensor<Scalar> {
    let (n, d) = (x.shape[0], x.shape[1])
    let trials = 2 + Int(Double.log(Double(k)))
    var chosen = [generator.integer(in: 0..<n)]
    func squaredDistances(to index: Int) -> [Double] {
        x.withUnsafeBufferPointer { p in
            let centre = p.baseAddress! + index * d
            return (0..<n).map { i in
                var total = 0.0
                for j in 0..<d { let t = Double(p[i * d + j]) - Double(centre[j]); total += t * t }
                return total
            }
        }
    }
    var closest = squaredDistances(to: chosen[0])
    while chosen.count < k {
        let potential = closest.reduce(0, +)
        var bestCandidate = -1, bestPotential = Double.infinity, bestClosest: [Double] = []
        for _ in 0..<trials {
            let candidate: Int
            if potential > 0 {
                // Draw with probability proportional to the squared distance.
                let target = generator.uniform() * potential
                var cumulative = 0.0, pick = n - 1
                for i in 0..<n {
                    cumulative += closest[i]
                    if cumulative > target { pick = i; break }
                }
                candidate = pick
            } else {
                candidate = generator.integer(in: 0..<n)
            }
            let candidateClosest = zip(closest, squaredDistances(to: candidate)).map { Swift.min($0, $1) }
            let candidatePotential = candidateClosest.reduce(0, +)
            if candidatePotential < bestPotential {
                (bestCandidate, bestPotential, bestClosest) = (candidate, candidatePotential, candidateClosest)
            }
        }
        chosen.append(bestCandidate)
        closest = bestClosest
    }
    return x.selecting(rows: chosen)
}
