import Foundation
import XCTest
import NN

/// Per-feature statistics of the columns of a matrix, by hand (plain loops in Double).
private func columnStatistics(_ x: Tensor<Double>) -> (mean: [Double], biased: [Double], unbiased: [Double]) {
    let (n, d) = (x.shape[0], x.shape[1])
    var mean = [Double](repeating: 0, count: d), squares = [Double](repeating: 0, count: d)
    for j in 0..<d {
        for i in 0..<n { mean[j] += x[i, j] }
        mean[j] /= Double(n)
        for i in 0..<n { squares[j] += (x[i, j] - mean[j]) * (x[i, j] - mean[j]) }
    }
    return (mean, squares.map { $0 / Double(n) }, squares.map { $0 / Double(n - 1) })
}

/// `(x − μ) / √(σ² + ε) · γ + β` column by column, by hand.
private func normalizedColumns(_ x: Tensor<Double>, mean: [Double], variance: [Double], eps: Double,
                               weight: [Double], bias: [Double]) -> Tensor<Double> {
    var y = x
    for i in 0..<x.shape[0] {
        for j in 0..<x.shape[1] { y[i, j] = (x[i, j] - mean[j]) / (variance[j] + eps).squareRoot() * weight[j] + bias[j] }
    }
    return y
}

final class BatchNormalizationTests: XCTestCase {
    func testTrainingNormalizesEachFeatureWithTheBatchStatistics() {
        let bn = BatchNormalization<Double>(3)
        bn.weight = Tensor([0.5, 2, -1])
        bn.bias = Tensor([0.1, -3, 4])
        let x = uniformInput([7, 3], seed: 1, low: -5, high: 9)
        let y = bn.forward(x)
        let stats = columnStatistics(x)
        // Normalized with the biased variance of the batch, as in Torch7 and the paper.
        assertClose(y, normalizedColumns(x, mean: stats.mean, variance: stats.biased, eps: 1e-5,
                                         weight: [0.5, 2, -1], bias: [0.1, -3, 4]), tolerance: 1e-12)
        // So each output column has mean β and standard deviation |γ| (up to ε).
        let out = columnStatistics(y)
        for (j, (beta, gamma)) in zip([0.1, -3, 4], [0.5, 2, -1]).enumerated() {
            XCTAssertEqual(out.mean[j], beta, accuracy: 1e-12)
            XCTAssertEqual(out.biased[j].squareRoot(), abs(gamma), accuracy: 1e-5)
        }
    }

    func testWithoutAffineTheOutputIsTheStandardizedInput() {
        let bn = BatchNormalization<Double>(4, eps: 0, affine: false)
        XCTAssertFalse(bn.affine)
        XCTAssertNil(bn.weight)
        XCTAssertTrue(bn.parameters().isEmpty)
        let x = uniformInput([5, 4], seed: 2)
        let stats = columnStatistics(x)
        assertClose(bn.forward(x), normalizedColumns(x, mean: stats.mean, variance: stats.biased, eps: 0,
                                                     weight: [1, 1, 1, 1], bias: [0, 0, 0, 0]), tolerance: 1e-12)
        // A constant feature with ε = 0 gives 0, not NaN (Torch7's rule).
        let constant = Tensor<Double>([[1, 2, 3, 4], [1, 5, 6, 7]])
        XCTAssertEqual(bn.forward(constant).column(0).scalars, [0, 0])
    }

