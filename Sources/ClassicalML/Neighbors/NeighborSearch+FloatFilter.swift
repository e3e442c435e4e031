// The L2 search in two stages, for Double and Float data alike. Ranking values computed in
// Float (one SGEMM per tile, about twice the speed of DGEMM) pick out every training sample that
// could be among a query's k nearest; the exact Double distances of those few candidates then
// decide. The margin that decides who is a candidate is a proven bound on the Float rounding
// error, not a guess, so the neighbours are the ones an exact search finds, ties included.
//
// Centring. The ranking value ‖x‖² − 2 q·x cancels catastrophically when the data sits far from
// the origin: for Float samples [10000] and [10002], ‖x‖² is 10⁸ and Float's spacing there is 8,
// so the ranking could not tell the query [10002] from either sample (it answered sample 0 at
// distance 2). Distances do not change when every point moves by the same vector, so the filter
// works on the data minus the training mean m (taken in Double, each difference formed in Double
// and then rounded to Float): the norms, and with them the margin, are then those of the spread
// of the data, not of its offset. The candidates' distances are computed from the original data,
// in Double.
//
// The bound. With u = 2⁻²⁴, d features and every coordinate at most 2⁴⁰ in magnitude, the Float
// value G of the ranking value R = ‖x‖² − 2 q·x (rounded inputs, a (d+1)-term dot product with
// the extra column) is within α(‖q‖² + 2‖x‖²) + β of R, with α = (2d + 64)u and β = (d + 2)·2⁻¹²⁰
// (β covers underflow). That is about twice the textbook bound γ_{d+1} of a dot product plus the
// input roundings, so the rounding of the few Float operations of the test itself, and the error
// of the Double distance computed at the end, fit inside it too; so does the centring, whose
// Double subtraction moves each centred coordinate by at most 2⁻⁵³ of itself (the distances of
// the centred points differ from the true ones by about 2⁻⁵² of ‖q‖² + ‖x‖², far inside 64u).
//
// The test. Split the margin as c(q) = α‖q‖² + β/2 and s(x) = 2α‖x‖² + β/2, so that each R lies
// in [G − s − c, G + s + c]. If τ is the k-th smallest upper end G + s + c over the training set,
// at least k samples have R ≤ τ, so every one of the k nearest, and every sample tied with the
// k-th, has R ≤ τ and therefore a lower end G − s − c ≤ τ: those are the candidates. The prepared
// training data folds s(x) into the GEMM, which gives h = G + s directly, and c(q) is the same for
// all of a query's samples: a sample is a candidate when h − 2s ≤ τ_h + 2c, with τ_h the k-th
// smallest h. Scanning in training order with the running τ_h (which only falls) keeps a superset,
// pruned as τ_h falls.

internal import CWickKernels

extension NeighborSearch {
    /// The Float side of the two-stage L2 search.
    struct FloatFilter: Sendable {
        /// The training mean, subtracted (in Double) from training points and queries alike.
        let centre: [Double]
        /// The training points in Float with an extra column `−(‖x‖² + s(x))/2`, samples x (d + 1):
        /// one GEMM against queries with an extra column of ones, with alpha −2, gives `h = G + s`.
        let prepared: Tensor<Float>
        /// `2 s(x)` of each training sample: `h − 2s` is the lower end of its range.
        let lowerShift: [Float]
        /// α of the bound, which scales with the number of features.
        let alpha: Double

        /// The largest coordinate magnitude the bound is proven for: squares and sums stay far
        /// inside Float's range.
        static var largestMagnitude: Double { 0x1p40 }
        /// β of the bound.
        static func beta(features: Int) -> Double { Double(features + 2) * 0x1p-120 }

        /// Nil when some centred coordinate is too large for the bound (the search then stays in
        /// `Scalar`).
        init?(points: Tensor<Scalar>, centre: [Double]) {
            let d = points.shape[1]
            guard let widened = Self.widened(points, centre: centre) else { return nil }
            self.centre = centre
            var prepared = widened.rows
            let norms = widened.norms
            let alpha = Double(2 * d + 64) * 0x1p-24, halfBeta = Self.beta(features: d) / 2
            var lowerShift = [Float](repeating: 0, count: norms.count)
            for (i, norm) in norms.enumerated() {
                let s = 2 * alpha * norm + halfBeta
                prepared[i * (d + 1) + d] = Float(-(norm + s) / 2)
                lowerShift[i] = Float(2 * s)
            }
            self.alpha = alpha
            self.prepared = Tensor(shape: [norms.count, d + 1], scalars: prepared)
            self.lowerShift = lowerShift
        }

