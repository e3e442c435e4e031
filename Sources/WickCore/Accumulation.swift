// How WickCore's reductions add up Float and Double data.
//
// Every sum, mean, norm and dot product accumulates in Double, whatever the element type: a Float
// accumulator stops counting at 2²⁴ (the sum of 20 million Float ones came out as 16777216), and
// each addition to a large running sum loses the low bits of the term (the mean of the 47 million
// Fashion-MNIST training pixels came out as 76.40 instead of 72.94). A Double accumulator holds
// any sum of Float data within a relative 2⁻⁵³ per addition, which for the sizes Wick meets
// (below 2³² terms) stays far below Float's own resolution. Double data is added in Double too,
// by the same loops; its relative error grows at worst like n·2⁻⁵³ (about 1e-9 for 10⁷ terms,
// and Double counts exactly to 2⁵³), which we accept rather than pay for pairwise or compensated
// summation.
//
// The loops keep eight independent accumulators, so the additions (which may not be reordered
// within one accumulator) run at the throughput of the vector units rather than at the latency of
// one addition: `sum()` of 10⁷ Floats takes about 2 ms in a release build here, where the old
// one-Float accumulator took about 9 ms (Docs/Benchmarks.md). They are concrete functions for
// `Float` and `Double`, compiled once in WickCore; the generic reductions pick one by the scalar
// type (a test the compiler folds), so they stay fast in debug builds too.

/// The eight-accumulator loop: `Σ term(i)` for `i < count`, in Double.
@inline(__always)
private func eightWay(_ count: Int, _ term: (Int) -> Double) -> Double {
    var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0, a4 = 0.0, a5 = 0.0, a6 = 0.0, a7 = 0.0
    var i = 0
    while i + 8 <= count {
        a0 += term(i); a1 += term(i + 1); a2 += term(i + 2); a3 += term(i + 3)
        a4 += term(i + 4); a5 += term(i + 5); a6 += term(i + 6); a7 += term(i + 7)
        i += 8
    }
    var tail = 0.0
    while i < count { tail += term(i); i += 1 }
    return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + tail
}

/// How a reduction treats each element before adding it.
@usableFromInline
internal enum AccumulatedTerm: Sendable {
    /// `x`
    case value
    /// `x²`
    case square
    /// `|x|`
    case magnitude
}

/// `Σ term(x[i])` over `count` Floats at `x`, in Double.
@usableFromInline
internal func accumulateInDouble(_ x: UnsafePointer<Float>, count: Int, _ term: AccumulatedTerm) -> Double {
    switch term {
    case .value: return eightWay(count) { Double(x[$0]) }
    case .square: return eightWay(count) { let v = Double(x[$0]); return v * v }
    case .magnitude: return eightWay(count) { Double(Swift.abs(x[$0])) }
    }
}

/// `Σ term(x[i])` over `count` Doubles at `x`.
@usableFromInline
internal func accumulateInDouble(_ x: UnsafePointer<Double>, count: Int, _ term: AccumulatedTerm) -> Double {
    switch term {
    case .value: return eightWay(count) { x[$0] }
    case .square: return eightWay(count) { x[$0] * x[$0] }
    case .magnitude: return eightWay(count) { Swift.abs(x[$0]) }
    }
}

/// `Σ (x[i] − center)²` over `count` Floats, in Double: the second pass of a variance.
@usableFromInline
internal func squaredDeviationsInDouble(_ x: UnsafePointer<Float>, count: Int, from center: Double) -> Double {
    eightWay(count) { let d = Double(x[$0]) - center; return d * d }
}

/// `Σ (x[i] − center)²` over `count` Doubles.
@usableFromInline
internal func squaredDeviationsInDouble(_ x: UnsafePointer<Double>, count: Int, from center: Double) -> Double {
    eightWay(count) { let d = x[$0] - center; return d * d }
}

/// `Σ a[i]·b[i]` over `count` Floats, each product formed exactly in Double (a product of two
/// Floats fits in Double's 53 bits), where BLAS `sdot` would accumulate in Float.
@usableFromInline
internal func dotInDouble(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
    eightWay(count) { Double(a[$0]) * Double(b[$0]) }
}

/// `Σ a[i]·b[i]` over `count` Doubles: BLAS `ddot`.
@usableFromInline
internal func dotInDouble(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
    count == 0 ? 0 : Double.blasDot(n: count, x: a, y: b)
}

/// `total[i] += x[i]` for `i < count`, the Floats widened to Double (vectorises).
@usableFromInline
internal func addInDouble(_ x: UnsafePointer<Float>, into total: UnsafeMutablePointer<Double>, count: Int) {
    for i in 0..<count { total[i] += Double(x[i]) }
}

/// `total[i] += x[i]` for `i < count`.
@usableFromInline
internal func addInDouble(_ x: UnsafePointer<Double>, into total: UnsafeMutablePointer<Double>, count: Int) {
    for i in 0..<count { total[i] += x[i] }
}

extension TensorScalar {
    /// `Σ term(x[i])` over `count` scalars at `x`, accumulated in Double (see above).
    @inlinable @inline(__always)
    internal static func accumulate(_ x: UnsafePointer<Self>, count: Int, _ term: AccumulatedTerm) -> Double {
        if Self.self == Float.self {
            return accumulateInDouble(UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), count: count, term)
        }
        return accumulateInDouble(UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), count: count, term)
    }

    /// `Σ (x[i] − center)²` over `count` scalars, accumulated in Double.
    @inlinable @inline(__always)
    internal static func squaredDeviations(_ x: UnsafePointer<Self>, count: Int, from center: Double) -> Double {
        if Self.self == Float.self {
            return squaredDeviationsInDouble(UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), count: count, from: center)
        }
        return squaredDeviationsInDouble(UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), count: count, from: center)
    }

    /// `Σ a[i]·b[i]` over `count` scalars, accumulated in Double.
    @inlinable @inline(__always)
    internal static func dotProduct(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, count: Int) -> Double {
        if Self.self == Float.self {
            return dotInDouble(UnsafeRawPointer(a).assumingMemoryBound(to: Float.self),
                               UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), count: count)
        }
        return dotInDouble(UnsafeRawPointer(a).assumingMemoryBound(to: Double.self),
                           UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), count: count)
    }

    /// `total[i] += x[i]` for `i < count`, in Double.
    @inlinable @inline(__always)
    internal static func add(_ x: UnsafePointer<Self>, into total: UnsafeMutablePointer<Double>, count: Int) {
        if Self.self == Float.self {
            addInDouble(UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), into: total, count: count)
        } else {
            addInDouble(UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), into: total, count: count)
        }
    }
}
