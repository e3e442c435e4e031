import WickCore

extension SyntheticData {
    /// Isotropic Gaussian clusters around given centres, one class per centre, like scikit-learn's
    /// `make_blobs` (the playground's "Gaussian" set is two of them). Rows are shuffled.
    ///
    /// The `count` points are shared as evenly as possible: the first `count % centers.count`
    /// centres get one point more. `centers` holds one point per class, all of the same dimension
    /// `d`; `standardDeviation` is the spread of each cluster along every axis.
    ///
    /// - Returns: `x`, `count`x`d`, and the index of each point's centre.
    public static func blobs<Scalar: TensorScalar>(
        count: Int = 200, centers: [[Double]] = [[-1, -1], [1, 1]], standardDeviation: Double = 0.5,
        generator: inout RandomGenerator, as type: Scalar.Type = Double.self
    ) -> (x: Tensor<Scalar>, labels: [Int]) {
        checkCommon("blobs", count: count, noise: standardDeviation)
        wickPrecondition(!centers.isEmpty, "SyntheticData.blobs: needs at least one centre")
        let dimension = centers[0].count
        wickPrecondition(dimension > 0 && centers.allSatisfy { $0.count == dimension },
            "SyntheticData.blobs: centres must share one positive dimension, got sizes \(centers.map(\.count))")
        var points = [Double](), labels = [Int]()
        points.reserveCapacity(count * dimension)
        for (label, center) in centers.enumerated() {
            let n = count / centers.count + (label < count % centers.count ? 1 : 0)
            for _ in 0..<n {
                for c in center { points.append(c + generator.normal(standardDeviation: standardDeviation)) }
                labels.append(label)
            }
        }
        return shuffled(points: points, labels: labels, columns: dimension, generator: &generator, as: type)
    }

    /// Gaussian clusters around `classCount` centres drawn uniformly in the box `centerBox`ᵈ.
    ///
    /// - Returns: `x`, `count`x`dimension`, the labels, and the centres drawn (`classCount`x`dimension`).
    public static func blobs<Scalar: TensorScalar>(
        count: Int, classCount: Int, dimension: Int = 2, centerBox: ClosedRange<Double> = -10...10,
        standardDeviation: Double = 1, generator: inout RandomGenerator, as type: Scalar.Type = Double.self
    ) -> (x: Tensor<Scalar>, labels: [Int], centers: Tensor<Scalar>) {
        wickPrecondition(classCount > 0 && dimension > 0,
            "SyntheticData.blobs: classCount and dimension must be positive, got \(classCount) and \(dimension)")
        let centers = (0..<classCount).map { _ in
            (0..<dimension).map { _ in generator.uniform(centerBox.lowerBound, centerBox.upperBound) }
        }
        let (x, labels) = blobs(count: count, centers: centers, standardDeviation: standardDeviation, generator: &generator, as: type)
        return (x, labels, matrix(centers.flatMap { $0 }, columns: dimension, as: type))
    }

    /// Samples of the multivariate normal distribution with the given mean and covariance: the
    /// correlated 2-D cloud whose principal axes the PCA lecture draws.
    ///
    /// The defaults give that cloud: 500 points, mean (2, 1), covariance `[[3, 2], [2, 2]]`
    /// (variances 4.56 and 0.44 along the principal axes, the first at about 38° to the x axis).
    /// Each sample is `mean + V·√Λ·z` for standard normal `z`, where `VΛVᵀ` is the covariance's
    /// eigen decomposition, so a positive semi-definite (even singular) covariance works.
    ///
    /// - Returns: `count`x`d`, `d` the length of `mean`.
    public static func correlatedGaussian<Scalar: TensorScalar>(
        count: Int = 500, mean: [Double] = [2, 1], covariance: [[Double]] = [[3, 2], [2, 2]],
        generator: inout RandomGenerator, as type: Scalar.Type = Double.self
    ) -> Tensor<Scalar> {
        checkCommon("correlatedGaussian", count: count, noise: 0)
        let d = mean.count
        wickPrecondition(d > 0 && covariance.count == d && covariance.allSatisfy { $0.count == d },
            "SyntheticData.correlatedGaussian: mean has \(d) entries but covariance is \(covariance.count)x\(covariance.first?.count ?? 0)")
        let flat = covariance.flatMap { $0 }
        wickPrecondition(flat.allSatisfy(\.isFinite) && mean.allSatisfy(\.isFinite),
            "SyntheticData.correlatedGaussian: mean and covariance must be finite")
        let scale = flat.map(abs).max() ?? 0
        for i in 0..<d {
            for j in 0..<i {
                wickPrecondition(abs(covariance[i][j] - covariance[j][i]) <= 1e-12 * max(scale, 1),
                    "SyntheticData.correlatedGaussian: covariance is not symmetric at [\(i)][\(j)]")
            }
        }
        let eigen: SymmetricEigenDecomposition<Double>
        do { eigen = try symmetricEigen(Tensor(covariance)) } catch {
            wickFatalError("SyntheticData.correlatedGaussian: eigen decomposition failed: \(error)")
        }
        wickPrecondition(eigen.values.scalars.allSatisfy { $0 >= -1e-10 * max(scale, 1) },
            "SyntheticData.correlatedGaussian: covariance is not positive semi-definite (eigenvalues \(eigen.values.scalars))")
        // factor = V·√Λ, so that factor·factorᵀ = covariance.
        var factor = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for k in 0..<d { factor[i * d + k] = eigen.vectors[i, k] * max(eigen.values[k], 0).squareRoot() }
        }
        var values = [Double](); values.reserveCapacity(count * d)
        var z = [Double](repeating: 0, count: d)
        for _ in 0..<count {
            for k in 0..<d { z[k] = generator.normal() }
            for i in 0..<d {
                var sum = mean[i]
                for k in 0..<d { sum += factor[i * d + k] * z[k] }
                values.append(sum)
            }
        }
        return matrix(values, columns: d, as: type)
    }
}
