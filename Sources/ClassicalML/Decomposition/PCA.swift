/// Principal component analysis: the orthonormal directions of largest variance of the data, and
/// the projection onto the first few of them.
///
/// ```swift
/// var pca = PCA<Double>(components: 2)
/// let projected = try pca.fitTransform(x)       // samples x 2
/// print(pca.explainedVarianceRatio)
/// ```
///
/// `fit` centres the data and, when there are at least as many samples as features, forms the
/// covariance matrix `XcᵀXc / (n − 1)` with GEMM and solves it with LAPACK's symmetric
/// eigensolver (`syevd`). With fewer samples than features it uses the samples x samples Gram
/// matrix `XcXcᵀ` instead, whose eigenvectors `u` give the components `Xcᵀu / √λ`; that keeps
/// wide data (images, genes) fast.
///
/// The means are taken in Double and each centred value is formed in Double before it is
/// rounded to `Scalar`, so `Float` data far from the origin (10⁴ + a unit spread, 10⁶ rows) keeps
/// its variances: with Float means they came out as 85482 instead of 1. The products of the
/// centred data are summed in Double across blocks of rows (see ``LinearRegression``).
///
/// A component counts as having zero variance when its eigenvalue is at most
/// `16·m·ε·λ_max` (m the order of the eigenproblem, ε of `Scalar`): the rounding error of the
/// eigensolver, below which a computed eigenvalue says nothing. Its ``explainedVariance`` is then
/// exactly 0 (and whitening maps it to 0). When every feature is constant (by the test of
/// ``StandardScaler``) the ratios are all 0.
///
/// Components come sorted by decreasing variance. An eigenvector is only defined up to sign, so
/// each component is flipped to make its entry of largest magnitude positive (the first such
/// entry on a tie), and runs on the same data agree. Components with zero variance (there can be
/// some when `components` approaches the number of samples) are completed to an orthonormal set
/// from the unit vectors, deterministically.
public struct PCA<Scalar: TensorScalar>: Transformer, Sendable {
    /// The number of components kept.
    public var componentCount: Int
    /// Whether ``transform(_:)`` scales each projected coordinate to unit variance.
    public var whiten: Bool

    /// The principal axes, one per row: componentCount x features, orthonormal rows, sorted by
    /// decreasing explained variance. Empty until fitted.
    public private(set) var components = Tensor<Scalar>.zeros(shape: [0, 0])
    /// The variance of the data along each component (an eigenvalue of the covariance matrix,
    /// with the `n − 1` denominator).
    public private(set) var explainedVariance = Tensor<Scalar>.zeros(shape: [0])
    /// Each component's share of the total variance of the data (over all features).
    public private(set) var explainedVarianceRatio = Tensor<Scalar>.zeros(shape: [0])
    /// The mean of each feature, subtracted before projecting.
    public private(set) var mean = Tensor<Scalar>.zeros(shape: [0])
    /// The singular values of the centred data matching each component: `√(variance · (n − 1))`.
    public private(set) var singularValues = Tensor<Scalar>.zeros(shape: [0])
    /// Whether ``fit(_:)`` has succeeded.
    public private(set) var isFitted = false
    /// ``mean`` unrounded: what ``transform(_:)`` subtracts, in Double.
    private var centre: [Double] = []

    /// A PCA keeping `components` (≥ 1) components.
    public init(components: Int, whiten: Bool = false) {
        wickPrecondition(components >= 1, "PCA: components must be at least 1, got \(components)")
        self.componentCount = components
        self.whiten = whiten
    }

