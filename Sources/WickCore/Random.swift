import Synchronization

/// A seeded pseudo-random generator (xoshiro256**), the source of every random number in Wick.
///
/// The same seed gives the same sequence on every run and every machine: the state is seeded by
/// SplitMix64 and every derived distribution (uniform, normal, integers, permutations) is computed
/// here, not by the platform.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline internal var s0, s1, s2, s3: UInt64
    /// A second normal deviate left over from the last Box–Muller pair.
    @usableFromInline internal var spareNormal: Double?

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
        spareNormal = nil
    }

    /// The generator's complete state (four words of xoshiro256** and a pending normal
    /// deviate), for saving; ``init(state:spareNormal:)`` restores it.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A generator continuing exactly from a saved ``state``.
    public init(state: [UInt64], spareNormal: Double? = nil) {
        wickPrecondition(state.count == 4, "RandomGenerator(state:): expected 4 words, got \(state.count)")
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
        self.spareNormal = spareNormal
    }

    /// The second normal deviate of the last Box–Muller pair, if not yet used.
    public var pendingNormal: Double? { spareNormal }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform `Double` in [0, 1), with 53 random bits.
    @inlinable
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform `Double` in [`low`, `high`).
    @inlinable
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A normal deviate with the given mean and standard deviation (Box–Muller).
    public mutating func normal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return mean + standardDeviation * spare
        }
        // 1 - u keeps the logarithm's argument in (0, 1].
        let u1 = 1 - uniform(), u2 = uniform()
        let radius = (-2 * Double.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * Double.sin(angle)
        return mean + standardDeviation * radius * Double.cos(angle)
    }

    /// True with probability `p`.
    @inlinable
    public mutating func bernoulli(_ p: Double) -> Bool {
        uniform() < p
    }

    /// A uniform integer in `range` (unbiased, Lemire's multiply-and-reject).
    public mutating func integer(in range: Range<Int>) -> Int {
        wickPrecondition(!range.isEmpty, "RandomGenerator.integer(in:): empty range \(range)")
        let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
        var product = next().multipliedFullWidth(by: span)
        if product.low < span {
            let threshold = (0 &- span) % span
            while product.low < threshold { product = next().multipliedFullWidth(by: span) }
        }
        return range.lowerBound &+ Int(truncatingIfNeeded: product.high)
    }

    /// A uniform integer in `range`.
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        integer(in: range.lowerBound..<(range.upperBound + 1))
    }

    /// Shuffles `array` in place (Fisher–Yates).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, integer(in: 0..<(i + 1)))
        }
    }

    /// A random ordering of `0..<n`, like `torch.randperm`.
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }
}

/// The generator used where no explicit generator is passed.
let globalGenerator = Mutex(RandomGenerator(seed: 42))

/// Re-seeds the global generator, like `torch.manualSeed`.
///
/// Everything that draws from the global generator (layer initialisation, `Tensor.uniform`
/// without a `generator:` argument, …) is reproducible after this call.
public func manualSeed(_ seed: UInt64) {
    globalGenerator.withLock { $0 = RandomGenerator(seed: seed) }
}

/// Runs `body` with exclusive access to the global generator.
public func withGlobalGenerator<R>(_ body: (inout RandomGenerator) -> R) -> R {
    globalGenerator.withLock { body(&$0) }
}

/// A random ordering of `0..<n` drawn from the global generator: Torch7's `torch.randperm(n)`,
/// 0-based (Torch7's holds `1...n`). Reproducible after ``manualSeed(_:)``; use
/// ``RandomGenerator/permutation(_:)`` for a generator of your own.
///
/// ```swift
/// let order = randperm(train.count)          // shuffle once per epoch
/// let batch = images.selecting(rows: Array(order[0..<64]))
/// ```
public func randperm(_ n: Int) -> [Int] {
    wickPrecondition(n >= 0, "randperm: n must not be negative, got \(n)")
    return withGlobalGenerator { $0.permutation(n) }
}
