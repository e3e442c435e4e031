import XCTest
import NN

final class TrainerTests: XCTestCase {
    /// Two Gaussian blobs, labels 0 and 1.
    func blobs(_ n: Int, seed: UInt64) -> TensorDataset<Double, [Int]> {
        var g = RandomGenerator(seed: seed)
        var rows: [[Double]] = [], labels: [Int] = []
        for i in 0..<n {
            let label = i % 2
            let center = label == 0 ? -1.5 : 1.5
            rows.append([center + g.normal(mean: 0, standardDeviation: 0.5), center + g.normal(mean: 0, standardDeviation: 0.5)])
            labels.append(label)
        }
        return TensorDataset(inputs: Tensor(rows), targets: labels)
    }

    func makeTrainer(seed: UInt64 = 1) -> Trainer<Sequential<Double>, CrossEntropyCriterion<Double>> {
        manualSeed(seed)
        let model = Sequential<Double> { Linear(2, 8); Tanh(); Linear(8, 2) }
        let trainer = Trainer(model: model, criterion: CrossEntropyCriterion(), optimizer: SGD(model.getParameters(), learningRate: 0.1, momentum: 0.9, dampening: 0))
        trainer.progress = .quiet
        trainer.batchSize = 16
        return trainer
    }

    func testLearnsToSeparateBlobsAndRecordsHistory() throws {
        let trainer = makeTrainer()
        trainer.epochs = 10
        var iterations = 0, epochs = 0
        trainer.onIteration = { _ in iterations += 1 }
        trainer.onEpoch = { _ in epochs += 1 }
        let history = try trainer.fit(blobs(200, seed: 1), validation: blobs(100, seed: 2))
        XCTAssertEqual(history.epochs.count, 10)
        XCTAssertEqual(epochs, 10)
        XCTAssertEqual(iterations, 10 * 13, "200 samples in batches of 16 is 13 batches")
        XCTAssertGreaterThan(history.validationAccuracies.last!, 0.97)
        XCTAssertLessThan(history.trainLosses.last!, history.trainLosses.first!)
        XCTAssertEqual(history.validationLosses.count, 10)
        XCTAssertTrue(trainer.model.isTraining, "fit leaves the model in training mode")
    }

    func testSameSeedsGiveTheSameRun() throws {
        let a = makeTrainer(seed: 4), b = makeTrainer(seed: 4)
        a.epochs = 3; b.epochs = 3
        let data = blobs(64, seed: 3)
        XCTAssertEqual(try a.fit(data).trainLosses, try b.fit(data).trainLosses)
    }

    func testDivergenceThrowsWithEpochAndBatch() {
        manualSeed(1)
        let model = Sequential<Double> { Linear(2, 1) }
        let trainer = Trainer(model: model, criterion: MSECriterion(), optimizer: SGD(model.getParameters(), learningRate: 1e6))
        trainer.progress = .quiet
        trainer.batchSize = 4
        trainer.epochs = 50
        let x = Tensor<Double>([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [13, 14], [15, 16]])
        let data = TensorDataset(inputs: x * 100, targets: Tensor<Double>.ones(8, 1))
        XCTAssertThrowsError(try trainer.fit(data)) { error in
            guard case let TrainingError.nonFiniteLoss(epoch, batch, _) = error else { return XCTFail("\(error)") }
            XCTAssertGreaterThanOrEqual(epoch, 1)
            XCTAssertTrue((1...2).contains(batch))
            XCTAssertTrue("\(error)".hasPrefix("training diverged: the loss is "))
        }
    }

    func testEarlyStoppingEndsARunThatStopsImproving() throws {
        let trainer = makeTrainer()
        trainer.epochs = 200
        trainer.earlyStopping = .init(patience: 3, minDelta: 1e-3)
        let history = try trainer.fit(blobs(64, seed: 5), validation: blobs(64, seed: 6))
        XCTAssertTrue(history.stoppedEarly)
        XCTAssertLessThan(history.epochs.count, 200)
        // The last `patience` epochs did not beat the best by minDelta.
        let best = history.validationLosses.dropLast(3).min()!
        XCTAssertTrue(history.validationLosses.suffix(3).allSatisfy { $0 >= best - 1e-3 })
    }

    func testRegressionWithTensorTargetsHasNoAccuracy() throws {
        manualSeed(2)
        let model = Sequential<Double> { Linear(1, 1) }
        let trainer = Trainer(model: model, criterion: MSECriterion(), optimizer: Adam(model.getParameters(), learningRate: 0.05))
        trainer.progress = .quiet
        trainer.epochs = 200
        let x = Tensor<Double>.linspace(-1, 1, count: 32).reshaped(32, 1)
        let history = try trainer.fit(TensorDataset(inputs: x, targets: 3 * x + 1))
        XCTAssertTrue(history.trainAccuracies.isEmpty)
        let linear = model[0] as! Linear<Double>
        XCTAssertEqual(linear.weight[0, 0], 3, accuracy: 1e-2)
        XCTAssertEqual(linear.bias![0], 1, accuracy: 1e-2)
    }

    func testEmptyDatasetThrows() {
        let trainer = makeTrainer()
        XCTAssertThrowsError(try trainer.fit(TensorDataset(inputs: Tensor<Double>.zeros(0, 2), targets: [Int]()))) {
            XCTAssertEqual($0 as? TrainingError, .emptyDataset)
        }
    }

    func testDatasetDefaultBatchAssemblyMatchesTensorDataset() {
        struct Squares: Dataset {
            typealias Targets = [Int]
            var count: Int { 5 }
            func sample(_ i: Int) -> (input: Tensor<Double>, target: Int) { (Tensor([Double(i), Double(i * i)]), i % 2) }
        }
        var inputs = Tensor<Double>(), targets = [Int]()
        Squares().fillBatch([3, 1][...], inputs: &inputs, targets: &targets)
        XCTAssertEqual(inputs, Tensor([[3, 9], [1, 1]]))
        XCTAssertEqual(targets, [1, 1])
    }

    func testNonFiniteDataIsBlamedOnTheDataNotTheLearningRate() {
        let trainer = makeTrainer()
        trainer.shuffle = false
        trainer.epochs = 1
        var rows: [[Double]] = (0..<40).map { (i: Int) -> [Double] in let v = Double(i % 5) / 5; return [v, 1 - v] }
        rows[21][1] = .nan
        let data = TensorDataset(inputs: Tensor(rows), targets: (0..<40).map { $0 % 2 })
        XCTAssertThrowsError(try trainer.fit(data)) {
            XCTAssertEqual($0 as? TrainingError, .nonFiniteData(epoch: 1, batch: 2, sample: 21, inTarget: false))
            XCTAssertEqual("\($0)", "the loss is not finite at epoch 1, batch 2: the input of sample 21 holds NaN or an infinity; clean or rescale the data")
        }
        // Regression targets are looked at too.
        manualSeed(3)
        let model = Sequential<Double> { Linear(2, 1) }
        let regression = Trainer(model: model, criterion: MSECriterion(), optimizer: SGD(model.getParameters(), learningRate: 0.01))
        regression.progress = .quiet
        regression.shuffle = false
        var targets = Tensor<Double>.zeros(40, 1)
        targets[5, 0] = .infinity
        XCTAssertThrowsError(try regression.fit(TensorDataset(inputs: Tensor(rows.map { _ in [0.5, 0.5] }), targets: targets))) {
            XCTAssertEqual($0 as? TrainingError, .nonFiniteData(epoch: 1, batch: 1, sample: 5, inTarget: true))
        }
    }
}
