import WickCore

/// Seeded generators of the small toy datasets the lectures draw: noisy lines and polynomials for
/// regression; XOR, two moons, concentric circles, two spirals and Gaussian blobs for
/// classification; a correlated Gaussian cloud for PCA.
///
/// Every generator draws only from the `RandomGenerator` it is given, so the same seed gives the
/// same data on every run and machine. Classification sets return `x` as an `n`x`2` (or `n`x`d`)
/// tensor and 0-based class `labels`, with the rows in random order so that any prefix is a fair
/// sample; regression sets return `x` as an `n`x`1` design column and the targets `y` as a vector.
/// `noise` is always the standard deviation of Gaussian noise added to each coordinate (or
/// target). The element type defaults to `Double`; pass `as: Float.self` for `Float` tensors.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let (x, labels) = SyntheticData.twoMoons(count: 200, noise: 0.1, generator: &generator)
/// ```
public enum SyntheticData {
    /// Where the inputs of a regression set lie.
    public enum Sampling: Sendable, Equatable {
        /// Evenly spaced from the lower to the upper bound, both included (`linspace`), in order.
        case evenlySpaced
        /// Uniformly at random in the range, in random order.
        case uniform
    }

    /// `count` inputs in `range` following `sampling`.
    static func inputs(count: Int, in range: ClosedRange<Double>, sampling: Sampling, generator: inout RandomGenerator) -> [Double] {
        switch sampling {
        case .evenlySpaced:
            if count == 1 { return [range.lowerBound] }
            let step = (range.upperBound - range.lowerBound) / Double(max(count - 1, 1))
            return (0..<count).map { $0 == count - 1 ? range.upperBound : range.lowerBound + Double($0) * step }
        case .uniform:
            return (0..<count).map { _ in generator.uniform(range.lowerBound, range.upperBound) }
        }
    }

    /// An `n`x`d` tensor from row-major `Double`s.
    static func matrix<Scalar: TensorScalar>(_ values: [Double], columns: Int, as type: Scalar.Type) -> Tensor<Scalar> {
        Tensor(shape: [values.count / columns, columns], scalars: ScalarConversion.convert(values, to: type))
    }

    /// Points and labels with their rows shuffled together, as tensors.
    static func shuffled<Scalar: TensorScalar>(
        points: [Double], labels: [Int], columns: Int, generator: inout RandomGenerator, as type: Scalar.Type
    ) -> (x: Tensor<Scalar>, labels: [Int]) {
        let order = generator.permutation(labels.count)
        var x = [Double](); x.reserveCapacity(points.count)
        for i in order { for c in 0..<columns { x.append(points[i * columns + c]) } }
        return (matrix(x, columns: columns, as: type), order.map { labels[$0] })
    }

    static func checkCommon(_ function: String, count: Int, noise: Double) {
        wickPrecondition(count >= 0, "SyntheticData.\(function): count must not be negative, got \(count)")
        wickPrecondition(noise >= 0 && noise.isFinite, "SyntheticData.\(function): noise must be a finite standard deviation >= 0, got \(noise)")
    }
}
