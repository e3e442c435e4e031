// Brute-force k-nearest-neighbour search, the engine of both k-NN estimators.
//
// Queries are processed in blocks, each block against the training set in tiles, so memory stays
// at one queryBlock x trainingTile distance tile per worker whatever the sizes. Query blocks are
// spread over the cores. Per tile:
// - L2 ranks by ‖x‖² − 2 q·x (‖q‖² is the same for every x), one GEMM per tile whose C starts
//   as ‖x‖² so the addition comes free;
// - cosine ranks by −q̂·x̂ on unit-normalised rows, again one GEMM;
// - L1 sums |qⱼ − xⱼ| over features with the training set stored feature-major, so the inner loop
//   runs along training samples and vectorises.
// The k best of each query are kept in a sorted array while scanning the tiles in training order.
// At the end the distances of the k winners are recomputed directly from the data (no GEMM
// cancellation), and the k are sorted by (distance, training index).

/// A training set prepared for nearest-neighbour queries under one metric.
internal struct NeighborSearch<Scalar: TensorScalar>: Sendable {
    /// The metric.
    let metric: DistanceMetric
    /// The training samples, samples x features.
    let points: Tensor<Scalar>
    /// What the tiles are computed from: the points (L2), the unit-normalised points (cosine) or
    /// the transposed points, features x samples (L1).
    let prepared: Tensor<Scalar>
    /// Squared row norms of the points (L2 only).
    let squaredNorms: [Scalar]

    /// Queries per block.
    static var queryBlock: Int { 64 }
    /// Training samples per tile.
    static var trainingTile: Int { 1024 }

    var sampleCount: Int { points.shape[0] }
    var featureCount: Int { points.shape[1] }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    init(points: Tensor<Scalar>, metric: DistanceMetric) {
        self.metric = metric
        self.points = points
        switch metric {
        case .l2:
            prepared = points
            squaredNorms = rowSquaredNorms(points)
        case .cosine:
            prepared = unitRows(points)
            squaredNorms = []
        case .l1:
            prepared = points.transposed()
            squaredNorms = []
        }
    }

