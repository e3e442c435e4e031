// Brute-force k-nearest-neighbour search, the engine of both k-NN estimators (and of k-means'
// assignment step).
//
// Queries are processed in blocks, each block against the training set in tiles, so memory stays
// at a few query-block x training-tile distance tiles whatever the sizes:
// - L2, on Double and Float data (NeighborSearch+FloatFilter.swift): the data is centred on the
//   training mean, one SGEMM per tile picks candidates with a proven rounding margin, and their
//   Double distances decide;
// - cosine, and L2 where the filter gives up (NeighborSearch+Products.swift): one GEMM per tile,
//   then the tile's rows are scanned;
// - L1 (NeighborSearch+Manhattan.swift): a vectorised loop over a panel layout of the training
//   set, with the query blocks spread over the cores.
// The k best of each query are kept in a sorted array (TopK) while scanning the tiles in training
// order. At the end the distances of the winners (or candidates) are recomputed directly from the
// data, in Double for Float data too (no GEMM cancellation), and the k are sorted by (distance,
// training index).

/// A training set prepared for nearest-neighbour queries under one metric.
internal struct NeighborSearch<Scalar: TensorScalar>: Sendable {
    /// The metric.
    let metric: DistanceMetric
    /// The training samples, samples x features.
    let points: Tensor<Scalar>
    /// What the tiles are computed from: for L2 the points minus ``centre`` with an extra column
    /// `−‖x‖²/2`, so that one GEMM against centred queries with an extra column of ones gives
    /// `‖x‖² − 2 q·x` (used where the Float filter gives up); for
    /// cosine the unit-normalised points; for L1 the points in panels of 8 samples,
    /// feature-major within a panel (see ``manhattanPanels(_:)``).
    let prepared: Tensor<Scalar>
    /// Under L2 (centred coordinates within the proven range): the Float side of the two-stage
    /// search (NeighborSearch+FloatFilter.swift).
    let floatFilter: FloatFilter?
    /// Under L2, the mean of the training points (in Double): the searches by products subtract
    /// it from points and queries, which leaves distances unchanged and keeps the norms small.
    let centre: [Double]
    /// Under L2, the largest magnitude of a centred training coordinate (in Double): whether the
    /// product search's `‖x‖² − 2 q·x` stays finite in `Scalar` (see ``productsFit(_:)``).
    let largestCentred: Double

    var sampleCount: Int { points.shape[0] }
    var featureCount: Int { points.shape[1] }

    /// Block and tile sizes (tests shrink them to cross many boundaries with little data).
    struct Tiling: Sendable {
        /// Queries per block of the L2 and cosine search.
        var productQueries = 256
        /// Training samples per tile of the L2 and cosine search: a tile is at most
        /// 256 x 2048 scalars.
        var productTraining = 2048
        /// Queries per block of the L1 search (blocks are spread over the cores).
        var manhattanQueries = 32
        /// Training samples per tile of the L1 search; rounded up to a multiple of 8.
        var manhattanTraining = 1024
        /// The most candidates a query of the two-stage L2 search keeps before it is searched
        /// again in Double alone.
        var filterCandidates = 4096
        /// The most training scalars (samples x features) for which the L2 search computes every
        /// distance directly, in Double: below it a query's GEMM tile and candidate bookkeeping
        /// cost more than its distances (k-means' assignment of 20000 samples of 16 features to
        /// 8 centroids took 2.4 times as long through the filter).
        var directSearchLimit = 2048
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    init(points: Tensor<Scalar>, metric: DistanceMetric) {
        self.metric = metric
        self.points = points
        centre = metric == .l2 ? columnMeansInDouble(points) : []
        largestCentred = metric == .l2 ? largestMagnitude(points, minus: centre) : 0
        floatFilter = metric == .l2 ? FloatFilter(points: points, centre: centre) : nil
        switch metric {
        case .l2:
            let shifted = centred(points, centre)
            let halfNorms = Tensor(rowSquaredNorms(shifted).map { Scalar(-$0 / 2) })
            prepared = Tensor.concatenated([shifted, halfNorms.reshaped(points.shape[0], 1)], alongDimension: 1)
        case .cosine:
            prepared = unitRows(points)
        case .l1:
            prepared = Self.manhattanPanels(points)
        }
    }

