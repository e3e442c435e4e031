// Entry point of Wick's benchmarks: package-benchmark runs every benchmark registered here.
//
// Each speed claim is measured against its reference in the same run, so that the comparison
// holds whatever else the machine is doing:
// - matmul (GEMM) against cblas_sgemm / cblas_dgemm called directly;
// - element-wise operations called from this module (so they must be specialised across the
//   module boundary) against a concrete, hand-written loop over Float;
// - in-place operations and `matmul(into:)`, whose malloc count must be zero;
// - the C kernels (exponential, square-root ratio update), whose times guard their build settings.
import Benchmark
import WickCore

let benchmarks: @Sendable () -> Void = {
    // As Wick's samples: the better OpenBLAS kernel when OpenBLAS would run a generic one (a
    // restart keeps the arguments and the open pipes to package-benchmark's plugin).
    BLAS.restartWithRecommendedKernel()
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 2_000
    )
    registerMatMulBenchmarks()
    registerElementwiseBenchmarks()
    registerAllocationBenchmarks()
    registerInterleavedComparisons()
    registerNNBenchmarks()
    registerKernelBenchmarks()
    registerBatchNormalizationBenchmarks()
}

/// Mutable state that a benchmark closure keeps between iterations.
///
/// Holding tensors in a class (not in captured `var`s) means each tensor's storage has exactly one
/// owner, so an in-place operation really works in place instead of copying on its first write.
final class Box<State>: @unchecked Sendable {
    /// The state; benchmark closures mutate it in place.
    var state: State
    /// Wraps `state`.
    init(_ state: State) { self.state = state }
}