    /// The `k` nearest training samples of each row of `queries` (which has `featureCount`
    /// columns): distances and indices, queries x k, row-major, nearest first.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func search(_ queries: Tensor<Scalar>, k: Int) -> (distances: [Scalar], indices: [Int]) {
        let q = queries.shape[0]
        var distances = [Scalar](repeating: 0, count: q * k)
        var indices = [Int](repeating: 0, count: q * k)
        if q == 0 || k == 0 { return (distances, indices) }
        let queryData = metric == .cosine ? unitRows(queries) : queries
        let blocks = (q + Self.queryBlock - 1) / Self.queryBlock
        distances.withUnsafeMutableBufferPointer { dOut in
            indices.withUnsafeMutableBufferPointer { iOut in
                let outputs = UncheckedSendable((dOut.baseAddress!, iOut.baseAddress!))
                parallelFor(blocks) { block in
                    let first = block * Self.queryBlock
                    let count = Swift.min(Self.queryBlock, q - first)
                    searchBlock(queries: queries, queryData: queryData, first: first, count: count, k: k,
                                distances: outputs.value.0 + first * k, indices: outputs.value.1 + first * k)
                }
            }
        }
        return (distances, indices)
    }

    /// Finds the neighbours of queries `first..<first + count`, writing `count * k` results.
    private func searchBlock(
        queries: Tensor<Scalar>, queryData: Tensor<Scalar>, first: Int, count: Int, k: Int,
        distances: UnsafeMutablePointer<Scalar>, indices: UnsafeMutablePointer<Int>
    ) {
        let n = sampleCount, d = featureCount
        let tileWidth = Swift.min(Self.trainingTile, n)
        var tile = [Scalar](repeating: 0, count: count * tileWidth)
        var best = TopK<Scalar>(lists: count, k: k)
        queryData.withUnsafeBufferPointer { qBuffer in
            prepared.withUnsafeBufferPointer { pBuffer in
                tile.withUnsafeMutableBufferPointer { tBuffer in
                    let queryRows = qBuffer.baseAddress! + first * d
                    let data = pBuffer.baseAddress, t = tBuffer.baseAddress!
                    for start in stride(from: 0, to: n, by: tileWidth) {
                        let width = Swift.min(tileWidth, n - start)
                        switch metric {
                        case .l2:
                            squaredNorms.withUnsafeBufferPointer { norms in
                                for r in 0..<count {
                                    (t + r * width).update(from: norms.baseAddress! + start, count: width)
                                }
                            }
                            if d > 0 {
                                Scalar.blasGemm(transposeA: false, transposeB: true, m: count, n: width, k: d,
                                                alpha: -2, a: queryRows, lda: d, b: data! + start * d, ldb: d,
                                                beta: 1, c: t, ldc: width)
                            }
                        case .cosine:
                            if d > 0 {
                                Scalar.blasGemm(transposeA: false, transposeB: true, m: count, n: width, k: d,
                                                alpha: -1, a: queryRows, lda: d, b: data! + start * d, ldb: d,
                                                beta: 0, c: t, ldc: width)
                            } else {
                                t.update(repeating: 0, count: count * width)
                            }
                        case .l1:
                            for r in 0..<count {
                                manhattanRow(queryRows + r * d, features: d, transposed: data, stride: n,
                                             start: start, width: width, into: t + r * width)
                            }
                        }
                        for r in 0..<count { best.offer(list: r, values: t + r * width, count: width, firstIndex: start) }
                    }
                }
            }
        }
        // Exact distances of the winners, then the final order.
        queries.withUnsafeBufferPointer { qBuffer in
            points.withUnsafeBufferPointer { pBuffer in
                queryData.withUnsafeBufferPointer { uBuffer in
                    prepared.withUnsafeBufferPointer { preparedBuffer in
                        for r in 0..<count {
                            let query = qBuffer.baseAddress! + (first + r) * d
                            let unitQuery = uBuffer.baseAddress! + (first + r) * d
                            var found: [(distance: Scalar, index: Int)] = best.indices(of: r).map { j in
                                let distance: Scalar
                                switch metric {
                                case .l2:
                                    distance = euclidean(query, pBuffer.baseAddress! + j * d, d)
                                case .l1:
                                    distance = manhattan(query, pBuffer.baseAddress! + j * d, d)
                                case .cosine:
                                    distance = cosineDistance(unitQuery, preparedBuffer.baseAddress! + j * d, d)
                                }
                                return (distance, j)
                            }
                            found.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
                            for (m, neighbor) in found.enumerated() {
                                distances[r * k + m] = neighbor.distance
                                indices[r * k + m] = neighbor.index
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `out[i] = Σⱼ |query[j] − x[j, start + i]|` for `i` in `0..<width`, with the training set stored
/// transposed (features x samples, row stride `stride`), so the inner loop is element-wise.
@inline(__always)
private func manhattanRow<Scalar: TensorScalar>(
    _ query: UnsafePointer<Scalar>, features d: Int, transposed: UnsafePointer<Scalar>?, stride: Int,
    start: Int, width: Int, into out: UnsafeMutablePointer<Scalar>
) {
    out.update(repeating: 0, count: width)
    guard let transposed else { return }
    for j in 0..<d {
        let value = query[j], row = transposed + j * stride + start
        for i in 0..<width { out[i] += Swift.abs(value - row[i]) }
    }
}

@inline(__always)
private func euclidean<Scalar: TensorScalar>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ d: Int) -> Scalar {
    var sum: Scalar = 0
    for j in 0..<d { let t = a[j] - b[j]; sum += t * t }
    return sum.squareRoot()
}

@inline(__always)
private func manhattan<Scalar: TensorScalar>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ d: Int) -> Scalar {
    var sum: Scalar = 0
    for j in 0..<d { sum += Swift.abs(a[j] - b[j]) }
    return sum
}

@inline(__always)
private func cosineDistance<Scalar: TensorScalar>(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ d: Int) -> Scalar {
    var dot: Scalar = 0
    for j in 0..<d { dot += a[j] * b[j] }
    return Swift.min(Swift.max(1 - dot, 0), 2)
}

/// The squared Euclidean norm of each row.
private func rowSquaredNorms<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> [Scalar] {
    let (n, d) = (x.shape[0], x.shape[1])
    return x.withUnsafeBufferPointer { p in
        (0..<n).map { r in
            var sum: Scalar = 0
            for j in 0..<d { let v = p[r * d + j]; sum += v * v }
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
        for (r, squared) in norms.enumerated() where squared > 0 {
            let scale = 1 / squared.squareRoot()
            for j in 0..<d { p[r * d + j] *= scale }
        }
    }
    return result
}