    /// The `k` nearest training samples of each row of `queries` (which has `featureCount`
    /// columns): distances and indices, queries x k, row-major, nearest first.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func search(_ queries: Tensor<Scalar>, k: Int, tiling: Tiling = Tiling()) -> (distances: [Scalar], indices: [Int]) {
        let q = queries.shape[0]
        var distances = [Scalar](repeating: 0, count: q * k)
        var indices = [Int](repeating: 0, count: q * k)
        if q == 0 || k == 0 { return (distances, indices) }
        distances.withUnsafeMutableBufferPointer { dOut in
            indices.withUnsafeMutableBufferPointer { iOut in
                let output = NeighborOutput(distances: dOut.baseAddress!, indices: iOut.baseAddress!, k: k)
                if metric == .l2 && sampleCount * featureCount <= tiling.directSearchLimit {
                    searchDirectly(queries, k: k, into: output)
                } else if let floatFilter, let (filterData, shift) = floatFilter.queryData(queries) {
                    searchThroughFilter(floatFilter, queries, filterData: filterData, shift: shift, k: k, tiling: tiling, into: output)
                } else if metric == .l2 && !productsFit(queries) {
                    // Coordinates so large (Float data near 3e38) that the products would
                    // overflow to infinity and rank at random: every distance in Double instead.
                    searchDirectly(queries, k: k, into: output)
                } else {
                    searchInScalar(queries, k: k, tiling: tiling, into: output)
                }
            }
        }
        return (distances, indices)
    }

    /// Whether the L2 search by products in `Scalar` stays finite for `queries`: every ranking
    /// value `‖x‖² − 2 q·x` of the centred data, and each of its terms, is at most a sixteenth of
    /// `Scalar`'s largest value. Otherwise the search computes every distance in Double.
    func productsFit(_ queries: Tensor<Scalar>) -> Bool {
        let terms = Double(featureCount + 1)
        let limit = Double(Scalar.greatestFiniteMagnitude) / 16
        let largestQuery = largestMagnitude(queries, minus: centre)
        let (x, q) = (largestCentred, largestQuery)
        return x.isFinite && q.isFinite && terms * x * x <= limit && 2 * terms * x * q <= limit
    }

    /// The L2 search by every distance computed directly in Double, for small training sets.
    /// Blocks of queries are spread over the cores; each query's k nearest are kept sorted by
    /// (distance, index), a later sample displacing an earlier one only when strictly nearer.
    func searchDirectly(_ queries: Tensor<Scalar>, k: Int, into output: NeighborOutput<Scalar>) {
        let (q, n, d) = (queries.shape[0], sampleCount, featureCount)
        let rows = Swift.max(64, (q + activeCores - 1) / activeCores)
        queries.withUnsafeBufferPointer { qBuffer in
            points.withUnsafeBufferPointer { pBuffer in
                let (queryBase, pointBase) = (UncheckedSendable(qBuffer.baseAddress!), UncheckedSendable(pBuffer.baseAddress!))
                parallelFor((q + rows - 1) / rows) { block in
                    let first = block * rows, count = Swift.min(rows, q - first)
                    let kept = UnsafeMutablePointer<Double>.allocate(capacity: k)
                    let from = UnsafeMutablePointer<Int>.allocate(capacity: k)
                    defer { kept.deallocate(); from.deallocate() }
                    for r in first..<(first + count) {
                        let query = queryBase.value + r * d
                        var filled = 0
                        for j in 0..<n {
                            let distance = euclidean(query, pointBase.value + j * d, d)
                            if filled == k && !(distance < kept[k - 1]) { continue }
                            // Insert after every kept value that is not larger (ties keep the lower index).
                            var position = filled < k ? filled : k - 1
                            if filled < k { filled += 1 }
                            while position > 0 && kept[position - 1] > distance {
                                kept[position] = kept[position - 1]
                                from[position] = from[position - 1]
                                position -= 1
                            }
                            kept[position] = distance
                            from[position] = j
                        }
                        for m in 0..<k {
                            output.distances[r * k + m] = Scalar(kept[m])
                            output.indices[r * k + m] = from[m]
                        }
                    }
                }
            }
        }
    }

    /// The search in `Scalar` arithmetic throughout, for every metric (and for the queries the
    /// Float filter gives up on).
    func searchInScalar(_ queries: Tensor<Scalar>, k: Int, tiling: Tiling, into output: NeighborOutput<Scalar>) {
        switch metric {
        case .l2:
            let withOnes = Tensor.concatenated([centred(queries, centre), Tensor.ones(shape: [queries.shape[0], 1])], alongDimension: 1)
            searchByProducts(queries, withOnes, k: k, tiling: tiling, into: output)
        case .cosine: searchByProducts(queries, unitRows(queries), k: k, tiling: tiling, into: output)
        case .l1: searchByManhattanPanels(queries, k: k, tiling: tiling, into: output)
        }
    }

    /// How the product searches (L2, cosine, the Float filter) split `queryCount` queries: blocks
    /// of `rows` queries, at most one block's share per core, against tiles of `width` training
    /// samples.
    func productBlocking(queryCount: Int, tiling: Tiling) -> (rows: Int, width: Int) {
        let perCore = (queryCount + activeCores - 1) / activeCores
        return (Swift.max(1, Swift.min(tiling.productQueries, perCore)),
                Swift.min(Swift.max(tiling.productTraining, 1), sampleCount))
    }

