/// Expands each sample into the monomials of its features up to a degree, so that a linear model
/// on the expanded data fits a polynomial: the quadratic and higher fits of the lectures.
///
/// For features `[a, b]` and degree 2 the columns are `1, a, b, a², ab, b²`: the bias (when
/// `includeBias`), then the monomials of each degree in turn, each degree in lexicographic order of
/// the feature indices, as scikit-learn orders them. With `interactionOnly` no feature appears
/// twice in a monomial (`1, a, b, ab`).
public struct PolynomialFeatures: Sendable, Equatable {
    /// The highest total degree of a monomial.
    public var degree: Int
    /// Whether a constant column of ones comes first.
    public var includeBias: Bool
    /// Whether only products of distinct features are produced.
    public var interactionOnly: Bool

    /// An expansion up to `degree` (≥ 0).
    public init(degree: Int, includeBias: Bool = true, interactionOnly: Bool = false) {
        wickPrecondition(degree >= 0, "PolynomialFeatures: degree must be non-negative, got \(degree)")
        self.degree = degree
        self.includeBias = includeBias
        self.interactionOnly = interactionOnly
    }

    /// The monomials for `features` input columns, in output order: each is the list of input
    /// feature indices multiplied together (non-decreasing; empty for the bias).
    public func monomials(features: Int) -> [[Int]] {
        var result: [[Int]] = includeBias ? [[]] : []
        var previous: [[Int]] = [[]]
        if degree == 0 { return result }
        for _ in 1...degree {
            var next: [[Int]] = []
            for term in previous {
                let start = interactionOnly ? (term.last.map { $0 + 1 } ?? 0) : (term.last ?? 0)
                for j in stride(from: start, to: features, by: 1) { next.append(term + [j]) }
            }
            result += next
            previous = next
        }
        return result
    }

    /// The exponent of each input feature in each output column: a `columns` x `features` table.
    public func powers(features: Int) -> [[Int]] {
        monomials(features: features).map { term in
            var row = [Int](repeating: 0, count: features)
            for j in term { row[j] += 1 }
            return row
        }
    }

    /// The number of output columns for `features` input columns.
    public func outputFeatureCount(features: Int) -> Int { monomials(features: features).count }

    /// The expanded matrix: samples x ``outputFeatureCount(features:)``.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func transform<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        requireMatrix(x, "PolynomialFeatures.transform")
        let (n, p) = (x.shape[0], x.shape[1])
        let terms = monomials(features: p)
        // Each monomial is an earlier one (its prefix) times one feature: find that parent.
        var position: [[Int]: Int] = [[]: -1]
        var parents = [Int](), factors = [Int]()
        for (column, term) in terms.enumerated() {
            position[term] = column
            parents.append(term.isEmpty ? -1 : position[Array(term.dropLast())] ?? -1)
            factors.append(term.last ?? -1)
        }
        let width = terms.count
        if n == 0 || width == 0 { return .zeros(shape: [n, width]) }
        if p == 0 { return .ones(shape: [n, width]) }  // only the bias column
        var result = Tensor<Scalar>.zeros(shape: [n, width])
        x.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { destination in
                let s = source.baseAddress!, d = destination.baseAddress!
                for r in 0..<n {
                    let input = s + r * p, output = d + r * width
                    for c in 0..<width {
                        let factor = factors[c], parent = parents[c]
                        if factor < 0 {
                            output[c] = 1
                        } else {
                            output[c] = (parent < 0 ? 1 : output[parent]) * input[factor]
                        }
                    }
                }
            }
        }
        return result
    }
}
