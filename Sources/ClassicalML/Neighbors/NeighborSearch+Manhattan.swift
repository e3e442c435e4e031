// The L1 (Manhattan) search: no product to hand to BLAS, so a loop of our own, arranged so that
// the compiler keeps eight running sums in vector registers.

/// Training samples per panel of the L1 layout.
private let panelWidth = 8

extension NeighborSearch {
    /// The samples of `points` in panels of 8: panel `g` holds samples `8g..<8g + 8` feature by
    /// feature (`[g][feature][sample]`), the last panel padded with zeros. One pass over a panel
    /// gives 8 distances with every load used at once.
    static func manhattanPanels(_ points: Tensor<Scalar>) -> Tensor<Scalar> {
        let (n, d) = (points.shape[0], points.shape[1])
        let groups = (n + panelWidth - 1) / panelWidth
        var panels = Tensor<Scalar>.zeros(shape: [groups, d * panelWidth])
        points.withUnsafeBufferPointer { source in
            panels.withUnsafeMutableBufferPointer { target in
                for i in 0..<n {
                    let panel = target.baseAddress! + (i / panelWidth) * d * panelWidth + i % panelWidth
                    for j in 0..<d { panel[j * panelWidth] = source[i * d + j] }
                }
            }
        }
        return panels
    }

    /// The L1 search: blocks of queries in parallel, each against the training set tile by tile.
    func searchByManhattanPanels(_ queries: Tensor<Scalar>, k: Int, tiling: Tiling, into output: NeighborOutput<Scalar>) {
        let q = queries.shape[0]
        let blockRows = Swift.max(tiling.manhattanQueries, 1)
        let tileWidth = roundedToPanels(Swift.min(Swift.max(tiling.manhattanTraining, 1), sampleCount))
        parallelFor((q + blockRows - 1) / blockRows) { block in
            let first = block * blockRows
            let count = Swift.min(blockRows, q - first)
            var best = TopK<Scalar>(lists: count, k: k)
            manhattanBlock(queries, first: first, count: count, tileWidth: tileWidth, into: &best)
            finish({ best.indices(of: $0) }, queries: queries, first: first, count: count, into: output)
        }
    }

    /// Offers the L1 distances from queries `first..<first + count` to every training sample to
    /// `best` (list `r` for query `first + r`).
    private func manhattanBlock(_ queries: Tensor<Scalar>, first: Int, count: Int, tileWidth: Int, into best: inout TopK<Scalar>) {
        let n = sampleCount, d = featureCount
        // Two rows of distances: queries go through the panels in pairs, so that every panel load
        // serves two queries and twice as many independent sums hide the additions' latency.
        var distances = [Scalar](repeating: 0, count: 2 * tileWidth)
        queries.withUnsafeBufferPointer { qBuffer in
            prepared.withUnsafeBufferPointer { panels in
                distances.withUnsafeMutableBufferPointer { out in
                    let first0 = out.baseAddress!, second = out.baseAddress! + tileWidth
                    for start in stride(from: 0, to: n, by: tileWidth) {
                        let width = Swift.min(tileWidth, n - start)
                        let groups = (start / panelWidth)..<(roundedToPanels(start + width) / panelWidth)
                        var r = 0
                        while r + 1 < count {
                            manhattanRows(qBuffer.baseAddress! + (first + r) * d, qBuffer.baseAddress! + (first + r + 1) * d,
                                          panels.baseAddress, features: d, groups: groups, into: first0, second)
                            best.offer(list: r, values: first0, count: width, firstIndex: start)
                            best.offer(list: r + 1, values: second, count: width, firstIndex: start)
                            r += 2
                        }
                        if r < count {
                            manhattanRow(qBuffer.baseAddress! + (first + r) * d, panels.baseAddress, features: d,
                                         groups: groups, into: first0)
                            best.offer(list: r, values: first0, count: width, firstIndex: start)
                        }
                    }
                }
            }
        }
    }
}

/// `count` rounded up to a whole number of panels.
private func roundedToPanels(_ count: Int) -> Int { (count + panelWidth - 1) / panelWidth * panelWidth }

