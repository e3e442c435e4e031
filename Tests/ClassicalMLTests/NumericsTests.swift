import XCTest
@testable import ClassicalML

/// The cases of the numerics issue for ClassicalML: statistics of `Float` data far from the origin
/// (accumulated in Double), distances of `Float` data far from the origin, "constant" data that is
/// constant only up to rounding, and k-means with fewer distinct points than clusters.
///
/// The data is deterministic and reproducible bit for bit outside Swift: column `(a, m)` is
/// `zᵢ = ((i·a mod m) − (m − 1)/2) / √((m² − 1)/12)`, which has mean 0 and variance 1 over whole
/// periods, plus an offset, computed in Double and rounded to Float. The reference values were
/// computed with NumPy 1.24 in float64 from the same Float values:
///
/// ```python
/// def z(n, a, m):
///     i = np.arange(n, dtype=np.int64)
///     return (((i * a) % m).astype(np.float64) - (m - 1) / 2) / math.sqrt((m * m - 1) / 12)
/// x1 = (10000 + z(10**6, 7919, 1000)).astype(np.float32)
/// x2 = (10000 + 0.1 * z(10**6, 104729, 997)).astype(np.float32)
/// ```
final class NumericsTests: XCTestCase {
    /// `offset + scale·zᵢ` for `i < n`, in Double, as in NumPy above.
    static func pattern(_ n: Int, _ a: Int, _ m: Int, offset: Double, scale: Double = 1) -> [Double] {
        let centre = Double(m - 1) / 2, deviation = (Double(m * m - 1) / 12).squareRoot()
        return (0..<n).map { i in offset + scale * ((Double((i * a) % m) - centre) / deviation) }
    }

    /// 10⁶ Float values near 10⁴ of variance about 1 (a = 7919, m = 1000).
    static let farX1: [Float] = pattern(1_000_000, 7919, 1000, offset: 10_000).map { Float($0) }

    /// 10⁶ x 2 Float data near 10⁴: ``farX1``, and x2 of variance about 0.01.
    static let farColumns: Tensor<Float> = {
        let x2 = pattern(1_000_000, 104_729, 997, offset: 10_000, scale: 0.1)
        var values = [Float](repeating: 0, count: 2_000_000)
        for i in 0..<1_000_000 { values[2 * i] = farX1[i]; values[2 * i + 1] = Float(x2[i]) }
        return Tensor(shape: [1_000_000, 2], scalars: values)
    }()

    /// y = 2·x1 − 19995 on ``farColumns``: exact in Float (x1 has 24 significant bits, and the
    /// result, about 5, needs 13), so the exact fit is W = [2, 0], b = −19995.
    static let farTarget = Tensor(farX1.map { 2 * $0 - 19_995 })

    // MARK: 1. Float statistics accumulate in Double

    func testStandardScalerOnFloatDataFarFromTheOrigin() throws {
        // 100,000 Float values of 10000.37 + z (a = 7919, m = 1000). NumPy: mean 10000.3700009766,
        // population standard deviation 0.9999983296. (A Float running sum gives a mean of 9993.5.)
        let values = Self.pattern(100_000, 7919, 1000, offset: 10_000.37)
        let x = Tensor(shape: [100_000, 1], scalars: values.map { Float($0) })
        var scaler = StandardScaler<Float>()
        try scaler.fit(x)
        XCTAssertEqual(Double(scaler.mean[0]), 10_000.3700009766, accuracy: 1e-3)
        XCTAssertEqual(Double(scaler.scale[0]), 0.9999983296, accuracy: 1e-6)
        let standardised = try scaler.transform(x)
        XCTAssertEqual(Double(standardised.mean()), 0, accuracy: 1e-5)
        XCTAssertEqual(Double(standardised.norm()) / 100_000.0.squareRoot(), 1, accuracy: 1e-5)
    }