    func testRunningStatisticsAfterSeveralBatches() {
        let momentum = 0.3
        let bn = BatchNormalization<Double>(3, momentum: momentum)
        XCTAssertEqual(bn.runningMean, Tensor([0, 0, 0]))
        XCTAssertEqual(bn.runningVar, Tensor([1, 1, 1]))
        var mean = [0.0, 0, 0], variance = [1.0, 1, 1]
        for batch in 0..<4 {
            let x = uniformInput([2 + batch, 3], seed: UInt64(10 + batch), low: Double(batch), high: Double(3 * batch + 2))
            _ = bn.forward(x)
            // Torch7's update: the batch's mean and its unbiased variance (n / (n − 1)).
            let stats = columnStatistics(x)
            for j in 0..<3 {
                mean[j] = (1 - momentum) * mean[j] + momentum * stats.mean[j]
                variance[j] = (1 - momentum) * variance[j] + momentum * stats.unbiased[j]
            }
            assertClose(bn.runningMean, Tensor(mean), tolerance: 1e-12, "batch \(batch)")
            assertClose(bn.runningVar, Tensor(variance), tolerance: 1e-12, "batch \(batch)")
        }
        // Evaluation leaves them alone.
        bn.evaluate()
        _ = bn.forward(uniformInput([4, 3], seed: 20))
        assertClose(bn.runningMean, Tensor(mean), tolerance: 1e-12)
        assertClose(bn.runningVar, Tensor(variance), tolerance: 1e-12)
        // And training updates them again.
        bn.training()
        _ = bn.forward(uniformInput([4, 3], seed: 21))
        XCTAssertNotEqual(bn.runningMean, Tensor(mean))
    }

    func testEvaluationUsesTheRunningStatisticsAndTakesOneSample() {
        let bn = BatchNormalization<Double>(3, eps: 1e-3)
        bn.weight = Tensor([1.5, -0.5, 2])
        bn.bias = Tensor([0, 1, -1])
        for seed in 0..<3 { _ = bn.forward(uniformInput([6, 3], seed: UInt64(30 + seed), low: -1, high: 4)) }
        bn.evaluate()
        let (mean, variance) = (bn.runningMean.scalars, bn.runningVar.scalars)
        let x = uniformInput([5, 3], seed: 33)
        let y = bn.forward(x)
        assertClose(y, normalizedColumns(x, mean: mean, variance: variance, eps: 1e-3,
                                         weight: [1.5, -0.5, 2], bias: [0, 1, -1]), tolerance: 1e-12)
        // One sample (a vector of 3) in evaluation mode, as in Torch7: the same as its row.
        XCTAssertEqual(bn.forward(x.row(2)), y.row(2))
        // A batch of one row is fine in evaluation mode too.
        XCTAssertEqual(bn.forward(x.reshaped(5, 3).selecting(rows: [4])), y.selecting(rows: [4]))
    }

    func testEvaluationGradientIsTheFixedAffineMap() {
        let bn = BatchNormalization<Double>(2)
        bn.weight = Tensor([3, -2])
        _ = bn.forward(uniformInput([4, 2], seed: 40, low: 1, high: 6))
        bn.evaluate()
        let x = uniformInput([3, 2], seed: 41), g = uniformInput([3, 2], seed: 42)
        _ = bn.forward(x)
        let gradInput = bn.backward(x, g)
        let invstd = bn.runningVar.scalars.map { 1 / ($0 + 1e-5).squareRoot() }
        let (mean, weight) = (bn.runningMean.scalars, [3.0, -2])
        var expected = g, gradWeight = [0.0, 0], gradBias = [0.0, 0]
        for i in 0..<3 {
            for j in 0..<2 {
                expected[i, j] = g[i, j] * invstd[j] * weight[j]
                gradWeight[j] += g[i, j] * (x[i, j] - mean[j]) * invstd[j]
                gradBias[j] += g[i, j]
            }
        }
        assertClose(gradInput, expected, tolerance: 1e-12)
        assertClose(bn.gradWeight!, Tensor(gradWeight), tolerance: 1e-12)
        assertClose(bn.gradBias!, Tensor(gradBias), tolerance: 1e-12)
    }

    func testAnEmptyBatchInEvaluationAddsNothingToTheGradients() {
        // The channel sums come from blocks of samples; an empty batch has none, and its sums
        // are 0, not the last batch's.
        for spatial in [false, true] {
            let bn: any Module<Double> = spatial ? SpatialBatchNormalization<Double>(3) : BatchNormalization<Double>(3)
            let shape = spatial ? [8, 3, 2, 2] : [8, 3], empty = spatial ? [0, 3, 2, 2] : [0, 3]
            let x = uniformInput(shape, seed: 43)
            _ = bn.forward(x)
            _ = bn.backward(x, uniformInput(shape, seed: 44))
            bn.evaluate()
            bn.zeroGradParameters()
            let none = Tensor<Double>.zeros(shape: empty)
            XCTAssertEqual(bn.forward(none).shape, empty)
            XCTAssertEqual(bn.backward(none, none).shape, empty)
            for parameter in bn.parameters() {
                XCTAssertEqual(parameter.grad, Tensor.zeros(shape: [3]), "\(bn) \(parameter.name)")
            }
        }
    }

