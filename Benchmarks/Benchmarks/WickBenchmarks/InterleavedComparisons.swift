// Wick against its reference inside one iteration, alternating which goes first, so that both
// sides see the same machine load. On a shared machine the separate benchmarks' medians can
// swing by 2x from one benchmark to the next; these ratios stay put. Each iteration records
// one custom metric per Wick entry point:
// - matmul: "speed % of cblas" = 100 · cblas time / Wick time (target >= 95);
// - element-wise: "time % of concrete loop" = 100 · Wick time / loop time (target <= 150).
import Benchmark
import CBLASReference
import Foundation
import WickCore

/// Nanoseconds taken by `body`.
@inline(__always)
private func nanoseconds(_ body: () -> Void) -> Double {
    let elapsed = ContinuousClock().measure(body)
    return Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) * 1e-9
}

/// One Wick entry point and the reference it is measured against.
private struct Pair: Sendable {
    /// The custom metric the ratio is recorded under.
    let metric: BenchmarkMetric
    /// One call of the Wick code.
    let wick: @Sendable () -> Void
    /// One call of the reference code doing the same work.
    let reference: @Sendable () -> Void
}

/// Registers a benchmark that, in every iteration, times each pair's Wick code and reference
/// (which goes first alternates between iterations) and records the pair's ratio: the speed of
/// Wick relative to the reference when `speed`, else Wick's time relative to the reference's.
private func registerComparison(_ name: String, configuration: Benchmark.Configuration, speed: Bool, pairs: [Pair]) {
    var config = configuration
    config.metrics = pairs.map(\.metric)
    Benchmark(name, configuration: config) { benchmark in
        for iteration in benchmark.scaledIterations {
            let wickFirst = (benchmark.currentIteration + iteration).isMultiple(of: 2)
            for pair in pairs {
                var wickTime = 0.0, referenceTime = 0.0
                if wickFirst {
                    wickTime = nanoseconds(pair.wick)
                    referenceTime = nanoseconds(pair.reference)
                } else {
                    referenceTime = nanoseconds(pair.reference)
                    wickTime = nanoseconds(pair.wick)
                }
                let ratio = speed ? referenceTime / wickTime : wickTime / referenceTime
                benchmark.measurement(pair.metric, Int((100 * ratio).rounded()))
            }
        }
    }
}