    func testPCAOnFloatDataFarFromTheOrigin() throws {
        // NumPy: the covariance eigenvalues (n − 1 denominator) of the 10⁶ x 2 Float data are
        // 1.000005017 and 0.009999363212, ratios 0.9900996833 and 0.009900316681; column means
        // 10000.0000000000 and 9999.9999989922. (Float means and sums gave [85482, 0.738].)
        var pca = PCA<Float>(components: 2)
        try pca.fit(Self.farColumns)
        XCTAssertEqual(Double(pca.explainedVariance[0]), 1.000005017, accuracy: 1e-5)
        XCTAssertEqual(Double(pca.explainedVariance[1]), 0.009999363212, accuracy: 1e-6)
        XCTAssertEqual(Double(pca.explainedVarianceRatio[0]), 0.9900996833, accuracy: 1e-5)
        XCTAssertEqual(Double(pca.explainedVarianceRatio[1]), 0.009900316681, accuracy: 1e-6)
        XCTAssertEqual(Double(pca.mean[0]), 10_000, accuracy: 1e-3)
        XCTAssertEqual(Double(pca.mean[1]), 9999.9999989922, accuracy: 1e-3)
        // The components are the coordinate axes (the columns are uncorrelated).
        XCTAssertEqual(Double(pca.components[0, 0]), 1, accuracy: 1e-3)
        XCTAssertEqual(Double(pca.components[1, 1]), 1, accuracy: 1e-3)
    }

    func testLinearRegressionOnFloatDataFarFromTheOrigin() throws {
        // y = 2·x1 − 19995 exactly; NumPy's lstsq on [x1, x2, 1] (float64) gives
        // [2, 3.0e-12, −19995]. (Float means had given [4.7e-6, 9.5e-6] and 4.76.)
        for solver in [LinearRegression<Float>.Solver.leastSquares, .normalEquations] {
            var model = LinearRegression<Float>(solver: solver)
            try model.fit(Self.farColumns, Self.farTarget)
            XCTAssertEqual(Double(model.coefficients[0]), 2, accuracy: 1e-4, "\(solver)")
            XCTAssertEqual(Double(model.coefficients[1]), 0, accuracy: 1e-3, "\(solver)")
            XCTAssertEqual(Double(model.intercept[0]), -19_995, accuracy: 0.05, "\(solver)")
            XCTAssertEqual(model.rank, 2, "\(solver)")
        }
    }

    func testRidgeOnFloatDataFarFromTheOrigin() throws {
        // NumPy, float64, on the centred data: (XcᵀXc + I) w = Xcᵀyc gives w = [1.999998,
        // −7.2e-11] and b = ȳ − x̄·w = −19994.9799993830.
        var ridge = Ridge<Float>(lambda: 1)
        try ridge.fit(Self.farColumns, Self.farTarget)
        XCTAssertEqual(Double(ridge.coefficients[0]), 1.999998, accuracy: 1e-4)
        XCTAssertEqual(Double(ridge.coefficients[1]), 0, accuracy: 1e-3)
        XCTAssertEqual(Double(ridge.intercept[0]), -19_994.979999383, accuracy: 0.05)
    }

    func testMetricsOnFloatDataFarFromTheOrigin() {
        // A prediction of x1 off by exactly 2⁻⁴ everywhere (exact in Float near 10⁴, whose
        // spacing is 2⁻¹⁰): MSE 2⁻⁸ and MAE 2⁻⁴ exactly (by hand), and R² = 1 − 2⁻⁸ / var(x1)
        // = 0.9960937656908597 with the population variance 1.0000040168762208 (NumPy).
        let y = Tensor(Self.farX1)
        let predicted = y.map { $0 + 0.0625 }
        XCTAssertEqual(meanSquaredError(y, predicted), 0.00390625)
        XCTAssertEqual(meanAbsoluteError(y, predicted), 0.0625)
        XCTAssertEqual(Double(r2Score(y, predicted)), 0.9960937656908597, accuracy: 1e-6)
    }

    // MARK: 2. Float distances far from the origin

