import WickCore

extension SyntheticData {
    /// Points of the line `y = intercept + slope · x` with Gaussian noise on `y`: the data of the
    /// lecture's first least-squares fit.
    ///
    /// The defaults are the notebook's: 50 points evenly spaced on [0, 10], `y = 2 + 0.5 x`, noise
    /// of standard deviation 0.5.
    ///
    /// - Returns: `x`, `count`x`1`, and the noisy targets `y`, a vector of `count`.
    public static func noisyLine<Scalar: TensorScalar>(
        count: Int = 50, intercept: Double = 2, slope: Double = 0.5, xRange: ClosedRange<Double> = 0...10,
        sampling: Sampling = .evenlySpaced, noise: Double = 0.5, generator: inout RandomGenerator,
        as type: Scalar.Type = Double.self
    ) -> (x: Tensor<Scalar>, y: Tensor<Scalar>) {
        checkCommon("noisyLine", count: count, noise: noise)
        return noisyPolynomial(count: count, coefficients: [intercept, slope], xRange: xRange, sampling: sampling,
                               noise: noise, generator: &generator, as: type)
    }

    /// Points of the parabola `y = c₀ + c₁ x + c₂ x²` with Gaussian noise on `y`, for the
    /// polynomial fits and the under- and over-fitting curves.
    ///
    /// The defaults: 50 points evenly spaced on [-3, 3], `y = 1 - x + 0.5 x²`, noise 0.5.
    /// `coefficients` is `(c₀, c₁, c₂)`, constant term first.
    ///
    /// - Returns: `x`, `count`x`1`, and the noisy targets `y`, a vector of `count`.
    public static func noisyQuadratic<Scalar: TensorScalar>(
        count: Int = 50, coefficients: (Double, Double, Double) = (1, -1, 0.5), xRange: ClosedRange<Double> = -3...3,
        sampling: Sampling = .evenlySpaced, noise: Double = 0.5, generator: inout RandomGenerator,
        as type: Scalar.Type = Double.self
    ) -> (x: Tensor<Scalar>, y: Tensor<Scalar>) {
        checkCommon("noisyQuadratic", count: count, noise: noise)
        return noisyPolynomial(count: count, coefficients: [coefficients.0, coefficients.1, coefficients.2], xRange: xRange,
                               sampling: sampling, noise: noise, generator: &generator, as: type)
    }

    /// Points of the polynomial `y = Σ coefficients[k] · xᵏ` with Gaussian noise on `y`;
    /// `coefficients` lists at least one, the constant term first.
    ///
    /// - Returns: `x`, `count`x`1`, and the noisy targets `y`, a vector of `count`.
    public static func noisyPolynomial<Scalar: TensorScalar>(
        count: Int, coefficients: [Double], xRange: ClosedRange<Double>, sampling: Sampling = .evenlySpaced,
        noise: Double, generator: inout RandomGenerator, as type: Scalar.Type = Double.self
    ) -> (x: Tensor<Scalar>, y: Tensor<Scalar>) {
        checkCommon("noisyPolynomial", count: count, noise: noise)
        wickPrecondition(!coefficients.isEmpty, "SyntheticData.noisyPolynomial: needs at least one coefficient")
        let xs = inputs(count: count, in: xRange, sampling: sampling, generator: &generator)
        let ys = xs.map { x in
            // Horner's rule, highest power first.
            coefficients.reversed().reduce(0) { $0 * x + $1 } + generator.normal(mean: 0, standardDeviation: noise)
        }
        return (matrix(xs, columns: 1, as: type), Tensor(ScalarConversion.convert(ys, to: type)))
    }
}