/// `out[8(g − groups.lowerBound) + s] = Σⱼ |query[j] − sample 8g + s at feature j|` for every
/// panel `g` of `groups`: eight independent sums per panel, which the compiler vectorises.
@inline(__always)
private func manhattanRow<Scalar: TensorScalar>(
    _ query: UnsafePointer<Scalar>, _ panels: UnsafePointer<Scalar>?, features d: Int, groups: Range<Int>,
    into out: UnsafeMutablePointer<Scalar>
) {
    guard let panels, d > 0 else {
        out.update(repeating: 0, count: groups.count * panelWidth)
        return
    }
    for group in groups {
        var s0: Scalar = 0, s1: Scalar = 0, s2: Scalar = 0, s3: Scalar = 0
        var s4: Scalar = 0, s5: Scalar = 0, s6: Scalar = 0, s7: Scalar = 0
        var p = panels + group * d * panelWidth
        for j in 0..<d {
            let v = query[j]
            s0 += Swift.abs(v - p[0]); s1 += Swift.abs(v - p[1]); s2 += Swift.abs(v - p[2]); s3 += Swift.abs(v - p[3])
            s4 += Swift.abs(v - p[4]); s5 += Swift.abs(v - p[5]); s6 += Swift.abs(v - p[6]); s7 += Swift.abs(v - p[7])
            p += panelWidth
        }
        let o = out + (group - groups.lowerBound) * panelWidth
        o[0] = s0; o[1] = s1; o[2] = s2; o[3] = s3; o[4] = s4; o[5] = s5; o[6] = s6; o[7] = s7
    }
}

/// ``manhattanRow`` for two queries at once: each panel value is loaded once for both, and the
/// sixteen sums are independent.
@inline(__always)
private func manhattanRows<Scalar: TensorScalar>(
    _ query: UnsafePointer<Scalar>, _ other: UnsafePointer<Scalar>, _ panels: UnsafePointer<Scalar>?, features d: Int,
    groups: Range<Int>, into out: UnsafeMutablePointer<Scalar>, _ otherOut: UnsafeMutablePointer<Scalar>
) {
    guard let panels, d > 0 else {
        out.update(repeating: 0, count: groups.count * panelWidth)
        otherOut.update(repeating: 0, count: groups.count * panelWidth)
        return
    }
    for group in groups {
        var s0: Scalar = 0, s1: Scalar = 0, s2: Scalar = 0, s3: Scalar = 0
        var s4: Scalar = 0, s5: Scalar = 0, s6: Scalar = 0, s7: Scalar = 0
        var t0: Scalar = 0, t1: Scalar = 0, t2: Scalar = 0, t3: Scalar = 0
        var t4: Scalar = 0, t5: Scalar = 0, t6: Scalar = 0, t7: Scalar = 0
        var p = panels + group * d * panelWidth
        for j in 0..<d {
            let v = query[j], w = other[j]
            let p0 = p[0], p1 = p[1], p2 = p[2], p3 = p[3], p4 = p[4], p5 = p[5], p6 = p[6], p7 = p[7]
            s0 += Swift.abs(v - p0); s1 += Swift.abs(v - p1); s2 += Swift.abs(v - p2); s3 += Swift.abs(v - p3)
            s4 += Swift.abs(v - p4); s5 += Swift.abs(v - p5); s6 += Swift.abs(v - p6); s7 += Swift.abs(v - p7)
            t0 += Swift.abs(w - p0); t1 += Swift.abs(w - p1); t2 += Swift.abs(w - p2); t3 += Swift.abs(w - p3)
            t4 += Swift.abs(w - p4); t5 += Swift.abs(w - p5); t6 += Swift.abs(w - p6); t7 += Swift.abs(w - p7)
            p += panelWidth
        }
        let o = out + (group - groups.lowerBound) * panelWidth, q = otherOut + (group - groups.lowerBound) * panelWidth
        o[0] = s0; o[1] = s1; o[2] = s2; o[3] = s3; o[4] = s4; o[5] = s5; o[6] = s6; o[7] = s7
        q[0] = t0; q[1] = t1; q[2] = t2; q[3] = t3; q[4] = t4; q[5] = t5; q[6] = t6; q[7] = t7
    }
}