        /// The queries in Float with a column of ones, and `2c(q)` for each; nil when some
        /// coordinate is too large for the bound.
        func queryData(_ queries: Tensor<Scalar>) -> (data: Tensor<Float>, shift: [Double])? {
            let d = queries.shape[1]
            guard let (data, norms) = Self.widened(queries, centre: centre) else { return nil }
            let beta = Self.beta(features: d)
            return (Tensor(shape: [norms.count, d + 1], scalars: data), norms.map { 2 * alpha * $0 + beta })
        }

        /// The rows of `x` minus `centre` in Float with an extra column of ones, and the squared
        /// norms of the centred rows (in Double); nil when some centred coordinate is above
        /// ``largestMagnitude``.
        private static func widened(_ x: Tensor<Scalar>, centre: [Double]) -> (rows: [Float], norms: [Double])? {
            let (n, d) = (x.shape[0], x.shape[1])
            var rows = [Float](repeating: 1, count: n * (d + 1))
            var norms = [Double](repeating: 0, count: n)
            let fits = x.withUnsafeBufferPointer { p in
                centre.withUnsafeBufferPointer { c in
                    var largest = 0.0
                    for i in 0..<n {
                        var norm = 0.0
                        for j in 0..<d {
                            let v = Double(p[i * d + j]) - c[j]
                            norm += v * v
                            largest = Swift.max(largest, Swift.abs(v))
                            rows[i * (d + 1) + j] = Float(v)
                        }
                        norms[i] = norm
                    }
                    return largest <= largestMagnitude
                }
            }
            return fits ? (rows, norms) : nil
        }
    }

    /// The L2 search through the Float filter. Blocks of queries are spread over the cores (BLAS
    /// held to one thread, as in ``searchByProducts(_:_:k:tiling:into:)``); each worker takes its
    /// block through the training set tile by tile and keeps, per query, the candidates and the
    /// k smallest `h`. The candidates' Double distances then decide. A query with more than
    /// `tiling.filterCandidates` candidates after pruning (many samples tied within the margin)
    /// is searched again in Double, the ordinary way.
    func searchThroughFilter(_ filter: FloatFilter, _ queries: Tensor<Scalar>, filterData: Tensor<Float>, shift: [Double],
                             k: Int, tiling: Tiling, into output: NeighborOutput<Scalar>) {
        let q = queries.shape[0]
        let (blockRows, tileWidth) = productBlocking(queryCount: q, tiling: tiling)
        let blocks = (q + blockRows - 1) / blockRows
        let overflow = UncheckedSendable(UnsafeMutableBufferPointer<Bool>.allocate(capacity: q))
        overflow.value.initialize(repeating: false)
        defer { overflow.value.deallocate() }
        withSingleThreadedBLAS {
            parallelFor(blocks) { block in
                let first = block * blockRows
                let count = Swift.min(blockRows, q - first)
                let candidates = filterBlock(filter, filterData, shift: shift, first: first, count: count, k: k,
                                             tileWidth: tileWidth, cap: tiling.filterCandidates)
                for r in 0..<count where candidates[r] == nil { overflow.value[first + r] = true }
                finish({ candidates[$0] ?? [] }, queries: queries, first: first, count: count, into: output)
            }
        }
        let again = (0..<q).filter { overflow.value[$0] }
        if again.isEmpty { return }
        let subset = queries.selecting(rows: again)
        var distances = [Scalar](repeating: 0, count: again.count * k), indices = [Int](repeating: 0, count: again.count * k)
        distances.withUnsafeMutableBufferPointer { dOut in
            indices.withUnsafeMutableBufferPointer { iOut in
                searchInScalar(subset, k: k, tiling: tiling,
                               into: NeighborOutput(distances: dOut.baseAddress!, indices: iOut.baseAddress!, k: k))
            }
        }
        for (m, query) in again.enumerated() {
            for j in 0..<k {
                output.distances[query * k + j] = distances[m * k + j]
                output.indices[query * k + j] = indices[m * k + j]
            }
        }
    }

