// Malloc counts of the operations a training loop repeats: every in-place element-wise operation
// and `matmul(into:)` (GEMM and GEMV, with and without accumulation) must allocate nothing once
// its output buffer has the right shape. Small operands keep these quick; the count is what
// matters (see the mallocCountTotal column, which must read 0).
import Benchmark
import WickCore

/// Operands for the allocation benchmarks.
private struct Operands<Scalar: TensorScalar> {
    var x, y, out, matrix, other, product: Tensor<Scalar>
    var bias, vector, gemv, gram: Tensor<Scalar>
    init() {
        var generator = RandomGenerator(seed: 3)
        x = .uniform(shape: [64, 32], low: -1, high: 1, generator: &generator)
        y = .uniform(shape: [64, 32], low: 0.999, high: 1.001, generator: &generator)
        out = .zeros(64, 32)
        matrix = .uniform(shape: [64, 48], low: -1, high: 1, generator: &generator)
        other = .uniform(shape: [48, 32], low: -1, high: 1, generator: &generator)
        product = .zeros(64, 32)
        bias = .uniform(shape: [32], low: -1, high: 1, generator: &generator)
        vector = .uniform(shape: [48], low: -1, high: 1, generator: &generator)
        gemv = .zeros(64)
        gram = .zeros(32, 32)
    }
}

/// Registers the malloc-count benchmarks for one scalar type.
private func registerAllocations<Scalar: TensorScalar>(_: Scalar.Type) {
    let box = Box(Operands<Scalar>())
    let config = Benchmark.Configuration(timeUnits: .nanoseconds, maxDuration: .milliseconds(300))
    func bench(_ what: String, _ body: @escaping @Sendable () -> Void) {
        Benchmark("\(Scalar.typeName) in place: \(what)", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations { body() }
        }
    }
    bench("x += y") { box.state.x += box.state.y }
    bench("x -= y") { box.state.x -= box.state.y }
    bench("x *= y") { box.state.x *= box.state.y }
    bench("x /= y") { box.state.x /= box.state.y }
    bench("x += 0.5, x *= 0.5") { box.state.x += 0.5; box.state.x *= 0.5 }
    bench("x += row vector") { box.state.x += box.state.bias }
    bench("x.addRowVector(b)") { box.state.x.addRowVector(box.state.bias) }
    bench("x.add(y, scaledBy:)") { box.state.x.add(box.state.y, scaledBy: 0.25) }
    bench("x.apply { tanh }") { box.state.x.apply { .tanh($0) } }
    bench("out.assign(x, mapping:)") { box.state.out.assign(box.state.x) { $0 * 2 } }
    bench("out.assign(x, y, zipping:)") { box.state.out.assign(box.state.x, box.state.y) { $0 * $1 } }
    bench("out.assign(x)") { box.state.out.assign(box.state.x) }
    bench("out.fill(0)") { box.state.out.fill(0) }
    bench("matmul(into:) GEMM 64x48 * 48x32") {
        Tensor.matmul(box.state.matrix, box.state.other, into: &box.state.product)
    }
    bench("matmul(into:) GEMM xᵀ·y accumulated (beta = 1)") {
        // The weight-gradient pattern of a linear layer: gram += 0.5 · xᵀ y.
        Tensor.matmul(box.state.x, box.state.y, into: &box.state.gram, transposeA: true, alpha: 0.5, beta: 1)
    }
    bench("matmul(into:) GEMV 64x48 * 48") {
        Tensor.matmul(box.state.matrix, box.state.vector, into: &box.state.gemv)
    }
    bench("matmul(into:) GEMV 48 * (64x48)ᵀ accumulated") {
        Tensor.matmul(box.state.vector, box.state.matrix, into: &box.state.gemv, transposeB: true, beta: 1)
    }
}

/// Registers the malloc-count benchmarks for Float and Double.
func registerAllocationBenchmarks() {
    registerAllocations(Float.self)
    registerAllocations(Double.self)
}
