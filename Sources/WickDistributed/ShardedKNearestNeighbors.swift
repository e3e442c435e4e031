import ClassicalML
import NN
import WickCore

/// k-nearest-neighbour classification with the training set cut into shards, one per MPI
/// process: each process searches its own shard for every query, and the `k` best candidates of
/// every shard are merged (one `MPI_Allgather` of `k` candidates per query and process). The
/// neighbours, distances and predictions are those of `KNearestNeighborsClassifier`
/// on the whole training set (the shards in rank order), ties included: candidates are merged by
/// distance, then by global index, the single-process search's own rule.
///
/// ```swift
/// let mpi = MPICommunicator.world
/// let rows = mpi.shard(of: 0..<trainImages.shape[0])      // this process's consecutive rows
/// var knn = ShardedKNearestNeighborsClassifier<Double>(k: 3, communicator: mpi)
/// try knn.fit(trainImages[rows: rows], Array(trainLabels[rows]))
/// let predicted = try knn.predict(testImages)             // the same queries on every process
/// ```
/// Every method is collective: every process calls it, in the same order, with the same queries.
/// An error on one process (a NaN in its shard, the wrong number of features) is thrown on every
/// process: on the others as ``ShardedSearchError/otherRankFailed(rank:message:)``.
///
/// With `Float` data the candidates are merged by their distances rounded to `Float`; two
/// candidates of different shards whose exact distances differ below that rounding are ordered
/// by index, where the single-process search orders them by their exact distances.
public struct ShardedKNearestNeighborsClassifier<Scalar: TensorScalar> {
    /// The number of neighbours that vote.
    public let k: Int
    /// The distance between samples.
    public let metric: DistanceMetric
    /// How the neighbours' votes are weighted.
    public let weighting: NeighborWeighting
    /// The processes holding the shards.
    public let communicator: MPICommunicator
    /// The index in the whole training set of this process's first sample (the sizes of the
    /// shards of the lower ranks added up), after ``fit(_:_:)``.
    public private(set) var offset = 0
    /// The number of training samples over all shards, after ``fit(_:_:)``.
    public private(set) var totalCount = 0
    private var local: KNearestNeighborsClassifier<Scalar>?
    private var labels: [Int] = []

    /// An unfitted classifier: `k` neighbours (at least 1) under `metric`, votes weighted by
    /// `weighting` (as `KNearestNeighborsClassifier`).
    public init(k: Int = 5, metric: DistanceMetric = .l2, weighting: NeighborWeighting = .uniform,
                communicator: MPICommunicator = .world) {
        wickPrecondition(k >= 1, "ShardedKNearestNeighborsClassifier: k must be at least 1, got \(k)")
        self.k = k
        self.metric = metric
        self.weighting = weighting
        self.communicator = communicator
    }

    /// Stores this process's shard: `x` (samples x features, possibly no samples) and its
    /// zero-based labels. Collective.
    ///
    /// - Throws: `ClassicalMLError` for this process's bad shard (NaN, label count),
    ///   ``ShardedSearchError/otherRankFailed(rank:message:)`` for another's, and
    ///   ``ShardedSearchError/tooFewSamples(k:total:)`` when all shards hold fewer than `k`.
    public mutating func fit(_ x: Tensor<Scalar>, _ y: [Int]) throws {
        let count = x.rank == 0 ? 0 : x.shape[0]
        var classifier: KNearestNeighborsClassifier<Scalar>?
        let counts = try agree(communicator) { () -> String in
            if count > 0 {
                var fitted = KNearestNeighborsClassifier<Scalar>(k: Swift.min(k, count), metric: metric, weighting: weighting)
                try fitted.fit(x, y)
                classifier = fitted
            }
            return String(count)
        }.map { Int($0)! }
        offset = counts[..<communicator.rank].reduce(0, +)
        totalCount = counts.reduce(0, +)
        if totalCount < k { throw ShardedSearchError.tooFewSamples(k: k, total: totalCount) }
        local = classifier
        labels = y
    }

    /// The `k` nearest training samples of each row of `x` (queries x features, the same on
    /// every process) over all shards: distances ascending (queries x k), and indices into the
    /// whole training set (the shards in rank order). Collective.
    ///
    /// - Throws: as `KNearestNeighborsClassifier.kneighbors(_:neighbors:)`, on every process.
    public func kneighbors(_ x: Tensor<Scalar>) throws -> NearestNeighbors<Scalar> {
        try merged(x).neighbors
    }

    /// The class of each row of `x` (the same on every process): the (weighted) majority of its
    /// `k` nearest training samples over all shards, the lowest class on a tie. Collective.
    public func predict(_ x: Tensor<Scalar>) throws -> [Int] {
        let (neighbors, classes) = try merged(x)
        return KNearestNeighborsClassifier<Scalar>.vote(distances: neighbors.distances, neighborLabels: classes, weighting: weighting)
    }