    /// Finds the principal components of `x` (samples x features).
    ///
    /// - Throws: ``ClassicalMLError/tooManyComponents(requested:samples:features:)`` when more
    ///   components are asked for than min(samples, features), a non-finite-value error naming
    ///   the row and column of a NaN or infinity, and a too-few-samples error for fewer than two
    ///   samples (the variance needs two).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func fit(_ x: Tensor<Scalar>) throws {
        let operation = "PCA.fit"
        requireMatrix(x, operation)
        let (n, p) = (x.shape[0], x.shape[1])
        let k = componentCount
        if k > Swift.min(n, p) { throw ClassicalMLError.tooManyComponents(requested: k, samples: n, features: p) }
        if n < 2 { throw ClassicalMLError.tooFewSamples(operation: operation, required: 2, available: n) }
        let denominator = Scalar(n - 1)
        var axes = Tensor<Scalar>.zeros(shape: [k, p])
        var variances = [Scalar](repeating: 0, count: k)
        // The scatter matrix's diagonal, Σ(x − x̄)² of each feature (for the total variance and
        // the constant test), in Double.
        var featureScatter = [Double](repeating: 0, count: p)
        let columnMean: [Double]
        if n >= p {
            let scatter: Tensor<Scalar>
            (columnMean, scatter) = centredGram(x)
            try requireFiniteGram(scatter, of: x, operation)
            let eigen = try symmetricEigen(scatter)
            for j in 0..<p { featureScatter[j] = Double(scatter[j, j]) }
            let negligible = Swift.max(eigen.values[p - 1], 0) * Scalar(p) * 16 * Scalar.ulpOfOne
            for i in 0..<k {
                let source = p - 1 - i  // eigenvalues ascend
                let value = eigen.values[source]
                variances[i] = value > negligible ? value / denominator : 0
                for j in 0..<p { axes[i, j] = eigen.vectors[j, source] }
            }
        } else {
            try requireFinite(x, operation, "x")
            columnMean = columnMeansInDouble(x)
            let design = centred(x, columnMean)
            let gram = matmul(design, design, transposeB: true)
            let eigen = try symmetricEigen(gram)
            featureScatter = design.withUnsafeBufferPointer { d in
                var sums = [Double](repeating: 0, count: p)
                for r in 0..<n { for j in 0..<p { let v = Double(d[r * p + j]); sums[j] += v * v } }
                return sums
            }
            var top = Tensor<Scalar>.zeros(shape: [n, k])
            for i in 0..<k { for r in 0..<n { top[r, i] = eigen.vectors[r, n - 1 - i] } }
            let projected = matmul(top, design, transposeA: true)  // k x p: row i is uᵢᵀXc
            let largest = Swift.max(eigen.values[n - 1], 0)
            let negligible = largest * Scalar(n) * 16 * Scalar.ulpOfOne
            for i in 0..<k {
                let value = eigen.values[n - 1 - i]
                if value > negligible {
                    variances[i] = value / denominator
                    let scale = 1 / value.squareRoot()
                    for j in 0..<p { axes[i, j] = projected[i, j] * scale }
                } else {
                    completeOrthonormally(&axes, row: i)
                }
            }
        }
        for i in 0..<k { flipToLargestPositive(&axes, row: i) }
        // All features constant (within the rounding of their variance): no variance at all; what
        // the eigensolver found is rounding noise.
        let constant = (0..<p).allSatisfy {
            isConstantFeature(variance: featureScatter[$0] / Double(n), mean: columnMean[$0], count: n)
        }
        if constant { variances = [Scalar](repeating: 0, count: k) }
        let totalVariance = featureScatter.reduce(0, +) / Double(n - 1)
        centre = columnMean
        mean = Tensor(columnMean.map { Scalar($0) })
        components = axes
        explainedVariance = Tensor(variances)
        explainedVarianceRatio = Tensor(variances.map { constant ? 0 : Scalar(Double($0) / totalVariance) })
        singularValues = Tensor(variances.map { ($0 * denominator).squareRoot() })
        isFitted = true
    }

    /// The coordinates of the rows of `x` along the components: samples x componentCount,
    /// `(x − mean) · componentsᵀ`, each column divided by its standard deviation when whitening
    /// (a zero-variance component then gives 0).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func transform(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "PCA") }
        try requireFeatureCount(x, mean.count, "PCA.transform")
        try requireFinite(x, "PCA.transform", "x")
        var projected = matmul(centred(x, centre), components, transposeB: true)
        if whiten {
            projected *= explainedVariance.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        }
        return projected
    }

    /// Maps component coordinates (samples x componentCount) back to feature space:
    /// `z · components + mean` (undoing the whitening first when it is on). For data that lies
    /// in the span of the kept components this inverts ``transform(_:)``.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func inverseTransform(_ z: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard isFitted else { throw ClassicalMLError.notFitted(estimator: "PCA") }
        try requireFeatureCount(z, componentCount, "PCA.inverseTransform")
        var coordinates = z
        if whiten { coordinates *= explainedVariance.sqrt() }
        let restored = matmul(coordinates, components)
        return restored.withUnsafeBufferPointer { r in
            let p = centre.count
            return Tensor(shape: restored.shape, scalars: (0..<r.count).map { Scalar(Double(r[$0]) + centre[$0 % p]) })
        }
    }
}

/// Negates row `row` of `axes` unless its entry of largest magnitude (the first on ties) is
/// positive.
private func flipToLargestPositive<Scalar: TensorScalar>(_ axes: inout Tensor<Scalar>, row: Int) {
    let p = axes.shape[1]
    var best = 0
    for j in 0..<p where Swift.abs(axes[row, j]) > Swift.abs(axes[row, best]) { best = j }
    if p > 0 && axes[row, best] < 0 {
        for j in 0..<p { axes[row, j] = -axes[row, j] }
    }
}

/// Sets row `row` of `axes` to the unit vector orthogonal to the rows before it that is closest to
/// a coordinate axis: each coordinate axis is projected off the earlier rows and the longest
/// remainder (the first on ties) is normalised. Used for zero-variance components.
private func completeOrthonormally<Scalar: TensorScalar>(_ axes: inout Tensor<Scalar>, row: Int) {
    let p = axes.shape[1]
    func remainder(of j: Int) -> [Scalar] {
        var v = [Scalar](repeating: 0, count: p)
        v[j] = 1
        for _ in 0..<2 {  // project twice: one pass loses orthogonality to rounding
            for m in 0..<row {
                var d: Scalar = 0
                for c in 0..<p { d += axes[m, c] * v[c] }
                for c in 0..<p { v[c] -= d * axes[m, c] }
            }
        }
        return v
    }
    var best: [Scalar] = [], bestNorm: Scalar = -1
    for j in 0..<p {
        let v = remainder(of: j)
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > bestNorm { (best, bestNorm) = (v, norm) }
    }
    for c in 0..<p { axes[row, c] = best[c] / bestNorm }
}
