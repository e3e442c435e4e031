import XCTest
import NN
@_spi(Testing) import WickCore

/// The values of channel `c` of an `N x C x H x W` batch, by hand.
private func channelValues(_ x: Tensor<Double>, _ c: Int) -> [Double] {
    let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
    var values = [Double]()
    for i in 0..<n { for r in 0..<h { for s in 0..<w { values.append(x[indices: [i, c, r, s]]) } } }
    return values
}

/// The mean, biased and unbiased variance of `values`.
private func statistics(_ values: [Double]) -> (mean: Double, biased: Double, unbiased: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let squares = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
    return (mean, squares / Double(values.count), squares / Double(values.count - 1))
}

/// `(x − μ_c) / √(σ²_c + ε) · γ_c + β_c` at every element, by hand.
private func normalizedChannels(_ x: Tensor<Double>, mean: [Double], variance: [Double], eps: Double,
                                weight: [Double], bias: [Double]) -> Tensor<Double> {
    var y = x
    let (n, channels, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    var values = y.scalars
    for i in 0..<n { for c in 0..<channels { for r in 0..<h { for s in 0..<w {
        let k = ((i * channels + c) * h + r) * w + s
        values[k] = (values[k] - mean[c]) / (variance[c] + eps).squareRoot() * weight[c] + bias[c]
    } } } }
    y.scalars = values
    return y
}

final class SpatialBatchNormalizationTests: XCTestCase {
    func testTrainingNormalizesEachChannelOverTheBatchAndItsPixels() {
        let bn = SpatialBatchNormalization<Double>(3)
        bn.weight = Tensor([0.5, 2, -1])
        bn.bias = Tensor([0.1, -3, 4])
        let x = uniformInput([3, 3, 5, 7], seed: 1, low: -4, high: 6)
        let stats = (0..<3).map { statistics(channelValues(x, $0)) }
        assertClose(bn.forward(x), normalizedChannels(x, mean: stats.map(\.mean), variance: stats.map(\.biased), eps: 1e-5,
                                                      weight: [0.5, 2, -1], bias: [0.1, -3, 4]), tolerance: 1e-12)
    }

    func testRunningStatisticsAfterSeveralBatchesUseTheUnbiasedVarianceOverNHW() {
        let momentum = 0.25
        let bn = SpatialBatchNormalization<Double>(2, momentum: momentum)
        var mean = [0.0, 0], variance = [1.0, 1]
        for batch in 0..<4 {
            let x = uniformInput([1 + batch, 2, 3, 5], seed: UInt64(10 + batch), low: Double(-batch), high: Double(2 * batch + 1))
            _ = bn.forward(x)
            for c in 0..<2 {
                let s = statistics(channelValues(x, c))  // m = N·H·W values, unbiased: m / (m − 1)
                mean[c] = (1 - momentum) * mean[c] + momentum * s.mean
                variance[c] = (1 - momentum) * variance[c] + momentum * s.unbiased
            }
            assertClose(bn.runningMean, Tensor(mean), tolerance: 1e-12, "batch \(batch)")
            assertClose(bn.runningVar, Tensor(variance), tolerance: 1e-12, "batch \(batch)")
        }
    }

    func testEvaluationUsesTheRunningStatisticsAndTakesOneImage() {
        let bn = SpatialBatchNormalization<Double>(2, eps: 1e-3)
        bn.weight = Tensor([1.5, -0.5])
        bn.bias = Tensor([0.25, 1])
        for seed in 0..<3 { _ = bn.forward(uniformInput([2, 2, 3, 3], seed: UInt64(20 + seed), low: 1, high: 5)) }
        bn.evaluate()
        let x = uniformInput([3, 2, 5, 3], seed: 23)
        let y = bn.forward(x)
        assertClose(y, normalizedChannels(x, mean: bn.runningMean.scalars, variance: bn.runningVar.scalars, eps: 1e-3,
                                          weight: [1.5, -0.5], bias: [0.25, 1]), tolerance: 1e-12)
        XCTAssertEqual(bn.forward(x.row(1)), y.row(1))  // one image, C x H x W
        // The gradient is the fixed affine map: g · γ / √(runningVar + ε).
        let g = uniformInput([3, 2, 5, 3], seed: 24)
        _ = bn.forward(x)
        let gradInput = bn.backward(x, g)
        let gains = (0..<2).map { [1.5, -0.5][$0] / (bn.runningVar[$0] + 1e-3).squareRoot() }
        let expected = Tensor(shape: x.shape, scalars: g.scalars.enumerated().map { k, v in v * gains[(k / 15) % 2] })
        assertClose(gradInput, expected, tolerance: 1e-12)
    }

    func testMatchesBatchNormalizationOnEveryPixelAsARow() {
        // N x C x H x W normalizes like BatchNormalization on the (N·H·W) x C matrix of its pixels,
        // in training (outputs, running statistics, gradients) and in evaluation.
        manualSeed(2)
        let spatial = SpatialBatchNormalization<Double>(3, momentum: 0.4)
        let flat = BatchNormalization<Double>(3, momentum: 0.4)
        flat.weight = spatial.weight
        flat.bias = Tensor([0.5, -1, 2])
        spatial.bias = flat.bias
        func pixelRows(_ t: Tensor<Double>) -> Tensor<Double> {
            let (n, c, h, w) = (t.shape[0], t.shape[1], t.shape[2], t.shape[3])
            var rows = Tensor<Double>.zeros(n * h * w, c)
            for i in 0..<n { for ch in 0..<c { for r in 0..<h { for s in 0..<w {
                rows[(i * h + r) * w + s, ch] = t[indices: [i, ch, r, s]]
            } } } }
            return rows
        }
        let x = uniformInput([2, 3, 3, 5], seed: 30), g = uniformInput([2, 3, 3, 5], seed: 31)
        let y = spatial.forward(x)
        assertClose(pixelRows(y), flat.forward(pixelRows(x)), tolerance: 1e-12)
        assertClose(pixelRows(spatial.backward(x, g)), flat.backward(pixelRows(x), pixelRows(g)), tolerance: 1e-12)
        assertClose(spatial.gradWeight!, flat.gradWeight!, tolerance: 1e-12)
        assertClose(spatial.gradBias!, flat.gradBias!, tolerance: 1e-12)
        assertClose(spatial.runningMean, flat.runningMean, tolerance: 1e-14)
        assertClose(spatial.runningVar, flat.runningVar, tolerance: 1e-14)
        spatial.evaluate(); flat.evaluate()
        let z = uniformInput([3, 3, 1, 5], seed: 32)
        assertClose(pixelRows(spatial.forward(z)), flat.forward(pixelRows(z)), tolerance: 1e-12)
    }

    func testGradientsMatchFiniteDifferences() {
        manualSeed(3)
        for (shape, affine) in [([2, 3, 3, 5], true), ([3, 1, 5, 1], true), ([2, 3, 1, 3], false)] {
            let bn = SpatialBatchNormalization<Double>(shape[1], affine: affine)
            bn.bias = uniformInput([shape[1]], seed: 40)
            let x = uniformInput(shape, seed: 41)
            assertGradientsMatch(bn, input: x, "training \(shape) affine \(affine)")
            bn.evaluate()
            assertGradientsMatch(bn, input: x, "evaluation \(shape) affine \(affine)")
            assertGradientsMatch(bn, input: x.row(1), "evaluation, one image")
        }
    }

    func testParametersAreWeightAndBiasOnly() {
        let bn = SpatialBatchNormalization<Float>(16)
        XCTAssertEqual(bn.parameters().map(\.name), ["weight", "bias"])
        XCTAssertEqual(bn.parameters().map(\.shape), [[16], [16]])
        XCTAssertTrue(SpatialBatchNormalization<Float>(16, affine: false).parameters().isEmpty)
        // getParameters() flattens the two of them, not the running statistics.
        let model = Sequential<Float> { SpatialBatchNormalization(4); ReLU() }
        XCTAssertEqual(model.getParameters().values.count, 8)
    }

    /// A batch large enough to share its samples with the helper thread (in its deterministic
    /// mode), for both layers, in training and in evaluation: the channel sums add up blocks of 8
    /// samples whoever computes them, so the outputs, input gradients, parameter gradients and running statistics are those
    /// of the calling thread alone, bit for bit, and each forward and backward is one shared loop.
    func testSharingSamplesWithTheHelperThreadChangesNoBit() {
        let (threads, quiet) = (BLAS.numThreads, BLAS.helperQuietMicroseconds)
        defer {
            BLAS.helperThreadIsDeterministic = false
            (BLAS.numThreads, BLAS.helperQuietMicroseconds, BLAS.usesHelperThread) = (threads, quiet, true)
        }
        (BLAS.numThreads, BLAS.helperQuietMicroseconds) = (2, 0)
        let cases: [(() -> any Module<Float>, [Int])] = [
            ({ SpatialBatchNormalization<Float>(12) }, [21, 12, 7, 9]), ({ BatchNormalization<Float>(272) }, [40, 272]),
        ]
        for (kind, (make, shape)) in cases.enumerated() {
            var g = RandomGenerator(seed: UInt64(60 + kind))
            let x = Tensor<Float>.uniform(shape: shape, low: -2, high: 3, generator: &g)
            let dy = Tensor<Float>.uniform(shape: shape, low: -1, high: 1, generator: &g)
            var layer = make()
            func steps() -> [Tensor<Float>] {
                manualSeed(61)
                layer = make()
                var results = [layer.forward(x), layer.backward(x, dy)] + layer.parameters().map(\.grad)
                layer.evaluate()
                results += [layer.forward(x), layer.backward(x, dy)]
                return results
            }
            BLAS.usesHelperThread = false
            let alone = steps()
            BLAS.usesHelperThread = true
            BLAS.helperThreadIsDeterministic = true
            let before = BLAS.sharedLoopCount
            let shared = steps()
            XCTAssertEqual(BLAS.sharedLoopCount - before, 8, "\(layer): 3 loops in the training forward, 2 in each backward, 1 in the evaluation forward")
            XCTAssertEqual(shared, alone, "\(layer)")
        }
    }
}