    func testNearestNeighbourOfFloatDataFarFromTheOrigin() throws {
        // By hand: [10002] is at distance 0 from sample 1 and 2 from sample 0. (The Float
        // expansion ‖x‖² − 2q·x + ‖q‖² had answered index 0 at distance 2.)
        var knn = KNearestNeighborsClassifier<Float>(k: 1)
        try knn.fit(Tensor([[10_000], [10_002]]), [0, 1])
        let found = try knn.kneighbors(Tensor([[10_002]]))
        XCTAssertEqual(found.indices, [[1]])
        XCTAssertEqual(found.distances, Tensor([[0]]))
        XCTAssertEqual(try knn.predict(Tensor([[10_002], [10_000.5]])), [1, 0])
        var regressor = KNearestNeighborsRegressor<Float>(k: 1)
        try regressor.fit(Tensor([[10_000], [10_002]]), Tensor([5, 7]))
        XCTAssertEqual(try regressor.predict(Tensor([[10_002]])), Tensor([7]))
    }

    func testKMeansOnFloatDataFarFromTheOrigin() throws {
        // By hand: the clusters are {10000, 10000.25} and {10001, 10001.25}, centres 10000.125
        // and 10001.125, inertia 4 · 0.125² = 0.0625 (scikit-learn in float32 finds it too).
        var kmeans = KMeans<Float>(clusters: 2, seed: 0)
        try kmeans.fit(Tensor([[10_000], [10_000.25], [10_001], [10_001.25]]))
        let labels = kmeans.labels
        XCTAssertEqual(labels[0], labels[1])
        XCTAssertEqual(labels[2], labels[3])
        XCTAssertNotEqual(labels[0], labels[2])
        XCTAssertEqual(kmeans.inertia, 0.0625)
        XCTAssertEqual(kmeans.centroids[labels[0], 0], 10_000.125)
        XCTAssertEqual(kmeans.centroids[labels[2], 0], 10_001.125)
        XCTAssertEqual(kmeans.distinctClusterCount, 2)
    }

    func testKMeansOnAMillionFloatSamplesFarFromTheOrigin() throws {
        // 10⁶ samples 10000 ∓ 1 + 0.1·z (even rows −1, odd rows +1; a = 7919, m = 1000). NumPy:
        // the cluster means are 9998.999828125 and 10001.000171875 (the Floats 9999 and 10001),
        // and the squared distances to those Float centroids sum to 9999.91226196289.
        let values = Self.pattern(1_000_000, 7919, 1000, offset: 0, scale: 0.1)
        let x = Tensor(shape: [1_000_000, 1], scalars: (0..<1_000_000).map { Float(10_000 + ($0 % 2 == 0 ? -1 : 1) + values[$0]) })
        var kmeans = KMeans<Float>(clusters: 2, seed: 0)
        try kmeans.fit(x)
        let low = kmeans.labels[0], high = kmeans.labels[1]
        XCTAssertNotEqual(low, high)
        XCTAssertEqual(kmeans.centroids[low, 0], 9999)
        XCTAssertEqual(kmeans.centroids[high, 0], 10_001)
        XCTAssertEqual(Double(kmeans.inertia), 9999.91226196289, accuracy: 0.01)
    }

    func testFilteredSearchOfFloatDataFarFromTheOrigin() {
        // The k-NN case above through the Float filter rather than the direct search of small
        // training sets: the same answer, index 1 at distance 0.
        let search = NeighborSearch(points: Tensor<Float>([[10_000], [10_002]]), metric: .l2)
        let (distances, indices) = search.search(Tensor([[10_002]]), k: 2, tiling: .filtered)
        XCTAssertEqual(indices, [1, 0])
        XCTAssertEqual(distances, [0, 2])
    }

    // MARK: 4. "Constant" data that is not exactly constant