    /// The candidates of queries `first..<first + count` (entry `r` for query `first + r`), in
    /// training order; nil for a query with more than `cap` of them.
    private func filterBlock(_ filter: FloatFilter, _ filterData: Tensor<Float>, shift: [Double], first: Int, count: Int,
                             k: Int, tileWidth: Int, cap: Int) -> [[Int]?] {
        let n = sampleCount, width = filter.prepared.shape[1]  // d + 1
        var lists = CandidateLists(count: count, k: k, shift: shift[first..<(first + count)])
        var tile = [Float](repeating: 0, count: count * tileWidth)
        filterData.withUnsafeBufferPointer { qBuffer in
            filter.prepared.withUnsafeBufferPointer { pBuffer in
                filter.lowerShift.withUnsafeBufferPointer { lowerShift in
                    tile.withUnsafeMutableBufferPointer { t in
                        let values = t.baseAddress!
                        for start in stride(from: 0, to: n, by: tileWidth) {
                            let columns = Swift.min(tileWidth, n - start)
                            gemm(transposeA: false, transposeB: true, m: count, n: columns, k: width,
                                 alpha: -2, a: qBuffer.baseAddress! + first * width, lda: width,
                                 b: pBuffer.baseAddress! + start * width, ldb: width, beta: 0, c: values, ldc: columns)
                            for r in 0..<count {
                                lists.scan(r, values: values + r * columns, shifts: lowerShift.baseAddress! + start,
                                           count: columns, firstIndex: start, cap: cap)
                            }
                        }
                    }
                }
            }
        }
        return lists.result
    }
}

/// The candidates of a block of queries in the two-stage L2 search, and the k smallest `h` of
/// each, from which its threshold comes.
private struct CandidateLists {
    var best: TopK<Float>
    var indices: [[Int]]
    var lowerEnds: [[Float]]
    var overflowed: [Bool]
    /// `2c(q)` of each query of the block.
    let shift: ArraySlice<Double>

    init(count: Int, k: Int, shift: ArraySlice<Double>) {
        best = TopK(lists: count, k: k)
        indices = Array(repeating: [], count: count)
        lowerEnds = Array(repeating: [], count: count)
        overflowed = Array(repeating: false, count: count)
        self.shift = shift
    }

    /// What each query's candidates are, nil where there were too many.
    var result: [[Int]?] { indices.indices.map { overflowed[$0] ? nil : indices[$0] } }

    /// The bound a candidate's lower end `h − 2s` must not exceed: the k-th smallest `h` plus
    /// `2c(q)`, rounded up so that the Float comparison never drops a candidate.
    func threshold(_ r: Int) -> Float {
        let kth = best.threshold(of: r)
        return kth.isFinite ? Float(Double(kth) + shift[shift.startIndex + r]).nextUp : .infinity
    }

    /// Takes query `r`'s candidates from `count` values of `h` (training samples
    /// `firstIndex...`, whose `2s` are `shifts`), then drops those the new threshold excludes.
    mutating func scan(_ r: Int, values: UnsafePointer<Float>, shifts: UnsafePointer<Float>, count: Int,
                       firstIndex: Int, cap: Int) {
        if overflowed[r] { return }
        var i = wick_first_at_most_f(values, shifts, 0, count, threshold(r))
        while i < count {
            indices[r].append(firstIndex + i)
            lowerEnds[r].append(values[i] - shifts[i])
            best.offer(list: r, values: values + i, count: 1, firstIndex: firstIndex + i)
            i = wick_first_at_most_f(values, shifts, i + 1, count, threshold(r))
        }
        let limit = threshold(r)
        var kept = 0
        for m in 0..<indices[r].count where lowerEnds[r][m] <= limit {
            indices[r][kept] = indices[r][m]
            lowerEnds[r][kept] = lowerEnds[r][m]
            kept += 1
        }
        if kept < indices[r].count {
            indices[r].removeLast(indices[r].count - kept)
            lowerEnds[r].removeLast(lowerEnds[r].count - kept)
        }
        if kept > cap {
            overflowed[r] = true
            indices[r] = []
            lowerEnds[r] = []
        }
    }
}
