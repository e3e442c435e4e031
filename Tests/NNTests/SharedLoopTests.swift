import Foundation
import XCTest
import NN

/// The layers' loops that are cut in two for Wick's helper thread (`runInHalves`: ReLU, Linear's
/// bias, the gradients' zeroing, SGD) give the results of plain loops on sizes where the cut
/// happens, on the first step (helper asleep, run whole) and the following ones (shared).
final class SharedLoopTests: XCTestCase {
    private var savedThreads = 1, savedSpin = 50

    override func setUp() {
        savedThreads = BLAS.numThreads
        savedSpin = BLAS.helperSpinMicroseconds
        // Debug builds run the loops slowly: the helper must not fall asleep between them.
        BLAS.helperSpinMicroseconds = 1_000_000
        BLAS.numThreads = 2
        BLAS.usesHelperThread = true
        Thread.sleep(forTimeInterval: 0.25)  // no sharing within 0.2 s of work on OpenBLAS's threads
    }

    override func tearDown() {
        BLAS.numThreads = savedThreads
        BLAS.helperSpinMicroseconds = savedSpin
    }

    private func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var g = RandomGenerator(seed: seed)
        return Tensor<Double>.uniform(shape: shape, low: -1, high: 1, generator: &g)
    }

    /// Runs `round(0)`, `round(1)`, ... back to back until the helper thread has run a part of
    /// three loops (at least 20 rounds, at most 3 s), and returns how many rounds ran. A part the
    /// helper has not started when the caller is done with its own goes back to the caller, and
    /// on a busy machine both threads can share one core for a while, so the count varies.
    private func roundsUntilShared(_ round: (Int) -> Void) -> Int {
        let before = BLAS.sharedLoopCount, start = Date()
        var rounds = 0
        while rounds < 20 || (BLAS.sharedLoopCount - before < 3 && Date().timeIntervalSince(start) < 3) {
            round(rounds)
            rounds += 1
        }
        XCTAssertGreaterThanOrEqual(BLAS.sharedLoopCount - before, 3, "the helper thread ran parts of loops")
        return rounds
    }

    func testReLUForwardAndBackward() {
        let relu = ReLU<Double>()
        let inputs = (0..<20).map { (random([64, 128], seed: UInt64($0 + 1)), random([64, 128], seed: UInt64($0 + 100))) }
        var results: [(Tensor<Double>, Tensor<Double>)] = []  // compared afterwards
        _ = roundsUntilShared { round in
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
        _ = roundsUntilShared { _ in
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
        let steps = roundsUntilShared { step in
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