    /// Recomputes the distances of the candidates of queries `first..<first + count`
    /// (`candidates(r)` belongs to query `first + r`, and has at least `k`) in Double from the
    /// data, sorts each query's by (distance, index), and writes the first `k` to `output`.
    func finish(_ candidates: (Int) -> [Int], queries: Tensor<Scalar>, first: Int, count: Int,
                into output: NeighborOutput<Scalar>) {
        let d = featureCount, k = output.k
        queries.withUnsafeBufferPointer { qBuffer in
            points.withUnsafeBufferPointer { pBuffer in
                for r in 0..<count {
                    let query = qBuffer.baseAddress! + (first + r) * d
                    var found: [(distance: Double, index: Int)] = candidates(r).map { j in
                        let point = pBuffer.baseAddress! + j * d
                        let distance: Double
                        switch metric {
                        case .l2: distance = euclidean(query, point, d)
                        case .l1: distance = manhattan(query, point, d)
                        case .cosine: distance = cosineDistance(query, point, d)
                        }
                        return (distance, j)
                    }
                    found.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
                    let row = (first + r) * k
                    for (m, neighbor) in found.prefix(k).enumerated() {
                        output.distances[row + m] = Scalar(neighbor.distance)
                        output.indices[row + m] = neighbor.index
                    }
                }
            }
        }
    }
}

/// Where a search writes its results: queries x k distances and indices, row-major. Workers
/// write disjoint rows.
internal struct NeighborOutput<Scalar: TensorScalar>: @unchecked Sendable {
    let distances: UnsafeMutablePointer<Scalar>
    let indices: UnsafeMutablePointer<Int>
    let k: Int
}

/// The largest `|x[i, j] − centre[j]|`, in Double.
private func largestMagnitude<Scalar: TensorScalar>(_ x: Tensor<Scalar>, minus centre: [Double]) -> Double {
    let (n, d) = (x.shape[0], x.shape[1])
    var largest = 0.0
    x.withUnsafeBufferPointer { p in
        for i in 0..<n {
            for j in 0..<d { largest = Swift.max(largest, Swift.abs(Double(p[i * d + j]) - centre[j])) }
        }
    }
    return largest
}

/// The Euclidean distance in Double (each difference of Float data is exact in Double).
@inline(__always)
private func euclidean<Scalar: TensorScalar>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ d: Int) -> Double {
    var sum = 0.0
    for j in 0..<d { let t = Double(a[j]) - Double(b[j]); sum += t * t }
    return sum.squareRoot()
}

/// The Manhattan distance in Double.
@inline(__always)
private func manhattan<Scalar: TensorScalar>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ d: Int) -> Double {
    var sum = 0.0
    for j in 0..<d { sum += Swift.abs(Double(a[j]) - Double(b[j])) }
    return sum
}

/// The cosine distance `1 − a·b / (‖a‖‖b‖)` in Double, clamped to [0, 2]; 1 when either vector
/// is zero.
@inline(__always)
private func cosineDistance<Scalar: TensorScalar>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ d: Int) -> Double {
    var dot = 0.0, aa = 0.0, bb = 0.0
    for j in 0..<d {
        let (x, y) = (Double(a[j]), Double(b[j]))
        dot += x * y
        aa += x * x
        bb += y * y
    }
    if aa == 0 || bb == 0 { return 1 }
    return Swift.min(Swift.max(1 - dot / (aa.squareRoot() * bb.squareRoot()), 0), 2)
}

/// The squared Euclidean norm of each row, in Double.
private func rowSquaredNorms<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> [Double] {
    let (n, d) = (x.shape[0], x.shape[1])
    return x.withUnsafeBufferPointer { p in
        (0..<n).map { r in
            var sum = 0.0
            for j in 0..<d { let v = Double(p[r * d + j]); sum += v * v }
            return sum
        }
    }
}

/// Each row divided by its Euclidean norm (zero rows stay zero).
private func unitRows<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    let d = x.shape[1]
    let norms = rowSquaredNorms(x)
    var result = x
    result.withUnsafeMutableBufferPointer { p in
        // A norm is a sum of squares, never a difference: it is 0 only for a zero row (or one
        // whose squares underflow even in Double), so the exact test is the right one here.
        for (r, squared) in norms.enumerated() where squared > 0 {
            let scale = 1 / squared.squareRoot()
            for j in 0..<d { p[r * d + j] = Scalar(Double(p[r * d + j]) * scale) }
        }
    }
    return result
}
