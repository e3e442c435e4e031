// The L2 and cosine searches: distances from dot products, one GEMM per tile.

extension NeighborSearch {
    /// The L2 or cosine search. Blocks of queries are spread over the cores; each worker takes
    /// its block through the training set tile by tile, one GEMM per tile giving the ranking
    /// value `‖x‖² − 2 q·x` (L2: `‖q‖²` is the same for every x, and the `‖x‖²` comes from the
    /// extra columns of the prepared data) or `−q̂·x̂` (cosine, on unit rows), then scans the
    /// tile's rows for their k best.
    ///
    /// Each worker calls BLAS, so BLAS is held to one thread for the duration (as scikit-learn
    /// does with threadpoolctl): two workers with single-threaded GEMMs beat one GEMM on two
    /// threads followed by the scan, whose threads would otherwise compete.
    func searchByProducts(_ queries: Tensor<Scalar>, _ queryData: Tensor<Scalar>, k: Int, tiling: Tiling,
                          into output: NeighborOutput<Scalar>) {
        let q = queries.shape[0]
        let (blockRows, tileWidth) = productBlocking(queryCount: q, tiling: tiling)
        withSingleThreadedBLAS {
            parallelFor((q + blockRows - 1) / blockRows) { block in
                let first = block * blockRows
                let count = Swift.min(blockRows, q - first)
                var best = TopK<Scalar>(lists: count, k: k)
                productBlock(queryData, first: first, count: count, tileWidth: tileWidth, into: &best)
                finish({ best.indices(of: $0) }, queries: queries, first: first, count: count, into: output)
            }
        }
    }

    /// Offers the ranking values of queries `first..<first + count` against every training
    /// sample to `best` (list `r` for query `first + r`).
    private func productBlock(_ queryData: Tensor<Scalar>, first: Int, count: Int, tileWidth: Int, into best: inout TopK<Scalar>) {
        let n = sampleCount, width = prepared.shape[1]  // d (+ 1 for L2)
        let alpha: Scalar = metric == .l2 ? -2 : -1
        var tile = [Scalar](repeating: 0, count: count * tileWidth)
        queryData.withUnsafeBufferPointer { qBuffer in
            prepared.withUnsafeBufferPointer { pBuffer in
                tile.withUnsafeMutableBufferPointer { t in
                    let values = t.baseAddress!
                    for start in stride(from: 0, to: n, by: tileWidth) {
                        let columns = Swift.min(tileWidth, n - start)
                        if width > 0 {
                            gemm(transposeA: false, transposeB: true, m: count, n: columns, k: width,
                                 alpha: alpha, a: qBuffer.baseAddress! + first * width, lda: width,
                                 b: pBuffer.baseAddress! + start * width, ldb: width, beta: 0, c: values, ldc: columns)
                        } else {
                            values.update(repeating: 0, count: count * columns)
                        }
                        for r in 0..<count {
                            best.offer(list: r, values: values + r * columns, count: columns, firstIndex: start)
                        }
                    }
                }
            }
        }
    }
}