    func testStandardScalerTreatsRoundedConstantsAsConstant() throws {
        // Three 0.3 and ten 0.1: constant, so scale 1 and every transformed value 0 (scikit-learn
        // does the same; Wick had given scale 5.6e-17 and values 1). A column that varies by
        // 1e-10 around 1 is not constant: its variance 2.2e-21 (by hand: 2/9 · 1e-20) is far
        // above the rounding bound (3·1·ε)² ≈ 4.4e-31.
        var scaler = StandardScaler<Double>()
        try scaler.fit(Tensor([[0.3, 0.1, 1], [0.3, 0.1, 1 + 1e-10], [0.3, 0.1, 1]]))
        XCTAssertEqual(scaler.scale[0], 1)
        XCTAssertEqual(scaler.scale[1], 1)
        XCTAssertEqual(scaler.scale[2], (2.0 / 9).squareRoot() * 1e-10, accuracy: 1e-15)
        var tenTenths = StandardScaler<Double>()
        let tenths = Tensor<Double>(shape: [10, 1], scalars: Array(repeating: 0.1, count: 10))
        try tenTenths.fit(tenths)
        XCTAssertEqual(tenTenths.scale, Tensor([1]))
        XCTAssertEqual(try tenTenths.transform(tenths), Tensor<Double>.zeros(10, 1))
        let transformed = try scaler.transform(Tensor([[0.3, 0.1, 1]]))
        XCTAssertEqual(transformed[0, 0], 0)
        XCTAssertEqual(transformed[0, 1], 0)
        var floats = StandardScaler<Float>()
        try floats.fit(Tensor(shape: [3, 1], scalars: [Float](repeating: 0.3, count: 3)))
        XCTAssertEqual(floats.scale, Tensor([1]))
    }

    func testConstantFeatureRuleMatchesScikitLearn() {
        // scikit-learn's _is_constant_feature: var <= n·ε·var + (n·mean·ε)², ε = 2⁻⁵².
        XCTAssertTrue(isConstantFeature(variance: 0, mean: 5, count: 3))
        XCTAssertTrue(isConstantFeature(variance: 1.9e-34, mean: 0.1, count: 10))  // bound 4.9e-32
        XCTAssertFalse(isConstantFeature(variance: 1e-30, mean: 0.1, count: 10))
        XCTAssertFalse(isConstantFeature(variance: 1e-20, mean: 0, count: 3))
        XCTAssertTrue(isConstantFeature(variance: 1e-20, mean: 1e6, count: 1000))  // bound 4.9e-17
    }

    func testR2ScoreOfARoundedConstantTargetIsZero() {
        // The target [0.1, 0.1, 0.1] is constant: R² is 1 for an exact prediction and 0
        // otherwise, as Wick's documentation promises (it had been −1.7e31).
        XCTAssertEqual(r2Score(Tensor<Double>([0.1, 0.1, 0.1]), Tensor([0.1, 0.1, 0.2])), 0)
        XCTAssertEqual(r2Score(Tensor<Double>([0.1, 0.1, 0.1]), Tensor([0.1, 0.1, 0.1])), 1)
        XCTAssertEqual(r2Score(Tensor<Float>([0.1, 0.1, 0.1]), Tensor([0.1, 0.1, 0.2])), 0)
        XCTAssertEqual(r2Score(Tensor<Double>([[0.1, 1], [0.1, 2], [0.1, 3]]), Tensor([[0.1, 1], [0.1, 2], [0.2, 3]])), 0.5)
    }

    func testPCAOfConstantDataHasNoVariance() throws {
        // Rows that are all the same point (0.1, 0.3): no variance to explain.
        var pca = PCA<Double>(components: 1, whiten: true)
        let x = Tensor<Double>(shape: [10, 2], scalars: (0..<20).map { $0 % 2 == 0 ? 0.1 : 0.3 })
        try pca.fit(x)
        XCTAssertEqual(pca.explainedVariance, Tensor([0]))
        XCTAssertEqual(pca.explainedVarianceRatio, Tensor([0]))
        XCTAssertEqual(try pca.transform(x), Tensor<Double>.zeros(10, 1))
    }

    // MARK: 10. k-means with fewer distinct points than clusters

    func testKMeansReportsFewerDistinctClustersThanAskedFor() throws {
        // Two distinct points, three clusters: one centroid duplicates another and owns nothing.
        var kmeans = KMeans<Double>(clusters: 3, seed: 0)
        try kmeans.fit(Tensor([[1], [1], [2], [2]]))
        XCTAssertEqual(kmeans.distinctClusterCount, 2)
        XCTAssertEqual(Set(kmeans.labels).count, 2)
        XCTAssertEqual(kmeans.inertia, 0)
        var enough = KMeans<Double>(clusters: 2, seed: 0)
        try enough.fit(Tensor([[1], [1], [2], [2]]))
        XCTAssertEqual(enough.distinctClusterCount, 2)
    }
}