    /// The fraction of the rows of `x` whose predicted class is the one in `y`. Collective.
    public func score(_ x: Tensor<Scalar>, _ y: [Int]) throws -> Double {
        let predicted = try predict(x)
        wickPrecondition(predicted.count == y.count, "ShardedKNearestNeighborsClassifier.score: \(predicted.count) queries but \(y.count) labels")
        return Double(zip(predicted, y).filter { $0 == $1 }.count) / Double(Swift.max(y.count, 1))
    }

    /// Searches this shard, gathers every shard's `k` best candidates per query (distance, global
    /// index, class; a shard with fewer samples pads with infinite distances) and keeps the
    /// best `k` by (distance, index).
    private func merged(_ x: Tensor<Scalar>) throws -> (neighbors: NearestNeighbors<Scalar>, classes: [[Int]]) {
        guard totalCount > 0 else { throw ClassicalMLError.notFitted(estimator: "ShardedKNearestNeighborsClassifier") }
        let queries = x.rank == 0 ? 0 : x.shape[0], k = self.k
        var found: NearestNeighbors<Scalar>?
        _ = try agree(communicator) { () -> String in
            if let local { found = try local.kneighbors(x) }
            return ""
        }
        // (distance, global index, class) for each query's k slots, as Doubles (exact: indices
        // and classes below 2⁵³).
        var mine = [Double](repeating: .infinity, count: queries * k * 3)
        if let found {
            let kept = found.indices.first?.count ?? 0
            let distances = found.distances.scalars
            for q in 0..<queries {
                for m in 0..<kept {
                    let slot = (q * k + m) * 3, index = found.indices[q][m]
                    mine[slot] = Double(distances[q * kept + m])
                    mine[slot + 1] = Double(offset + index)
                    mine[slot + 2] = Double(labels[index])
                }
            }
        }
        let size = communicator.size
        var all = [Double](repeating: 0, count: size * mine.count)
        mine.withUnsafeBufferPointer { m in
            all.withUnsafeMutableBufferPointer { a in
                communicator.allgather(m.baseAddress!, count: m.count, into: a.baseAddress!)
            }
        }
        var distances = [Scalar](), indices = [[Int]](), classes = [[Int]]()
        distances.reserveCapacity(queries * k)
        var candidates: [(distance: Double, index: Double, label: Double)] = []
        for q in 0..<queries {
            candidates.removeAll(keepingCapacity: true)
            for r in 0..<size {
                for m in 0..<k {
                    let slot = r * mine.count + (q * k + m) * 3
                    if all[slot].isFinite { candidates.append((all[slot], all[slot + 1], all[slot + 2])) }
                }
            }
            candidates.sort { ($0.distance, $0.index) < ($1.distance, $1.index) }
            let best = candidates.prefix(k)
            distances += best.map { Scalar($0.distance) }
            indices.append(best.map { Int($0.index) })
            classes.append(best.map { Int($0.label) })
        }
        return (NearestNeighbors(distances: Tensor(shape: [queries, k], scalars: distances), indices: indices), classes)
    }
}

/// Why a sharded search failed.
public enum ShardedSearchError: Error, Equatable, CustomStringConvertible {
    /// Another process failed (its rank, and its error as text).
    case otherRankFailed(rank: Int, message: String)
    /// All shards together hold fewer samples than the `k` neighbours asked for.
    case tooFewSamples(k: Int, total: Int)

    /// A sentence naming what failed.
    public var description: String {
        switch self {
        case let .otherRankFailed(rank, message): return "rank \(rank) failed: \(message)"
        case let .tooFewSamples(k, total): return "k = \(k) neighbours, but the shards hold \(total) training samples in all"
        }
    }
}

/// Runs `body` on every process and gathers what each returned; when `body` threw on any process,
/// every process throws: the failed process its own error, the others
/// ``ShardedSearchError/otherRankFailed(rank:message:)`` naming the first that failed. Collective.
func agree(_ communicator: any Communicator, _ body: () throws -> String) throws -> [String] {
    var failure: Error?, text = ""
    do { text = "ok:" + (try body()) } catch { failure = error; text = "error:\(error)" }
    let all = communicator.allgather(text)
    if let failure { throw failure }
    if let rank = all.firstIndex(where: { $0.hasPrefix("error:") }) {
        throw ShardedSearchError.otherRankFailed(rank: rank, message: String(all[rank].dropFirst("error:".count)))
    }
    return all.map { String($0.dropFirst("ok:".count)) }
}
