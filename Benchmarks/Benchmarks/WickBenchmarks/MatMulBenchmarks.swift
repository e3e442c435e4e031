// Matrix products of 512x512 matrices: Wick's two entry points against cblas_?gemm called
// directly on the same data, in the same run. Target: Wick at >= 95% of direct BLAS speed.
//
// Each comparison runs twice: with OpenBLAS's default thread count (all cores) and with one
// thread. The one-thread figures are the steadier ones on a shared machine, and they show that
// `matmul(into:)` allocates nothing: OpenBLAS's threaded path mallocs once per call by itself,
// which the direct cblas reference shows too.
import Benchmark
import CBLASReference
import WickCore

/// The side of the square matrices multiplied.
private let size = 512

/// Two random `size`x`size` operands and a result buffer of the right shape.
private struct Operands<Scalar: TensorScalar> {
    var a, b, c: Tensor<Scalar>
    init() {
        var generator = RandomGenerator(seed: 7)
        a = .uniform(shape: [size, size], low: -1, high: 1, generator: &generator)
        b = .uniform(shape: [size, size], low: -1, high: 1, generator: &generator)
        c = .zeros(size, size)
    }
}

/// Registers the GEMM benchmarks for one scalar type and thread count (`nil`: OpenBLAS's default);
/// `direct` calls cblas on raw buffers.
private func registerMatMul<Scalar: TensorScalar>(
    _: Scalar.Type, threads: Int?,
    direct: @escaping @Sendable (UnsafePointer<Scalar>, UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void
) {
    let defaultThreads = BLAS.numThreads
    let name = "\(Scalar.typeName) matmul \(size)x\(size), \(threads.map { "\($0) BLAS thread" } ?? "\(defaultThreads) BLAS threads")"
    let config = Benchmark.Configuration(
        maxDuration: .seconds(3),
        setup: { BLAS.numThreads = threads ?? defaultThreads },
        teardown: { BLAS.numThreads = defaultThreads })

    let viaInto = Box(Operands<Scalar>())
    Benchmark("\(name): Tensor.matmul(_:_:into:)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            Tensor.matmul(viaInto.state.a, viaInto.state.b, into: &viaInto.state.c)
        }
        blackHole(viaInto.state.c[0, 0])
    }

    let viaFunction = Box(Operands<Scalar>())
    Benchmark("\(name): matmul(a, b)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(matmul(viaFunction.state.a, viaFunction.state.b))
        }
    }

    // The reference: plain arrays, and the BLAS routine called with no Wick code around it.
    let a = viaInto.state.a.scalars, b = viaInto.state.b.scalars
    let c = Box([Scalar](repeating: 0, count: size * size))
    Benchmark("\(name): cblas direct (reference)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.state.withUnsafeMutableBufferPointer { pc in
                        direct(pa.baseAddress!, pb.baseAddress!, pc.baseAddress!)
                    }
                }
            }
        }
        blackHole(c.state[0])
    }
}

/// Registers the Float and Double GEMM benchmarks, with the default thread count and with one.
func registerMatMulBenchmarks() {
    let n = Int32(size)
    for threads in [nil, 1] {
        registerMatMul(Float.self, threads: threads) { a, b, c in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n)
        }
        registerMatMul(Double.self, threads: threads) { a, b, c in
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n)
        }
    }
}
