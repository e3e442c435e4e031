extension Tensor {
    /// A tensor of zeros.
    @inlinable public static func zeros(_ shape: Int...) -> Tensor { zeros(shape: shape) }
    /// A tensor of zeros.
    @inlinable public static func zeros(shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    /// A tensor of ones.
    @inlinable public static func ones(_ shape: Int...) -> Tensor { ones(shape: shape) }
    /// A tensor of ones.
    @inlinable public static func ones(shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }
    /// A tensor with every element equal to `value`.
    @inlinable public static func filled(_ value: Scalar, shape: [Int]) -> Tensor { Tensor(repeating: value, shape: shape) }

    /// The `n`x`n` identity matrix.
    @inlinable
    public static func eye(_ n: Int) -> Tensor {
        var t = zeros(shape: [n, n])
        for i in 0..<n { t.storage[i * n + i] = 1 }
        return t
    }

    /// `start, start + step, …` up to but excluding `end` (1-D), like `torch.arange`.
    @inlinable
    public static func arange(_ start: Scalar, _ end: Scalar, step: Scalar = 1) -> Tensor {
        wickPrecondition(step != 0, "Tensor.arange: step must not be zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<n).map { start + Scalar($0) * step })
    }

    /// `count` evenly spaced values from `start` to `end`, both included (1-D).
    @inlinable
    public static func linspace(_ start: Scalar, _ end: Scalar, count: Int) -> Tensor {
        wickPrecondition(count >= 0, "Tensor.linspace: count must not be negative, got \(count)")
        if count == 1 { return Tensor([start]) }
        let step = (end - start) / Scalar(Swift.max(count - 1, 1))
        return Tensor((0..<count).map { $0 == count - 1 ? end : start + Scalar($0) * step })
    }

    /// Uniform random values in [`low`, `high`) from `generator`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func uniform(shape: [Int], low: Scalar = 0, high: Scalar = 1, generator: inout RandomGenerator) -> Tensor {
        let n = elementCount(shape, "Tensor.uniform")
        let lo = Double(low), hi = Double(high)
        var values = [Scalar](); values.reserveCapacity(n)
        for _ in 0..<n { values.append(uniformScalar(&generator, lo, hi, below: high)) }
        return Tensor(shape: shape, scalars: values)
    }

    /// Uniform random values in [`low`, `high`) from the global generator (see ``manualSeed(_:)``).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func uniform(shape: [Int], low: Scalar = 0, high: Scalar = 1) -> Tensor {
        _ = elementCount(shape, "Tensor.uniform")  // checked before the generator's lock is taken
        return withGlobalGenerator { uniform(shape: shape, low: low, high: high, generator: &$0) }
    }

    /// Normal random values from `generator`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func normal(shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1, generator: inout RandomGenerator) -> Tensor {
        let n = elementCount(shape, "Tensor.normal")
        var values = [Scalar](); values.reserveCapacity(n)
        for _ in 0..<n {
            values.append(Scalar(generator.normal(mean: Double(mean), standardDeviation: Double(standardDeviation))))
        }
        return Tensor(shape: shape, scalars: values)
    }

    /// Normal random values from the global generator (see ``manualSeed(_:)``).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func normal(shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1) -> Tensor {
        _ = elementCount(shape, "Tensor.normal")  // checked before the generator's lock is taken
        return withGlobalGenerator { normal(shape: shape, mean: mean, standardDeviation: standardDeviation, generator: &$0) }
    }

    /// Ones with probability `p`, zeros otherwise, from `generator`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public static func bernoulli(shape: [Int], p: Double, generator: inout RandomGenerator) -> Tensor {
        let n = elementCount(shape, "Tensor.bernoulli")
        var values = [Scalar](); values.reserveCapacity(n)
        for _ in 0..<n { values.append(generator.bernoulli(p) ? 1 : 0) }
        return Tensor(shape: shape, scalars: values)
    }

    /// Fills this tensor in place with uniform values in [`low`, `high`).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func fillUniform(low: Scalar, high: Scalar, generator: inout RandomGenerator) {
        let lo = Double(low), hi = Double(high)
        withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = uniformScalar(&generator, lo, hi, below: high) }
        }
    }
}

/// A uniform draw in [`lo`, `hi`) converted to `Scalar`, kept below `high`: rounding a Double just
/// under 1 to Float gives 1, which would break the half-open range (seed 39061301's first draw).
@inline(__always)
private func uniformScalar<Scalar: TensorScalar>(_ generator: inout RandomGenerator, _ lo: Double, _ hi: Double, below high: Scalar) -> Scalar {
    let value = Scalar(generator.uniform(lo, hi))
    return value < high || lo >= hi ? value : high.nextDown
}
