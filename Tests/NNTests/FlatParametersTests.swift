import XCTest
import NN

final class FlatParametersTests: XCTestCase {
    func testLayersBecomeWindowsIntoTheFlatVectors() {
        manualSeed(5)
        let model = Sequential<Double> { Linear(3, 2); Tanh(); Linear(2, 1) }
        let before = model.parameters().flatMap { $0.value.scalars }
        let flat = model.getParameters()
        XCTAssertEqual(flat.count, 3 * 2 + 2 + 2 + 1)
        XCTAssertEqual(flat.values.scalars, before, "flattening keeps the values, in parameters() order")
        // Writing the flat vector changes the layers, and the other way round.
        flat.valuePointer[0] = 42
        XCTAssertEqual((model[0] as! Linear<Double>).weight[0, 0], 42)
        (model[2] as! Linear<Double>).bias = Tensor([7])
        XCTAssertEqual(flat.values.scalars.last, 7)
        // Gradients from backward land in the flat gradient.
        let x = Tensor<Double>([[1, 2, 3]])
        model.zeroGradParameters()
        _ = model.forward(x)
        model.backward(x, Tensor<Double>([[1]]))
        XCTAssertEqual(flat.gradients.scalars, model.parameters().flatMap { $0.grad.scalars })
        XCTAssertNotEqual(flat.gradients.norm(), 0)
    }

    func testCallingAgainKeepsEarlierReferencesWorking() {
        let model = Sequential<Double> { Linear(2, 2) }
        let first = model.getParameters()
        let second = model.getParameters()
        XCTAssertEqual(first.valuePointer, second.valuePointer, "an already flat model is not moved")
        // Growing the model and flattening again moves everything; the earlier object follows.
        model.add(Linear(2, 1))
        let third = model.getParameters()
        XCTAssertEqual(third.count, first.count + 3)
        first.valuePointer[0] = 3
        XCTAssertEqual(third.valuePointer[0], 3)
        XCTAssertEqual((model[0] as! Linear<Double>).weight[0, 0], 3)
    }

    func testOptimizerOnAModelMatchesUpdateParameters() {
        manualSeed(6)
        let a = Sequential<Double> { Linear(3, 4); Tanh(); Linear(4, 2) }
        manualSeed(6)
        let b = Sequential<Double> { Linear(3, 4); Tanh(); Linear(4, 2) }
        let sgd = SGD(b.getParameters(), learningRate: 0.1)
        let x = Tensor<Double>([[1, -1, 0.5], [0.2, 0.3, -2]]), g = Tensor<Double>([[1, 0], [0, -1]])
        for model in [a, b] {
            _ = model.forward(x)
            model.backward(x, g)
        }
        a.updateParameters(learningRate: 0.1)
        sgd.step()
        XCTAssertEqual(a.parameters().map(\.value), b.parameters().map(\.value))
    }
}

final class BackwardParametersTests: XCTestCase {
    /// Two copies of `network()` (the same seed) on one batch `5 x 3`: `backward` on one and
    /// `backwardParameters` on the other accumulate the same parameter gradients, and the second
    /// leaves its first layer's input gradient uncomputed.
    private func assertSameParameterGradients(_ network: () -> Sequential<Double>, seed: UInt64,
                                              file: StaticString = #filePath, line: UInt = #line) -> Sequential<Double> {
        manualSeed(seed)
        let a = network()
        manualSeed(seed)
        let b = network()
        var g = RandomGenerator(seed: seed)
        let x = Tensor<Double>.uniform(shape: [5, 3], low: -2, high: 2, generator: &g)
        let dy = Tensor<Double>.uniform(shape: [5, 2], low: -1, high: 1, generator: &g)
        _ = a.forward(x); _ = b.forward(x)
        _ = a.backward(x, dy, scale: 0.5)
        b.backwardParameters(x, dy, scale: 0.5)
        XCTAssertEqual(a.parameters().map(\.grad), b.parameters().map(\.grad), file: file, line: line)
        XCTAssertEqual(b[0].gradInput.count, 0, "the first layer's input gradient was not computed", file: file, line: line)
        return b
    }

    /// `backwardParameters` accumulates exactly the parameter gradients `backward` does.
    func testSameParameterGradientsAsBackward() {
        _ = assertSameParameterGradients({
            Sequential<Double> { Linear(3, 4); Tanh(); Sequential<Double> { Linear(4, 4); ReLU() }; Linear(4, 2) }
        }, seed: 8)
    }

    /// The same through a network with a residual block (the table path), whose first layer's
    /// input gradient is skipped too.
    func testSameParameterGradientsThroughTables() {
        let b = assertSameParameterGradients({
            Sequential<Double> {
                Linear(3, 4); Tanh()
                ConcatTable { Sequential<Double> { Linear(4, 4); ReLU() }; Identity() }
                CAddTable()
                Linear(4, 2)
            }
        }, seed: 9)
        XCTAssertTrue(b.usesTables)
        XCTAssertEqual(b.gradInput.count, 0)
    }
}
