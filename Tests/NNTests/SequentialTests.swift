import XCTest
import NN

final class SequentialTests: XCTestCase {
    func testForwardAndBackwardEqualTheChainOfItsChildren() {
        manualSeed(31)
        let first = Linear<Double>(3, 4), tanh = Tanh<Double>(), second = Linear<Double>(4, 2)
        let model = Sequential<Double>().add(first).add(tanh).add(second)
        // Twins with the same weights, driven by hand.
        let first2 = Linear<Double>(3, 4), tanh2 = Tanh<Double>(), second2 = Linear<Double>(4, 2)
        first2.weight = first.weight; first2.bias = first.bias
        second2.weight = second.weight; second2.bias = second.bias

        let x = uniformInput([5, 3], seed: 25), g = uniformInput([5, 2], seed: 26)
        let h1 = first2.forward(x), h2 = tanh2.forward(h1), y = second2.forward(h2)
        XCTAssertEqual(model.forward(x), y)
        let gradInput = first2.backward(x, tanh2.backward(h1, second2.backward(h2, g)))
        XCTAssertEqual(model.backward(x, g), gradInput)
        XCTAssertEqual(model.gradInput, gradInput)
        XCTAssertEqual(first.gradWeight, first2.gradWeight)
        XCTAssertEqual(second.gradBias, second2.gradBias)
    }

    func testUpdateGradInputThenAccGradParametersEqualsBackward() {
        manualSeed(32)
        let a = Sequential<Double> { Linear(3, 4); ReLU(); Linear(4, 2) }
        manualSeed(32)
        let b = Sequential<Double> { Linear(3, 4); ReLU(); Linear(4, 2) }
        let x = uniformInput([5, 3], seed: 27), g = uniformInput([5, 2], seed: 28)
        _ = a.forward(x); _ = b.forward(x)
        let viaBackward = a.backward(x, g, scale: 0.5)
        let viaSteps = b.updateGradInput(x, g)
        b.accGradParameters(x, g, scale: 0.5)
        XCTAssertEqual(viaSteps, viaBackward)
        XCTAssertEqual(a.parameters().map(\.grad), b.parameters().map(\.grad))
    }

    func testGradientsMatchFiniteDifferences() {
        manualSeed(33)
        assertGradientsMatchOnSampleAndBatch(Sequential<Double> { Linear(4, 5); Tanh(); Linear(5, 3); LogSoftMax() },
                                             features: 4)
        let withKinks = Sequential<Double> { Linear(3, 6); ReLU(); Linear(6, 6); ELU(); Linear(6, 2); SoftMax() }
        // The ReLU's input is a linear function of x; check on inputs whose pre-activations stay
        // away from zero.
        let x = uniformInput([4, 3], seed: 29)
        let preActivation = (withKinks[0] as! Linear<Double>).forward(x)
        XCTAssertGreaterThan(preActivation.abs().min(), 1e-3, "pick another seed")
        assertGradientsMatch(withKinks, input: x)
    }

    func testEmptyContainerPassesInputThrough() {
        let model = Sequential<Double>()
        let x = Tensor<Double>([1, 2])
        XCTAssertEqual(model.forward(x), x)
        XCTAssertEqual(model.backward(x, Tensor([3, 4])), Tensor([3, 4]))
        XCTAssertEqual(model.count, 0)
        XCTAssertTrue(model.parameters().isEmpty)
    }

    func testAddInsertRemoveGetSubscriptCount() {
        let model = Sequential<Double>()
        let linear = Linear<Double>(2, 3), tanh = Tanh<Double>(), relu = ReLU<Double>()
        XCTAssertTrue(model.add(linear) === model)
        model.add(relu)
        XCTAssertEqual(model.count, 2)
        model.insert(tanh, at: 1)
        XCTAssertEqual(model.count, 3)
        XCTAssertTrue(model[0] === linear)
        XCTAssertTrue(model.get(1) === tanh)
        XCTAssertTrue(model[2] === relu)
        XCTAssertTrue(model.children.map { $0 as AnyObject }.elementsEqual([linear, tanh, relu] as [AnyObject], by: ===))

        XCTAssertTrue(model.remove(at: 0) === linear)
        XCTAssertTrue(model[0] === tanh)
        XCTAssertTrue(model.remove() === relu)  // the last by default
        XCTAssertEqual(model.count, 1)
        model.insert(linear, at: 0)
        model.insert(relu, at: 2)  // at the end
        XCTAssertEqual(model.modules.map(\.description), ["nn.Linear(2 -> 3)", "nn.Tanh", "nn.ReLU"])
        XCTAssertEqual(model.forward(Tensor([1, 1])).shape, [3])
    }

    func testIndexOutOfRangeMessages() {
        let model = Sequential<Double> { Tanh(); ReLU() }
        XCTAssertEqual(trappedMessage { model.insert(Identity<Double>(), at: 3) },
                       "nn.Sequential.insert: index 3 out of range 0...2")
        XCTAssertEqual(trappedMessage { model.remove(at: 2) }, "nn.Sequential.remove: index 2 out of range for 2 modules")
        XCTAssertEqual(trappedMessage { _ = model[2] }, "nn.Sequential[2]: out of range for 2 modules")
        XCTAssertEqual(trappedMessage { _ = model.get(-1) }, "nn.Sequential[-1]: out of range for 2 modules")
        XCTAssertEqual(trappedMessage { Sequential<Double>().remove() }, "nn.Sequential.remove: index -1 out of range for 0 modules")
    }

    func testResultBuilderWithConditionsAndLoops() {
        func make(hidden: Int, relu: Bool, dropout: Bool) -> Sequential<Double> {
            Sequential<Double> {
                Linear(2, 8)
                if relu { ReLU() } else { Tanh() }
                for _ in 0..<hidden {
                    Linear(8, 8)
                    Tanh()
                }
                if dropout { Dropout(0.5) }
                Linear(8, 1)
            }
        }
        XCTAssertEqual(make(hidden: 0, relu: true, dropout: false).modules.map(\.description),
                       ["nn.Linear(2 -> 8)", "nn.ReLU", "nn.Linear(8 -> 1)"])
        let deep = make(hidden: 2, relu: false, dropout: true)
        XCTAssertEqual(deep.count, 8)
        XCTAssertEqual(deep[1].description, "nn.Tanh")
        XCTAssertEqual(deep[6].description, "nn.Dropout(0.5)")
        XCTAssertEqual(Sequential<Double>([Tanh<Double>(), Sigmoid<Double>()]).count, 2)
    }

    func testDescription() {
        let model = Sequential<Double> { Linear(10, 25); Tanh(); Linear(25, 1) }
        XCTAssertEqual(model.description, """
            nn.Sequential {
              [input -> (1) -> (2) -> (3) -> output]
              (1): nn.Linear(10 -> 25)
              (2): nn.Tanh
              (3): nn.Linear(25 -> 1)
            }
            """)
        XCTAssertEqual(Sequential<Double>().description, "nn.Sequential {\n  [input -> output]\n}")
    }
}
