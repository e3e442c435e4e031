import XCTest
import NN

/// The parts of the Module contract every module must honour, checked on the examples of every
/// registered module kind (``ModuleRegistry``): a new kind is covered as soon as it is registered.
final class ModuleContractTests: XCTestCase {
    /// The examples of every registered kind, in Double, each with the shape of input it takes;
    /// those on tables (``ModuleExample/usesTables``) are checked by TableContractTests instead.
    private func everyModule() -> [(module: any Module<Double>, input: [Int], label: String)] {
        manualSeed(51)
        return ModuleRegistry.kinds.flatMap { kind in
            kind.examples(Double.self).filter { !$0.usesTables }.map { ($0.module, $0.inputShape, "\(kind.name) (\($0.note)) on \(formatShape($0.inputShape))") }
        }
    }

    func testEveryBuiltinKindHasExamplesForBothScalarTypes() {
        for kind in ModuleRegistry.builtinKinds {
            XCTAssertEqual(kind.scalarTypes, ["Float", "Double"], kind.name)
            XCTAssertFalse(kind.examples(Float.self).isEmpty, "\(kind.name) has no Float examples")
            XCTAssertFalse(kind.examples(Double.self).isEmpty, "\(kind.name) has no Double examples")
            for example in kind.examples(Double.self) {
                XCTAssertTrue(kind.describes(example.module), "\(kind.name): an example of another type, \(type(of: example.module))")
            }
        }
        XCTAssertEqual(Set(ModuleRegistry.builtinKinds.map(\.name)).count, ModuleRegistry.builtinKinds.count, "kind names are unique")
    }

    func testKeptOutputIsNotChangedByTheNextForward() {
        for (index, entry) in everyModule().enumerated() {
            let module = entry.module
            let x = uniformInput(entry.input, seed: UInt64(100 + index))
            let kept = module.forward(x)
            let copy = Tensor(shape: kept.shape, scalars: Array(kept.scalars))
            let other = module.forward(uniformInput(entry.input, seed: UInt64(200 + index)))
            XCTAssertNotEqual(other, copy, "\(entry.label): the second input gives another output")
            XCTAssertEqual(kept, copy, "\(entry.label): a kept output changed")
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
                XCTAssertNotEqual(other, copy, "\(entry.label): the second gradOutput gives another gradInput")
            }
            XCTAssertEqual(kept, copy, "\(entry.label): a kept gradInput changed")
        }
    }

    func testGradInputHasTheInputShapeAndOutputIsStored() {
        for (index, entry) in everyModule().enumerated() {
            let module = entry.module
            let x = uniformInput(entry.input, seed: UInt64(400 + index))
            let y = module(x)  // callAsFunction
            XCTAssertEqual(module.output, y, entry.label)
            let gradInput = module.backward(x, uniformInput(y.shape, seed: 3))
            XCTAssertEqual(gradInput.shape, x.shape, entry.label)
            XCTAssertEqual(module.gradInput, gradInput, entry.label)
        }
    }

    func testGradientsStartAtZero() {
        for entry in everyModule() {
            for p in entry.module.parameters() {
                XCTAssertEqual(p.grad, Tensor.zeros(shape: p.shape), "\(entry.label) \(p.name)")
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
                assertClose(p.grad, g1 * 2, tolerance: 1e-14, "\(entry.label) \(p.name)")
            }
            module.zeroGradParameters()
            XCTAssertTrue(module.parameters().allSatisfy { $0.grad == Tensor.zeros(shape: $0.shape) })
        }
    }

    /// Every example's input and parameter gradients agree with central differences in Double.
    /// A module whose forward is random in training mode (dropout) is checked in evaluation mode,
    /// where it is a function of its input; its training-mode gradient has its own test.
    func testGradientsOfEveryExampleMatchFiniteDifferences() {
        for (index, entry) in everyModule().enumerated() {
            let module = entry.module
            let x = uniformInput(entry.input, seed: UInt64(600 + index), avoiding: [0, 0.1, -0.5, 0.8], margin: 1e-3)
            if module.forward(x) != module.forward(x) { module.evaluate() }
            assertGradientsMatch(module, input: x, entry.label)
        }
    }

    /// An element-wise module (its output has its input's shape at every rank) gives on a rank-3
    /// or rank-4 batch what it gives on the same values as a flat batch of vectors. Spatial batch
    /// normalization keeps the shape too, but normalizes each channel of an image batch: it is not
    /// element-wise (it has its own tests).
    func testModulesThatKeepTheShapeActElementwiseOnEveryRank() {
        var checked: Set<String> = []
        for (index, entry) in everyModule().enumerated() where entry.input.count >= 3 && entry.module.children.isEmpty
            && !(entry.module is SpatialBatchNormalization<Double>) {
            let module = entry.module
            module.evaluate()  // dropout: the identity, a function of its input
            let x = uniformInput(entry.input, seed: UInt64(700 + index))
            let y = module.forward(x)
            guard y.shape == x.shape else { continue }
            let flat = module.forward(x.reshaped(entry.input[0], -1))
            XCTAssertEqual(flat.reshaped(to: entry.input), y, entry.label)
            let g = uniformInput(entry.input, seed: UInt64(800 + index))
            _ = module.forward(x)
            let gradInput = module.backward(x, g)
            _ = module.forward(x.reshaped(entry.input[0], -1))
            XCTAssertEqual(module.backward(x.reshaped(entry.input[0], -1), g.reshaped(entry.input[0], -1)).reshaped(to: entry.input), gradInput, entry.label)
            checked.insert(String(describing: type(of: module)))
        }
        // Every element-wise module of Torch7's nn that Wick has is among them.
        for name in ["Identity", "Tanh", "Sigmoid", "ReLU", "LeakyReLU", "ELU", "SoftPlus", "HardTanh", "Threshold", "Step", "Dropout"] {
            XCTAssertTrue(checked.contains("\(name)<Double>"), "\(name) was not checked on a rank-3 or rank-4 batch")
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
