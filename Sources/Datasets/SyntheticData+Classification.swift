import WickCore

extension SyntheticData {
    /// The four points of the XOR truth table, the classic problem no linear model solves:
    /// `(0,0) → 0`, `(0,1) → 1`, `(1,0) → 1`, `(1,1) → 0`, in that order.
    public static func xorTruthTable<Scalar: TensorScalar>(as type: Scalar.Type = Double.self) -> (x: Tensor<Scalar>, labels: [Int]) {
        (Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), [0, 1, 1, 0])
    }

    /// Points uniform in the square [-1, 1]², labelled 1 when `x₁` and `x₂` have different signs
    /// and 0 otherwise (the XOR of "`x₁ > 0`" and "`x₂ > 0`"), then jittered by `noise`: the
    /// playground's XOR set.
    ///
    /// Labels are computed before the noise, so a large `noise` pushes points across the axes.
    public static func xor<Scalar: TensorScalar>(
        count: Int = 200, noise: Double = 0, generator: inout RandomGenerator, as type: Scalar.Type = Double.self
    ) -> (x: Tensor<Scalar>, labels: [Int]) {
        checkCommon("xor", count: count, noise: noise)
        var points = [Double](), labels = [Int]()
        for _ in 0..<count {
            let a = generator.uniform(-1, 1), b = generator.uniform(-1, 1)
            labels.append((a > 0) != (b > 0) ? 1 : 0)
            points += [a + generator.normal(standardDeviation: noise), b + generator.normal(standardDeviation: noise)]
        }
        return (matrix(points, columns: 2, as: type), labels)
    }

    /// Two interleaving half circles: class 0 is the upper arc of the unit circle, class 1 the
    /// lower arc shifted to the right and down (centre (1, 0.5)), like scikit-learn's
    /// `make_moons`. Points lie evenly along each arc, then get `noise`; rows are shuffled.
    ///
    /// Class 0 gets `count / 2` points, class 1 the rest.
    public static func twoMoons<Scalar: TensorScalar>(
        count: Int = 200, noise: Double = 0.1, generator: inout RandomGenerator, as type: Scalar.Type = Double.self
    ) -> (x: Tensor<Scalar>, labels: [Int]) {
        checkCommon("twoMoons", count: count, noise: noise)
        let upper = count / 2, lower = count - upper
        var points = [Double](), labels = [Int]()
        for (label, n) in [(0, upper), (1, lower)] {
            for i in 0..<n {
                let t = n == 1 ? 0 : Double.pi * Double(i) / Double(n - 1)
                let (x, y) = label == 0 ? (Double.cos(t), Double.sin(t)) : (1 - Double.cos(t), 0.5 - Double.sin(t))
                points += [x + generator.normal(standardDeviation: noise), y + generator.normal(standardDeviation: noise)]
                labels.append(label)
            }
        }
        return shuffled(points: points, labels: labels, columns: 2, generator: &generator, as: type)
    }

    /// Two concentric circles: class 0 on the unit circle, class 1 on the circle of radius
    /// `factor`, points evenly spaced in angle, then `noise`; rows are shuffled. Like scikit-learn's
    /// `make_circles`, and the playground's "circle" set. `factor`, the inner radius, must be in
    /// (0, 1).
    public static func circles<Scalar: TensorScalar>(
        count: Int = 200, factor: Double = 0.5, noise: Double = 0.05, generator: inout RandomGenerator,
        as type: Scalar.Type = Double.self
    ) -> (x: Tensor<Scalar>, labels: [Int]) {
        checkCommon("circles", count: count, noise: noise)
        wickPrecondition(factor > 0 && factor < 1, "SyntheticData.circles: factor must be in (0, 1), got \(factor)")
        let outer = count / 2, inner = count - outer
        var points = [Double](), labels = [Int]()
        for (label, n, radius) in [(0, outer, 1.0), (1, inner, factor)] {
            for i in 0..<n {
                let angle = 2 * Double.pi * Double(i) / Double(n)
                points += [radius * Double.cos(angle) + generator.normal(standardDeviation: noise),
                           radius * Double.sin(angle) + generator.normal(standardDeviation: noise)]
                labels.append(label)
            }
        }
        return shuffled(points: points, labels: labels, columns: 2, generator: &generator, as: type)
    }

    /// Two interleaved spiral arms, one per class, as in the playground's "spiral" set: along arm
    /// `k`, a point at parameter `t` in (0, 1] has radius `t` and angle `2π · turns · t + kπ`.
    /// Points lie evenly along each arm, then get `noise`; rows are shuffled. `turns` is how many
    /// times each arm winds around the centre.
    public static func spirals<Scalar: TensorScalar>(
        count: Int = 200, turns: Double = 1.5, noise: Double = 0.02, generator: inout RandomGenerator,
        as type: Scalar.Type = Double.self
    ) -> (x: Tensor<Scalar>, labels: [Int]) {
        checkCommon("spirals", count: count, noise: noise)
        wickPrecondition(turns > 0 && turns.isFinite, "SyntheticData.spirals: turns must be positive, got \(turns)")
        let first = count / 2, second = count - first
        var points = [Double](), labels = [Int]()
        for (label, n) in [(0, first), (1, second)] {
            for i in 0..<n {
                let t = Double(i + 1) / Double(n)
                let angle = 2 * Double.pi * turns * t + Double(label) * Double.pi
                points += [t * Double.cos(angle) + generator.normal(standardDeviation: noise),
                           t * Double.sin(angle) + generator.normal(standardDeviation: noise)]
                labels.append(label)
            }
        }
        return shuffled(points: points, labels: labels, columns: 2, generator: &generator, as: type)
    }
}