    func testTrainingGradientAgainstTheFormula() {
        // dx = γ·invstd·(g − mean(g) − x̂·mean(g·x̂)), dγ = Σ g·x̂, dβ = Σ g.
        let bn = BatchNormalization<Double>(2)
        bn.weight = Tensor([1.5, -0.7])
        let x = uniformInput([5, 2], seed: 50), g = uniformInput([5, 2], seed: 51)
        _ = bn.forward(x)
        let gradInput = bn.backward(x, g, scale: 0.5)
        let stats = columnStatistics(x)
        var expected = g, gradWeight = [0.0, 0], gradBias = [0.0, 0]
        for j in 0..<2 {
            let invstd = 1 / (stats.biased[j] + 1e-5).squareRoot()
            let xhat = (0..<5).map { (x[$0, j] - stats.mean[j]) * invstd }
            let meanG = (0..<5).map { g[$0, j] }.reduce(0, +) / 5
            let meanGX = (0..<5).map { g[$0, j] * xhat[$0] }.reduce(0, +) / 5
            for i in 0..<5 { expected[i, j] = [1.5, -0.7][j] * invstd * (g[i, j] - meanG - xhat[i] * meanGX) }
            gradWeight[j] = 0.5 * 5 * meanGX
            gradBias[j] = 0.5 * 5 * meanG
        }
        assertClose(gradInput, expected, tolerance: 1e-12)
        assertClose(bn.gradWeight!, Tensor(gradWeight), tolerance: 1e-12)
        assertClose(bn.gradBias!, Tensor(gradBias), tolerance: 1e-12)
        // backward is updateGradInput and accGradParameters in one pass.
        let twin = BatchNormalization<Double>(2)
        twin.weight = bn.weight
        _ = twin.forward(x)
        XCTAssertEqual(twin.updateGradInput(x, g), gradInput)
        twin.accGradParameters(x, g, scale: 0.5)
        XCTAssertEqual(twin.gradWeight, bn.gradWeight)
        XCTAssertEqual(twin.gradBias, bn.gradBias)
    }

    func testGradientsMatchFiniteDifferences() {
        manualSeed(3)
        for (shape, affine) in [([2, 3], true), ([3, 5], true), ([2, 5], false), ([3, 1], true)] {
            let bn = BatchNormalization<Double>(shape[1], affine: affine)
            bn.bias = uniformInput([shape[1]], seed: 60)
            let x = uniformInput(shape, seed: 61)
            assertGradientsMatch(bn, input: x, "training \(shape) affine \(affine)")
            bn.evaluate()
            assertGradientsMatch(bn, input: x, "evaluation \(shape) affine \(affine)")
            assertGradientsMatch(bn, input: uniformInput([shape[1]], seed: 62), "evaluation, one sample")
        }
    }

    func testBackwardFollowsTheModeOfTheLastForward() {
        // A forward in training then a switch to evaluation: the backward still belongs to that
        // forward (through the batch statistics).
        let bn = BatchNormalization<Double>(2), twin = BatchNormalization<Double>(2)
        twin.weight = bn.weight
        let x = uniformInput([4, 2], seed: 70), g = uniformInput([4, 2], seed: 71)
        _ = bn.forward(x)
        _ = twin.forward(x)
        bn.evaluate()
        XCTAssertEqual(bn.backward(x, g), twin.backward(x, g))
    }

