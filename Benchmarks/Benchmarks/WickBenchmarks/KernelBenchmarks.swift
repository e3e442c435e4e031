// The C kernels behind Swift code that does not vectorise (CWickKernels), called through their
// `TensorScalar` entry points: the exponential (soft-max, cross-entropy) and the square-root
// ratio update (Adam, RMSProp, AdaGrad), in Float and Double. These guard the build settings of
// the C target: a loop that stops vectorising shows here as a several-fold slowdown.
import Benchmark
import Foundation
import WickCore

/// Registers `kernel exp …` and `kernel subtract scaled ratio …` for `Scalar`.
private func registerKernels<Scalar: TensorScalar>(_: Scalar.Type) {
    let name = Scalar.typeName
    var g = RandomGenerator(seed: 21)
    // The exponential: the 64x10 soft-max of a training step (in place, as SoftMax calls it), and
    // a long buffer out of place. Inputs in [-20, 5], as after the shift by the row maximum.
    for count in [640, 1 << 16] {
        let x = Box((0..<count).map { _ in Scalar(g.uniform(-20, 5)) })
        let y = Box([Scalar](repeating: 0, count: count))
        let inPlace = count == 640
        Benchmark("kernel exp, \(name), \(count) elements\(inPlace ? ", in place" : "")",
                  configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds,
                                       maxDuration: .seconds(2), maxIterations: 1_000_000)) { benchmark in
            for _ in benchmark.scaledIterations {
                if inPlace {
                    // Refill from x so the values stay in range; the copy is part of the time.
                    y.state.withUnsafeMutableBufferPointer { py in
                        x.state.withUnsafeBufferPointer { py.baseAddress!.update(from: $0.baseAddress!, count: count) }
                        Scalar.kernelExp(py.baseAddress!, into: py.baseAddress!, count: count)
                    }
                } else {
                    x.state.withUnsafeBufferPointer { px in
                        y.state.withUnsafeMutableBufferPointer { py in
                            Scalar.kernelExp(px.baseAddress!, into: py.baseAddress!, count: count)
                        }
                    }
                }
            }
        }
    }
    // The square-root ratio update over 64K parameters (Adam's last pass), kept in cache so the
    // arithmetic, not memory, sets the time. x drifts by at most 1e-9 per call.
    let count = 1 << 16
    let numerator = (0..<count).map { _ in Scalar(g.uniform(-1, 1)) }
    let denominator = (0..<count).map { _ in Scalar(g.uniform(0.1, 2)) }
    let x = Box([Scalar](repeating: 0, count: count))
    Benchmark("kernel subtract scaled ratio, \(name), \(count) elements",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds,
                                   maxDuration: .seconds(2), maxIterations: 1_000_000)) { benchmark in
        for _ in benchmark.scaledIterations {
            x.state.withUnsafeMutableBufferPointer { px in
                Scalar.kernelSubtractScaledRatio(px.baseAddress!, numerator: numerator, denominator: denominator,
                                                 count: count, scale: 1e-9, epsilon: 1e-8)
            }
        }
    }
}

func registerKernelBenchmarks() {
    registerKernels(Float.self)
    registerKernels(Double.self)
}
