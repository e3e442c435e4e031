import XCTest
import Foundation
import NN

/// Batches of any rank: the first dimension is the batch, through datasets, containers and the
/// trainer (element-wise modules on every rank are covered by ModuleContractTests).
final class BatchRankTests: XCTestCase {
    /// `count` images `1 x 3 x 3` whose class is whether the centre is brighter than the mean.
    private func images(_ count: Int, seed: UInt64) -> TensorDataset<Double, [Int]> {
        var g = RandomGenerator(seed: seed)
        var values: [Double] = [], labels: [Int] = []
        for _ in 0..<count {
            let pixels = (0..<9).map { _ in g.uniform(-1, 1) }
            values += pixels
            labels.append(pixels[4] > pixels.reduce(0, +) / 9 ? 1 : 0)
        }
        return TensorDataset(inputs: Tensor(shape: [count, 1, 3, 3], scalars: values), targets: labels)
    }

    func testADatasetOfImagesGivesRankFourBatchesAndSamples() {
        let data = images(10, seed: 1)
        XCTAssertEqual(data.count, 10)
        XCTAssertEqual(data.sample(3).input.shape, [1, 3, 3])
        XCTAssertEqual(data.sample(3).input, data.inputs.row(3))
        var batch = Tensor<Double>(), labels: [Int] = []
        data.fillBatch([7, 2, 9], inputs: &batch, targets: &labels)
        XCTAssertEqual(batch.shape, [3, 1, 3, 3])
        XCTAssertEqual(batch.row(0), data.inputs.row(7))
        XCTAssertEqual(batch.row(2), data.inputs.row(9))
        XCTAssertEqual(labels, [data.targets[7], data.targets[2], data.targets[9]])
        // The next batch of the same size reuses the buffer.
        let before = batch.withUnsafeBufferPointer { $0.baseAddress }
        data.fillBatch([0, 1, 4], inputs: &batch, targets: &labels)
        XCTAssertEqual(batch.withUnsafeBufferPointer { $0.baseAddress }, before)
        XCTAssertEqual(batch.row(1), data.inputs.row(1))
    }

    func testTheDefaultFillBatchStacksSamplesOfAnyRank() {
        /// A dataset giving only samples: the protocol's default assembles the batch.
        struct Generated: Dataset {
            typealias Scalar = Double
            typealias Targets = [Int]
            var count: Int { 4 }
            func sample(_ i: Int) -> (input: Tensor<Double>, target: Int) {
                (Tensor(shape: [2, 1, 3], scalars: (0..<6).map { Double(10 * i + $0) }), i % 2)
            }
        }
        var batch = Tensor<Double>(), labels: [Int] = []
        Generated().fillBatch([3, 1], inputs: &batch, targets: &labels)
        XCTAssertEqual(batch.shape, [2, 2, 1, 3])
        XCTAssertEqual(batch.row(0), Generated().sample(3).input)
        XCTAssertEqual(labels, [1, 1])
    }

    func testTensorTargetsOfHigherRankAreGatheredBySample() {
        let inputs = Tensor<Double>(shape: [4, 2], scalars: (0..<8).map(Double.init))
        let targets = Tensor<Double>(shape: [4, 2, 2], scalars: (0..<16).map(Double.init))
        let data = TensorDataset(inputs: inputs, targets: targets)
        var x = Tensor<Double>(), y = Tensor<Double>()
        data.fillBatch([2, 0], inputs: &x, targets: &y)
        XCTAssertEqual(y.shape, [2, 2, 2])
        XCTAssertEqual(y.row(0), targets.row(2))
        XCTAssertEqual(Tensor<Double>(samples: [targets.row(1), targets.row(3)]).shape, [2, 2, 2])
    }

    func testMismatchedCountsNameBothShapes() {
        XCTAssertEqual(trappedMessage { _ = TensorDataset(inputs: Tensor<Double>.zeros(shape: [3, 1, 2, 2]), targets: [0, 1]) },
                       "TensorDataset: 3x1x2x2 inputs for 2 targets (inputs are N x sample shape)")
    }

    func testTheTrainerFitsAModelOnImages() throws {
        manualSeed(7)
        let model = Sequential<Double> { View(-1).setNumInputDims(3); Linear(9, 8); Tanh(); Linear(8, 2) }
        let trainer = Trainer(model: model, criterion: CrossEntropyCriterion(), optimizer: Adam(model.getParameters(), learningRate: 0.02))
        trainer.progress = .quiet
        trainer.batchSize = 32
        trainer.epochs = 40
        let history = try trainer.fit(images(256, seed: 2), validation: images(128, seed: 3))
        XCTAssertGreaterThan(history.validationAccuracies.last!, 0.9)
        // One image, without a batch dimension, is classified too.
        model.evaluate()
        XCTAssertEqual(model.forward(images(1, seed: 4).sample(0).input).shape, [2])
    }

    func testContainersPassRankFourBatchesThrough() {
        manualSeed(8)
        let x = uniformInput([2, 3, 2, 2], seed: 9)
        let concat = Concat<Double>(dimension: 1) { ReLU(); Sequential { Tanh(); Dropout(0.5) } }
        concat.evaluate()
        let y = concat.forward(x)
        XCTAssertEqual(y.shape, [2, 6, 2, 2])
        XCTAssertEqual(y.narrowed(alongDimension: 1, start: 3, length: 3), x.map { Foundation.tanh($0) })
        let parallel = Parallel<Double>(inputDimension: 0, outputDimension: 0).add(Tanh()).add(Sigmoid())
        XCTAssertEqual(parallel.forward(x).shape, [6, 2, 2])
        assertGradientsMatch(parallel, input: x)
    }
}
