import Foundation
import XCTest
import NN

/// Convolutional networks end to end: a LeNet-like model saved and loaded, a model trained on
/// images, and the printout.
final class ConvolutionalNetworkTests: XCTestCase {
    /// LeNet-5's shape on 28x28 images padded to 32x32, with every spatial module of Wick.
    private func leNet() -> Sequential<Float> {
        Sequential<Float> {
            SpatialZeroPadding(2)                     // 1x32x32
            SpatialConvolution(1, 6, 5, 5)            // 6x28x28
            ReLU()
            SpatialMaxPooling(2, 2)                   // 6x14x14
            SpatialConvolution(6, 16, 5, 5)           // 16x10x10
            ReLU()
            SpatialDropout(0.2)
            SpatialAveragePooling(2, 2, 2, 2).ceil()  // 16x5x5
            View(-1).setNumInputDims(3)               // 400
            Linear(400, 120); ReLU()
            Linear(120, 84); ReLU()
            Linear(84, 10)
        }
    }

    func testALeNetSavedAndLoadedGivesIdenticalOutputsAndGradients() throws {
        manualSeed(1)
        let model = leNet()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wick-lenet-\(UUID().uuidString).wick")
        defer { try? FileManager.default.removeItem(at: url) }
        var g = RandomGenerator(seed: 2)
        let x = Tensor<Float>.uniform(shape: [5, 1, 28, 28], low: 0, high: 1, generator: &g)
        let dy = Tensor<Float>.uniform(shape: [5, 10], low: -1, high: 1, generator: &g)
        _ = model.forward(x)  // a step before saving: buffers and the dropout generator have moved on
        try model.save(to: url)
        let loaded = try Sequential<Float>.load(from: url)
        XCTAssertEqual(loaded.description, model.description)
        XCTAssertEqual(loaded.parameters().map(\.value), model.parameters().map(\.value))
        // Training mode: the dropout masks come from the saved generator state.
        XCTAssertEqual(loaded.forward(x), model.forward(x))
        XCTAssertEqual(loaded.backward(x, dy), model.backward(x, dy))
        XCTAssertEqual(loaded.parameters().map(\.grad), model.parameters().map(\.grad))
        model.evaluate(); loaded.evaluate()
        XCTAssertEqual(loaded.forward(x), model.forward(x))
        // One image, without the batch dimension.
        XCTAssertEqual(loaded.forward(Tensor(shape: [1, 28, 28], scalars: Array(x.scalars[0..<784]))).shape, [10])
    }

    func testThePrintoutIsTorch7s() {
        manualSeed(3)
        let text = leNet().description
        for line in ["(1): nn.SpatialZeroPadding(l=2, r=2, t=2, b=2)", "(2): nn.SpatialConvolution(1 -> 6, 5x5)",
                     "(4): nn.SpatialMaxPooling(2x2, 2,2)", "(5): nn.SpatialConvolution(6 -> 16, 5x5)",
                     "(7): nn.SpatialDropout(0.2)", "(8): nn.SpatialAveragePooling(2x2, 2,2)"] {
            XCTAssertTrue(text.contains(line), "\(line) in\n\(text)")
        }
    }

    /// Images of 8x8 with one bright bar, horizontal (class 0) or vertical (class 1), on noise.
    private func bars(_ count: Int, seed: UInt64) -> TensorDataset<Double, [Int]> {
        var g = RandomGenerator(seed: seed)
        var values: [Double] = [], labels: [Int] = []
        for _ in 0..<count {
            let vertical = g.next() % 2 == 1, at = Int(g.next() % 6) + 1
            for y in 0..<8 {
                for x in 0..<8 { values.append(((vertical ? x : y) == at ? 1 : 0) + g.uniform(-0.3, 0.3)) }
            }
            labels.append(vertical ? 1 : 0)
        }
        return TensorDataset(inputs: Tensor(shape: [count, 1, 8, 8], scalars: values), targets: labels)
    }

    func testATrainerFitsAConvolutionalModel() throws {
        manualSeed(4)
        let model = Sequential<Double> {
            SpatialConvolution(1, 4, 3, 3, 1, 1, 1); ReLU(); SpatialMaxPooling(2, 2)
            View(-1).setNumInputDims(3); Linear(64, 2)
        }
        let trainer = Trainer(model: model, criterion: CrossEntropyCriterion(), optimizer: Adam(model.getParameters(), learningRate: 0.01))
        trainer.progress = .quiet
        trainer.batchSize = 16
        trainer.epochs = 8
        let history = try trainer.fit(bars(192, seed: 5), validation: bars(96, seed: 6))
        XCTAssertGreaterThan(history.validationAccuracies.last!, 0.95)
    }
}