/// The matrix-product comparison for one scalar type and thread count (`nil`: OpenBLAS's default).
private func registerMatMulComparison<Scalar: TensorScalar>(
    _: Scalar.Type, threads: Int?,
    direct: @escaping @Sendable (UnsafePointer<Scalar>, UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void
) {
    let n = 512
    var generator = RandomGenerator(seed: 7)
    let a = Tensor<Scalar>.uniform(shape: [n, n], low: -1, high: 1, generator: &generator)
    let b = Tensor<Scalar>.uniform(shape: [n, n], low: -1, high: 1, generator: &generator)
    let c = Box(Tensor<Scalar>.zeros(n, n))
    let raw = Box((a.scalars, b.scalars, [Scalar](repeating: 0, count: n * n)))
    let defaultThreads = BLAS.numThreads
    let threadLabel = threads.map { "\($0) BLAS thread" } ?? "\(defaultThreads) BLAS threads"
    let config = Benchmark.Configuration(
        maxDuration: .seconds(4),
        setup: { BLAS.numThreads = threads ?? defaultThreads },
        teardown: { BLAS.numThreads = defaultThreads })
    let cblas: @Sendable () -> Void = {
        raw.state.0.withUnsafeBufferPointer { pa in
            raw.state.1.withUnsafeBufferPointer { pb in
                raw.state.2.withUnsafeMutableBufferPointer { pc in direct(pa.baseAddress!, pb.baseAddress!, pc.baseAddress!) }
            }
        }
    }
    registerComparison(
        "\(Scalar.typeName) matmul \(n)x\(n), \(threadLabel): Wick vs cblas, interleaved", configuration: config, speed: true,
        pairs: [
            Pair(metric: .custom("Tensor.matmul(into:) speed % of cblas", polarity: .prefersLarger),
                 wick: { Tensor.matmul(a, b, into: &c.state) }, reference: cblas),
            Pair(metric: .custom("matmul(a, b) speed % of cblas", polarity: .prefersLarger),
                 wick: { blackHole(matmul(a, b)) }, reference: cblas),
        ])
}

/// Registers the interleaved matmul and element-wise comparisons.
func registerInterleavedComparisons() {
    let n = Int32(512)
    for threads in [nil, 1] {
        registerMatMulComparison(Float.self, threads: threads) { a, b, c in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n)
        }
        registerMatMulComparison(Double.self, threads: threads) { a, b, c in
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n)
        }
    }

    let count = 1 << 20
    var generator = RandomGenerator(seed: 11)
    let x = Tensor<Float>.uniform(shape: [count], low: -2, high: 2, generator: &generator)
    let y = Tensor<Float>.uniform(shape: [count], low: 0.999, high: 1.001, generator: &generator)
    let tensors = Box((out: Tensor<Float>.zeros(count), acc: x))
    let arrays = Box((x: x.scalars, y: y.scalars, out: [Float](repeating: 0, count: count), acc: x.scalars))
    let config = Benchmark.Configuration(maxDuration: .seconds(2))

    // The concrete reference loops, written out for Float with the operator in place (a closure
    // parameter here would not be inlined and would make the reference unfairly slow).
    let addFresh: @Sendable () -> Void = {
        let (xs, ys) = (arrays.state.x, arrays.state.y)
        blackHole([Float](unsafeUninitializedCapacity: count) { out, initialized in
            xs.withUnsafeBufferPointer { px in ys.withUnsafeBufferPointer { py in for i in 0..<count { out[i] = px[i] + py[i] } } }
            initialized = count
        })
    }
    let addInPlace: @Sendable () -> Void = {
        arrays.state.y.withUnsafeBufferPointer { py in
            arrays.state.acc.withUnsafeMutableBufferPointer { pa in for i in 0..<count { pa[i] += py[i] } }
        }
    }
    let mulFresh: @Sendable () -> Void = {
        let (xs, ys) = (arrays.state.x, arrays.state.y)
        blackHole([Float](unsafeUninitializedCapacity: count) { out, initialized in
            xs.withUnsafeBufferPointer { px in ys.withUnsafeBufferPointer { py in for i in 0..<count { out[i] = px[i] * py[i] } } }
            initialized = count
        })
    }
    let mulInPlace: @Sendable () -> Void = {
        arrays.state.y.withUnsafeBufferPointer { py in
            arrays.state.acc.withUnsafeMutableBufferPointer { pa in for i in 0..<count { pa[i] *= py[i] } }
        }
    }

    registerComparison("Float 1M add: Wick vs concrete loop, interleaved", configuration: config, speed: false, pairs: [
        Pair(metric: .custom("x + y time % of loop"), wick: { blackHole(x + y) }, reference: addFresh),
        Pair(metric: .custom("x += y time % of loop"), wick: { tensors.state.acc += y }, reference: addInPlace),
    ])
    registerComparison("Float 1M multiply: Wick vs concrete loop, interleaved", configuration: config, speed: false, pairs: [
        Pair(metric: .custom("x * y time % of loop"), wick: { blackHole(x * y) }, reference: mulFresh),
        Pair(metric: .custom("x *= y time % of loop"), wick: { tensors.state.acc *= y }, reference: mulInPlace),
    ])
    registerComparison("Float 1M tanh: Wick vs concrete loop, interleaved", configuration: config, speed: false, pairs: [
        Pair(metric: .custom("x.tanh() time % of loop"), wick: { blackHole(x.tanh()) }, reference: {
            let xs = arrays.state.x
            blackHole([Float](unsafeUninitializedCapacity: count) { out, initialized in
                xs.withUnsafeBufferPointer { px in for i in 0..<count { out[i] = tanhf(px[i]) } }
                initialized = count
            })
        }),
        Pair(metric: .custom("out.assign(x, mapping: tanh) time % of loop"),
             wick: { tensors.state.out.assign(x) { .tanh($0) } },
             reference: {
                 arrays.state.x.withUnsafeBufferPointer { px in
                     arrays.state.out.withUnsafeMutableBufferPointer { po in for i in 0..<count { po[i] = tanhf(px[i]) } }
                 }
             }),
    ])
}
