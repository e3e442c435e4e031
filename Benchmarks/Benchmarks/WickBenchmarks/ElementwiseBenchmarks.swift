// Element-wise add, multiply and tanh over 1M Floats. Each Wick call is made from this module,
// so it is only fast if WickCore's generic code is specialised here (it is @inlinable); the
// reference is a concrete loop over Float buffers written in this file.
// Target: Wick within 1.5x of the concrete loop.
import Benchmark
import Foundation
import WickCore

/// The number of elements per operand.
private let count = 1 << 20

/// Operands for the element-wise benchmarks, as tensors and as plain arrays.
private struct Operands {
    var x, y, out: Tensor<Float>
    var xs, ys, outs: [Float]
    init() {
        var generator = RandomGenerator(seed: 11)
        x = .uniform(shape: [count], low: -2, high: 2, generator: &generator)
        // Near 1, so that repeated in-place products neither overflow nor become subnormal.
        y = .uniform(shape: [count], low: 0.999, high: 1.001, generator: &generator)
        out = .zeros(count)
        xs = x.scalars; ys = y.scalars; outs = out.scalars
    }
}

/// The concrete reference: `out[i] = f(x[i], y[i])` into a new array.
@inline(__always)
private func concreteNew(_ x: [Float], _ y: [Float], _ f: (Float, Float) -> Float) -> [Float] {
    [Float](unsafeUninitializedCapacity: x.count) { out, initialized in
        x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                for i in 0..<x.count { out[i] = f(px[i], py[i]) }
            }
        }
        initialized = x.count
    }
}

/// The concrete reference: `x[i] = f(x[i], y[i])` in place.
@inline(__always)
private func concreteInPlace(_ x: inout [Float], _ y: [Float], _ f: (Float, Float) -> Float) {
    y.withUnsafeBufferPointer { py in
        x.withUnsafeMutableBufferPointer { px in
            for i in 0..<px.count { px[i] = f(px[i], py[i]) }
        }
    }
}

/// Registers the add, multiply and tanh benchmarks, each next to its concrete reference.
func registerElementwiseBenchmarks() {
    let box = Box(Operands())
    let label = "Float 1M"

    Benchmark("\(label) add: x + y (Wick)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(box.state.x + box.state.y) }
    }
    Benchmark("\(label) add: x + y (concrete loop)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(concreteNew(box.state.xs, box.state.ys, +)) }
    }
    Benchmark("\(label) add: x += y (Wick)") { benchmark in
        for _ in benchmark.scaledIterations { box.state.out += box.state.y }
    }
    Benchmark("\(label) add: x += y (concrete loop)") { benchmark in
        for _ in benchmark.scaledIterations { concreteInPlace(&box.state.outs, box.state.ys, +) }
    }

    Benchmark("\(label) multiply: x * y (Wick)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(box.state.x * box.state.y) }
    }
    Benchmark("\(label) multiply: x * y (concrete loop)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(concreteNew(box.state.xs, box.state.ys, *)) }
    }
    Benchmark("\(label) multiply: x *= y (Wick)") { benchmark in
        for _ in benchmark.scaledIterations { box.state.x *= box.state.y }
    }
    Benchmark("\(label) multiply: x *= y (concrete loop)") { benchmark in
        for _ in benchmark.scaledIterations { concreteInPlace(&box.state.xs, box.state.ys, *) }
    }

    Benchmark("\(label) tanh: x.tanh() (Wick)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(box.state.x.tanh()) }
    }
    Benchmark("\(label) tanh: new array (concrete loop)") { benchmark in
        for _ in benchmark.scaledIterations {
            let xs = box.state.xs
            blackHole([Float](unsafeUninitializedCapacity: xs.count) { out, initialized in
                xs.withUnsafeBufferPointer { px in
                    for i in 0..<px.count { out[i] = tanhf(px[i]) }
                }
                initialized = xs.count
            })
        }
    }
    Benchmark("\(label) tanh: out.assign(x, mapping:) (Wick)") { benchmark in
        for _ in benchmark.scaledIterations { box.state.out.assign(box.state.x) { .tanh($0) } }
    }
    Benchmark("\(label) tanh: into buffer (concrete loop)") { benchmark in
        for _ in benchmark.scaledIterations {
            box.state.xs.withUnsafeBufferPointer { px in
                box.state.outs.withUnsafeMutableBufferPointer { po in
                    for i in 0..<px.count { po[i] = tanhf(px[i]) }
                }
            }
        }
    }
}