    func testInitialisationParametersAndReset() {
        manualSeed(4)
        let bn = BatchNormalization<Double>(50)
        let initialWeight = bn.weight
        // Torch7's reset: weight uniform in [0, 1), bias 0, running mean 0 and variance 1.
        XCTAssertTrue(bn.weight!.scalars.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertGreaterThan(bn.weight!.max() - bn.weight!.min(), 0.5)
        XCTAssertEqual(bn.bias, Tensor.zeros(50))
        XCTAssertEqual(bn.parameters().map(\.name), ["weight", "bias"])
        XCTAssertEqual(bn.parameterCount, 100)
        XCTAssertEqual(bn.gradWeight, Tensor.zeros(50))
        XCTAssertEqual(bn.gradBias, Tensor.zeros(50))
        _ = bn.forward(uniformInput([3, 50], seed: 80, low: 2, high: 3))
        XCTAssertNotEqual(bn.runningMean, Tensor.zeros(50))
        bn.reset()
        XCTAssertEqual(bn.runningMean, Tensor.zeros(50))
        XCTAssertEqual(bn.runningVar, Tensor.ones(50))
        XCTAssertEqual(bn.bias, Tensor.zeros(50))
        XCTAssertNotEqual(bn.weight, initialWeight, "reset draws a new weight")
        // The running statistics can be set (as a Torch7 model's would be).
        bn.runningMean = Tensor(repeating: 2, shape: [50])
        XCTAssertEqual(bn.runningMean.scalars.first, 2)
        // Same seed, same weights; an explicit generator too.
        manualSeed(4)
        XCTAssertEqual(BatchNormalization<Double>(50).weight, initialWeight)
        var g1 = RandomGenerator(seed: 9), g2 = RandomGenerator(seed: 9)
        XCTAssertEqual(BatchNormalization<Float>(7, generator: &g1).weight, SpatialBatchNormalization<Float>(7, generator: &g2).weight)
    }

    func testClearStateKeepsTheRunningStatistics() {
        let bn = BatchNormalization<Float>(3)
        let x = Tensor<Float>([[1, 2, 3], [4, 6, 8], [0, 1, -1]])
        _ = bn.forward(x)
        _ = bn.backward(x, Tensor.ones(3, 3))
        let (mean, variance) = (bn.runningMean, bn.runningVar)
        bn.clearState()
        XCTAssertTrue(bn.output.isEmpty)
        XCTAssertTrue(bn.gradInput.isEmpty)
        XCTAssertEqual(bn.runningMean, mean)
        XCTAssertEqual(bn.runningVar, variance)
        bn.evaluate()
        XCTAssertEqual(bn.forward(x).shape, [3, 3])
    }

    func testFloatStatisticsAreSummedInDouble() {
        // 65536 values per channel near 1e4: summed in Float, the mean and the variance would be
        // off in their third digit; summed in Double they are right to Float's precision.
        var generator = RandomGenerator(seed: 5)
        let shape = [4, 2, 128, 128]
        let values = (0..<shape.reduce(1, *)).map { _ in 10_000 + generator.uniform(0, 1) }
        let xDouble = Tensor(shape: shape, scalars: values.map { Double(Float($0)) })
        let bn = SpatialBatchNormalization<Float>(2, momentum: 1)
        _ = bn.forward(Tensor<Float>(xDouble))
        let reference = SpatialBatchNormalization<Double>(2, momentum: 1)
        _ = reference.forward(xDouble)
        for c in 0..<2 {
            XCTAssertEqual(Double(bn.runningMean[c]), reference.runningMean[c], accuracy: 1e4 * 1e-7)
            XCTAssertEqual(Double(bn.runningVar[c]), reference.runningVar[c], accuracy: reference.runningVar[c] * 1e-6)
        }
        XCTAssertEqual(reference.runningVar[0], 1.0 / 12, accuracy: 2e-3)  // uniform on [0, 1)
    }

    func testDescriptionsAreTorch7s() {
        XCTAssertEqual(BatchNormalization<Double>(10).description, "nn.BatchNormalization (2D) (10)")
        XCTAssertEqual(BatchNormalization<Float>(10, affine: false).description, "nn.BatchNormalization (2D) (10)")
        XCTAssertEqual(SpatialBatchNormalization<Double>(16).description, "nn.SpatialBatchNormalization (4D) (16)")
        let model = Sequential<Double> { Linear(4, 3); BatchNormalization(3); ReLU() }
        XCTAssertEqual(model.description, """
            nn.Sequential {
              [input -> (1) -> (2) -> (3) -> output]
              (1): nn.Linear(4 -> 3)
              (2): nn.BatchNormalization (2D) (3)
              (3): nn.ReLU
            }
            """)
    }

    func testTorch7ClassNames() {
        XCTAssertEqual(ModuleRegistry.kind(torch7ClassName: "nn.BatchNormalization")?.name, "BatchNormalization")
        XCTAssertEqual(ModuleRegistry.kind(torch7ClassName: "cudnn.BatchNormalization")?.name, "BatchNormalization")
        XCTAssertEqual(ModuleRegistry.kind(torch7ClassName: "nn.SpatialBatchNormalization")?.name, "SpatialBatchNormalization")
        XCTAssertEqual(ModuleRegistry.kind(torch7ClassName: "cudnn.SpatialBatchNormalization")?.name, "SpatialBatchNormalization")
    }

    func testBadInputsStopWithAMessageNamingTheModuleAndShapes() {
        let bn = BatchNormalization<Double>(3)
        XCTAssertEqual(trappedMessage { _ = bn.forward(Tensor.zeros(4, 5)) },
                       "nn.BatchNormalization (2D) (3): expected a batch Nx3 (or, in evaluation mode, one sample of 3), got 4x5")
        XCTAssertEqual(trappedMessage { _ = bn.forward(Tensor.zeros(3)) },
                       "nn.BatchNormalization (2D) (3): expected a batch Nx3 (or, in evaluation mode, one sample of 3), got 3")
        XCTAssertEqual(trappedMessage { _ = bn.forward(Tensor.zeros(shape: [2, 3, 1, 1])) },
                       "nn.BatchNormalization (2D) (3): expected a batch Nx3 (or, in evaluation mode, one sample of 3), got 2x3x1x1")
        XCTAssertEqual(trappedMessage { _ = bn.forward(Tensor.zeros(1, 3)) },
                       "nn.BatchNormalization (2D) (3): training needs more than one value per channel to measure a variance, got 1x3")
        XCTAssertEqual(trappedMessage { _ = bn.forward(Tensor.zeros(4, 3)); bn.backward(Tensor.zeros(4, 3), Tensor.zeros(3, 4)) },
                       "nn.BatchNormalization (2D) (3): gradOutput 3x4 does not match output 4x3 of the last forward pass")
        XCTAssertEqual(trappedMessage { bn.runningVar = Tensor.ones(4) },
                       "nn.BatchNormalization (2D) (3): runningVar must have shape 3, got 4")
        XCTAssertEqual(trappedMessage { _ = BatchNormalization<Double>(0) },
                       "nn.BatchNormalization: the number of features must be positive, got 0")
        XCTAssertEqual(trappedMessage { _ = BatchNormalization<Double>(2, momentum: 1.5) },
                       "nn.BatchNormalization: momentum must be in [0, 1], got 1.5")
        XCTAssertEqual(trappedMessage { _ = SpatialBatchNormalization<Float>(2, eps: -1) },
                       "nn.SpatialBatchNormalization: eps must be finite and non-negative, got -1.0")

        let spatial = SpatialBatchNormalization<Double>(3)
        XCTAssertEqual(trappedMessage { _ = spatial.forward(Tensor.zeros(shape: [2, 4, 5, 5])) },
                       "nn.SpatialBatchNormalization (4D) (3): expected a batch Nx3xHxW (or, in evaluation mode, one image 3xHxW), got 2x4x5x5")
        XCTAssertEqual(trappedMessage { _ = spatial.forward(Tensor.zeros(shape: [3, 5, 5])) },
                       "nn.SpatialBatchNormalization (4D) (3): expected a batch Nx3xHxW (or, in evaluation mode, one image 3xHxW), got 3x5x5")
        XCTAssertEqual(trappedMessage { _ = spatial.forward(Tensor.zeros(6, 3)) },
                       "nn.SpatialBatchNormalization (4D) (3): expected a batch Nx3xHxW (or, in evaluation mode, one image 3xHxW), got 6x3")
        XCTAssertEqual(trappedMessage { _ = spatial.forward(Tensor.zeros(shape: [1, 3, 1, 1])) },
                       "nn.SpatialBatchNormalization (4D) (3): training needs more than one value per channel to measure a variance, got 1x3x1x1")
        // One image of one pixel per channel is fine in evaluation mode.
        spatial.evaluate()
        XCTAssertEqual(spatial.forward(Tensor.zeros(shape: [1, 3, 1, 1])).shape, [1, 3, 1, 1])
    }

    func testSaveAndLoadKeepTheRunningStatisticsAndMode() throws {
        manualSeed(6)
        let model = Sequential<Double> { Linear(4, 5); BatchNormalization(5, eps: 1e-4, momentum: 0.2); ReLU(); Linear(5, 2) }
        let criterion = MSECriterion<Double>()
        let x = uniformInput([6, 4], seed: 90), target = uniformInput([6, 2], seed: 91)
        for _ in 0..<5 {
            let y = model.forward(x)
            _ = criterion.forward(y, target)
            model.zeroGradParameters()
            model.backward(x, criterion.backward(y, target))
            model.updateParameters(learningRate: 0.1)
        }
        model.evaluate()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wick-bn-\(UUID().uuidString).wick")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let loaded = try Sequential<Double>.load(from: url)
        let (bn, loadedBN) = (model[1] as! BatchNormalization<Double>, loaded[1] as! BatchNormalization<Double>)
        XCTAssertNotEqual(bn.runningVar, Tensor.ones(5))
        XCTAssertEqual(loadedBN.runningMean, bn.runningMean)
        XCTAssertEqual(loadedBN.runningVar, bn.runningVar)
        XCTAssertEqual(loadedBN.eps, 1e-4)
        XCTAssertEqual(loadedBN.momentum, 0.2)
        XCTAssertFalse(loadedBN.isTraining)
        XCTAssertEqual(loaded.parameters().map(\.value), model.parameters().map(\.value))
        XCTAssertEqual(loaded.forward(x), model.forward(x))

        // Float, spatial and without affine, the same.
        let spatial = SpatialBatchNormalization<Float>(2, affine: false)
        _ = spatial.forward(Tensor<Float>(uniformInput([3, 2, 3, 3], seed: 92)))
        let back = try ModelSerializer<Float>.decode(try ModelSerializer<Float>.encode(spatial)) as! SpatialBatchNormalization<Float>
        XCTAssertFalse(back.affine)
        XCTAssertEqual(back.runningMean, spatial.runningMean)
        XCTAssertEqual(back.runningVar, spatial.runningVar)
    }

    func testARecordIsCheckedBeforeAnythingIsBuilt() {
        func record(featureCount: Int, runningMean: Tensor<Double>, momentum: Double = 0.1) -> ModuleRecord<Double> {
            ModuleRecord(kind: "BatchNormalization", hyperParameters: [
                ("featureCount", .int(featureCount)), ("eps", .double(1e-5)), ("momentum", .double(momentum)), ("affine", .bool(false)),
            ], tensors: [("runningMean", runningMean), ("runningVar", Tensor.ones(3))])
        }
        XCTAssertThrowsError(try BatchNormalization<Double>.make(from: record(featureCount: 3, runningMean: Tensor.zeros(4)))) {
            XCTAssertEqual($0 as? ModelFileError, .corrupted("BatchNormalization.runningMean has shape 4, expected 3"))
        }
        // A huge size that no tensor backs builds nothing.
        XCTAssertThrowsError(try BatchNormalization<Double>.make(from: record(featureCount: 1 << 60, runningMean: Tensor.zeros(3)))) {
            XCTAssertEqual($0 as? ModelFileError, .corrupted("BatchNormalization.runningMean has shape 3, expected 1152921504606846976"))
        }
        XCTAssertThrowsError(try BatchNormalization<Double>.make(from: record(featureCount: 3, runningMean: Tensor.zeros(3), momentum: 2))) {
            XCTAssertEqual($0 as? ModelFileError, .corrupted("BatchNormalization has 3 features, eps 1e-05, momentum 2.0"))
        }
        XCTAssertNoThrow(try BatchNormalization<Double>.make(from: record(featureCount: 3, runningMean: Tensor.zeros(3))))
    }
}
