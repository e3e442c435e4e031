import XCTest
import NN

/// The parts of the Module contract every module must honour, checked on all of them.
final class ModuleContractTests: XCTestCase {
    /// One instance of every module and container, each with the shape of input it takes.
    private func everyModule() -> [(module: any Module<Double>, input: [Int])] {
        manualSeed(51)
        let dropoutInEvaluation = Dropout<Double>(0.5)
        dropoutInEvaluation.evaluate()
        return [
            (Linear<Double>(4, 3), [5, 4]),
            (Linear<Double>(4, 3, bias: false), [4]),
            (Identity<Double>(), [5, 4]),
            (Tanh<Double>(), [5, 4]),
            (Sigmoid<Double>(), [5, 4]),
            (ReLU<Double>(), [5, 4]),
            (LeakyReLU<Double>(), [5, 4]),
            (ELU<Double>(), [5, 4]),
            (SoftPlus<Double>(), [5, 4]),
            (HardTanh<Double>(), [5, 4]),
            (Threshold<Double>(), [5, 4]),
            (Step<Double>(), [5, 4]),
            (SoftMax<Double>(), [5, 4]),
            (LogSoftMax<Double>(), [4]),
            (Dropout<Double>(0.5), [5, 4]),
            (dropoutInEvaluation, [5, 4]),
            (Reshape<Double>(2, 2), [5, 4]),
            (Sequential<Double> { Linear(4, 3); Tanh(); Linear(3, 2) }, [5, 4]),
            (Sequential<Double> { Tanh() }, [5, 4]),
            (Concat<Double> { Linear(4, 3); Identity() }, [5, 4]),
            (Parallel<Double>(inputDimension: 0, outputDimension: 0).add(Linear(4, 2)).add(Tanh()), [2, 4]),
        ]
    }

    func testKeptOutputIsNotChangedByTheNextForward() {
        for (index, entry) in everyModule().enumerated() {
            let module = entry.module
            let x = uniformInput(entry.input, seed: UInt64(100 + index))
            let kept = module.forward(x)
            let copy = Tensor(shape: kept.shape, scalars: Array(kept.scalars))
            let other = module.forward(uniformInput(entry.input, seed: UInt64(200 + index)))
            XCTAssertNotEqual(other, copy, "\(module.description): the second input gives another output")
            XCTAssertEqual(kept, copy, "\(module.description): a kept output changed")
        }
    }

    func testKeptGradInputIsNotChangedByTheNextBackward() {
        for (index, entry) in everyModule().enumerated() {
            let module = entry.module
            let x = uniformInput(entry.input, seed: UInt64(300 + index))
            let y = module.forward(x)
            let kept = module.backward(x, uniformInput(y.shape, seed: 1))
            let copy = Tensor(shape: kept.shape, scalars: Array(kept.scalars))
            _ = module.forward(x)
            let other = module.backward(x, uniformInput(y.shape, seed: 2))
            if !(module is Step<Double>) {  // a step passes no gradient: both are zeros
                XCTAssertNotEqual(other, copy, "\(module.description): the second gradOutput gives another gradInput")
            }
            XCTAssertEqual(kept, copy, "\(module.description): a kept gradInput changed")
        }
    }

    func testGradInputHasTheInputShapeAndOutputIsStored() {
        for (index, entry) in everyModule().enumerated() {
            let module = entry.module
            let x = uniformInput(entry.input, seed: UInt64(400 + index))
            let y = module(x)  // callAsFunction
            XCTAssertEqual(module.output, y, module.description)
            let gradInput = module.backward(x, uniformInput(y.shape, seed: 3))
            XCTAssertEqual(gradInput.shape, x.shape, module.description)
            XCTAssertEqual(module.gradInput, gradInput, module.description)
        }
    }

    func testGradientsStartAtZero() {
        for entry in everyModule() {
            for p in entry.module.parameters() {
                XCTAssertEqual(p.grad, Tensor.zeros(shape: p.shape), "\(entry.module.description) \(p.name)")
            }
        }
    }

    func testTwoBackwardCallsDoubleEveryParameterGradient() {
        for (index, entry) in everyModule().enumerated() where !entry.module.parameters().isEmpty {
            let module = entry.module
            let x = uniformInput(entry.input, seed: UInt64(500 + index))
            let g = uniformInput(module.forward(x).shape, seed: 4)
            module.backward(x, g)
            let once = module.parameters().map(\.grad)
            module.backward(x, g)
            for (p, g1) in zip(module.parameters(), once) {
                XCTAssertGreaterThan(g1.abs().max(), 0)
                assertClose(p.grad, g1 * 2, tolerance: 1e-14, "\(module.description) \(p.name)")
            }
            module.zeroGradParameters()
            XCTAssertTrue(module.parameters().allSatisfy { $0.grad == Tensor.zeros(shape: $0.shape) })
        }
    }

    func testAccUpdateGradParametersThroughAContainer() {
        manualSeed(52)
        let model = Sequential<Double> { Linear(3, 4); Tanh(); Linear(4, 2) }
        let twin = Sequential<Double> { Linear(3, 4); Tanh(); Linear(4, 2) }
        for (p, q) in zip(model.parameters(), twin.parameters()) { q.value = p.value }
        let x = uniformInput([5, 3], seed: 53), g = uniformInput([5, 2], seed: 54)
        // The twin computes this call's gradient from zero and descends.
        _ = twin.forward(x)
        twin.backward(x, g)
        twin.updateParameters(learningRate: 0.2)
        // The model already holds an accumulated gradient, which must be left alone.
        _ = model.forward(x)
        model.backward(x, g * 3)
        let accumulated = model.parameters().map(\.grad)
        _ = model.updateGradInput(x, g)
        model.accUpdateGradParameters(x, g, learningRate: 0.2)
        for (p, q) in zip(model.parameters(), twin.parameters()) {
            assertClose(p.value, q.value, tolerance: 1e-15, p.name)
        }
        XCTAssertEqual(model.parameters().map(\.grad), accumulated)
    }
}
