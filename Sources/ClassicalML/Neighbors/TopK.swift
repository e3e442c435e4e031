/// For each of several lists (one per query), the `k` smallest values offered so far and where
/// they came from, kept sorted.
///
/// A value displaces the current k-th only when strictly smaller, and it is inserted after any
/// equal values already kept; since candidates are offered in increasing index order, equal
/// values keep the lower indices.
internal struct TopK<Scalar: TensorScalar> {
    let k: Int
    private var values: [Scalar]
    private var sources: [Int]
    private var counts: [Int]

    init(lists: Int, k: Int) {
        self.k = k
        values = [Scalar](repeating: 0, count: lists * k)
        sources = [Int](repeating: 0, count: lists * k)
        counts = [Int](repeating: 0, count: lists)
    }

    /// Offers `count` candidates of list `list`: `candidates[i]` comes from index `firstIndex + i`.
    @inline(__always)
    mutating func offer(list: Int, values candidates: UnsafePointer<Scalar>, count: Int, firstIndex: Int) {
        let k = self.k
        var filled = counts[list]
        values.withUnsafeMutableBufferPointer { valueBuffer in
            sources.withUnsafeMutableBufferPointer { sourceBuffer in
                let kept = valueBuffer.baseAddress! + list * k, from = sourceBuffer.baseAddress! + list * k
                /// Inserts `v` from `index` into the kept slots `0..<slots`, dropping the last.
                @inline(__always) func insert(_ v: Scalar, _ index: Int, slots: Int) {
                    var position = slots - 1
                    while position > 0 && kept[position - 1] > v {
                        kept[position] = kept[position - 1]
                        from[position] = from[position - 1]
                        position -= 1
                    }
                    kept[position] = v
                    from[position] = index
                }
                var i = 0
                // Until the list is full every candidate goes in.
                while filled < k && i < count {
                    filled += 1
                    insert(candidates[i], firstIndex + i, slots: filled)
                    i += 1
                }
                // Then only those below the current k-th: one comparison per candidate.
                if i < count {
                    var worst = kept[k - 1]
                    while i < count {
                        let v = candidates[i]
                        if v < worst {
                            insert(v, firstIndex + i, slots: k)
                            worst = kept[k - 1]
                        }
                        i += 1
                    }
                }
            }
        }
        counts[list] = filled
    }

    /// The current k-th smallest value of list `list`, which a candidate must be below to be
    /// kept; infinity while the list has fewer than `k`.
    func threshold(of list: Int) -> Scalar {
        counts[list] < k ? .infinity : values[list * k + k - 1]
    }

    /// The indices kept for list `list`, smallest value first.
    func indices(of list: Int) -> [Int] {
        Array(sources[(list * k)..<(list * k + counts[list])])
    }
}
