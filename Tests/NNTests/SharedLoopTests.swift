import Foundation
import XCTest
import NN
@_spi(Testing) import WickCore

/// The layers' loops that are cut in two for Wick's helper thread (`runInHalves`: ReLU, Linear's
/// bias, the gradients' zeroing, SGD) give the results of plain loops on sizes where the cut
/// happens. The helper runs in its deterministic mode (it runs every part it is handed) with no
/// quiet period, so each round shares a known number of loops, with no timing involved.
final class SharedLoopTests: XCTestCase {
    private var savedThreads = 1, savedQuiet = 0

    override func setUp() {
        savedThreads = BLAS.numThreads
        savedQuiet = BLAS.helperQuietMicroseconds
        BLAS.numThreads = 2
        BLAS.usesHelperThread = true
        BLAS.helperQuietMicroseconds = 0
        BLAS.helperThreadIsDeterministic = true
    }

    override func tearDown() {
        BLAS.helperThreadIsDeterministic = false
        BLAS.numThreads = savedThreads
        BLAS.helperQuietMicroseconds = savedQuiet
        BLAS.usesHelperThread = true
    }

    private func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var g = RandomGenerator(seed: seed)
        return Tensor<Double>.uniform(shape: shape, low: -1, high: 1, generator: &g)
    }

    /// Runs `round(0)`, `round(1)`, ... `round(rounds - 1)` and checks that the helper thread ran a
    /// part of exactly `loopsPerRound` loops in each; returns `rounds`.
    private func sharedRounds(_ rounds: Int = 4, loopsPerRound: Int, _ round: (Int) -> Void) -> Int {
        let before = BLAS.sharedLoopCount
        for index in 0..<rounds { round(index) }
        XCTAssertEqual(BLAS.sharedLoopCount - before, rounds * loopsPerRound, "the helper thread ran parts of loops")
        return rounds
    }

    func testReLUForwardAndBackward() {
        let relu = ReLU<Double>()
        let inputs = (0..<20).map { (random([64, 128], seed: UInt64($0 + 1)), random([64, 128], seed: UInt64($0 + 100))) }
        var results: [(Tensor<Double>, Tensor<Double>)] = []  // compared afterwards
        _ = sharedRounds(loopsPerRound: 2) { round in  // forward and backward
            let (x, g) = inputs[round % inputs.count]
            results.append((relu.forward(x), relu.backward(x, g)))
        }
        for (round, (y, dx)) in results.enumerated() {
            let (x, g) = inputs[round % inputs.count]
            XCTAssertEqual(y.scalars, x.scalars.map { Swift.max($0, 0) }, "round \(round)")
            XCTAssertEqual(dx.scalars, zip(x.scalars, g.scalars).map { $0 > 0 ? $1 : 0 }, "round \(round)")
        }
    }

    func testLinearBiasForwardAndGradient() {
        let layer = Linear<Double>(64, 128)
        let x = random([64, 64], seed: 7), g = random([64, 128], seed: 8)
        let w = layer.weight.scalars, b = layer.bias!.scalars
        var expectedOutput = [Double](repeating: 0, count: 64 * 128), expectedBiasGradient = [Double](repeating: 0, count: 128)
        for r in 0..<64 {
            for j in 0..<128 {
                var sum = b[j]
                for p in 0..<64 { sum += x.scalars[r * 64 + p] * w[j * 64 + p] }
                expectedOutput[r * 128 + j] = sum
                expectedBiasGradient[j] += g.scalars[r * 128 + j]
            }
        }
        var rounds: [(Tensor<Double>, Tensor<Double>)] = []  // compared afterwards
        _ = sharedRounds(loopsPerRound: 2) { _ in  // the bias rows, the bias gradient
            layer.zeroGradParameters()
            let y = layer.forward(x)
            layer.accGradParameters(x, g, scale: 1)
            rounds.append((y, layer.gradBias!))
        }
        for (round, (output, biasGradient)) in rounds.enumerated() {
            for (got, want) in zip(output.scalars, expectedOutput) { XCTAssertEqual(got, want, accuracy: 1e-12, "round \(round)") }
            for (got, want) in zip(biasGradient.scalars, expectedBiasGradient) { XCTAssertEqual(got, want, accuracy: 1e-12, "round \(round)") }
        }
    }

    func testZeroGradAndSGDWithMomentumOverManyParameters() {
        // 64·128 + 128 = 8320 parameters, above the 4096 from which the loops are cut.
        let model = Sequential<Double>()
        model.add(Linear(64, 128))
        let flat = model.getParameters()
        let sgd = SGD(flat, learningRate: 0.1, weightDecay: 0.01, momentum: 0.9, dampening: 0, nesterov: true)
        let gradients = (0..<20).map { random([flat.count], seed: UInt64($0 + 1)) }
        let start = flat.values.scalars
        var zeroed: [Bool] = [], values: [Tensor<Double>] = []  // compared afterwards
        let steps = sharedRounds(loopsPerRound: 2) { step in  // zeroing, the update
            sgd.zeroGrad()
            zeroed.append(flat.gradients.scalars.allSatisfy { $0 == 0 })
            flat.gradients = gradients[step % gradients.count]
            sgd.step()
            values.append(flat.values)
        }
        XCTAssertEqual(zeroed, Array(repeating: true, count: steps))
        var x = start, v = [Double](repeating: 0, count: x.count)
        for step in 0..<steps {
            let g = gradients[step % gradients.count].scalars
            for i in x.indices {
                let d = g[i] + 0.01 * x[i]
                v[i] = step == 0 ? d : 0.9 * v[i] + d
                x[i] -= 0.1 * (d + 0.9 * v[i])
            }
            for (got, want) in zip(values[step].scalars, x) { XCTAssertEqual(got, want, accuracy: 1e-12, "step \(step)") }
        }
    }
}
