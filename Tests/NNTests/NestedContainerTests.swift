import XCTest
import NN

/// Behaviour that crosses container boundaries: modes, parameter order, descriptions, updates.
final class NestedContainerTests: XCTestCase {
    /// Every module in the tree under `module`, the root first, depth first.
    private func allModules(_ module: any Module<Double>) -> [any Module<Double>] {
        [module] + module.children.flatMap { allModules($0) }
    }

    private func spaces(_ n: Int) -> String { String(repeating: " ", count: n) }

    private func nestedModel() -> Sequential<Double> {
        Sequential<Double> {
            Linear(2, 3)
            Dropout(0.5)
            Concat {
                Dropout(0.2)
                Sequential { Linear(3, 4); Dropout(0.3); Tanh() }
            }
            Linear(7, 1)
        }
    }

    func testTrainingAndEvaluateRecurseThroughEveryLevel() {
        let model = nestedModel()
        let modules = allModules(model)
        XCTAssertEqual(modules.count, 10)
        XCTAssertTrue(modules.allSatisfy(\.isTraining), "modules start in training mode")
        model.evaluate()
        XCTAssertTrue(modules.allSatisfy { !$0.isTraining })
        model.training()
        XCTAssertTrue(modules.allSatisfy(\.isTraining))
        // Switching a child does not switch its parent or siblings.
        model[2].evaluate()
        XCTAssertTrue(model.isTraining && model[1].isTraining)
        XCTAssertEqual(allModules(model[2]).filter(\.isTraining).count, 0)
    }

    func testEvaluationMakesNestedDropoutsTheIdentity() {
        let model = nestedModel()
        let x = uniformInput([6, 2], seed: 40)
        model.evaluate()
        let first = model.forward(x)
        XCTAssertEqual(model.forward(x), first, "deterministic in evaluation")
        model.training()
        XCTAssertNotEqual(model.forward(x), first, "masks are drawn again in training")
    }

    func testParametersInOrderThroughNestedContainers() {
        let a = Linear<Double>(2, 3), b = Linear<Double>(3, 4), c = Linear<Double>(4, 1)
        let d = Linear<Double>(4, 2, bias: false), e = Linear<Double>(3, 5), f = Linear<Double>(1, 2)
        let model = Sequential<Double> {
            a
            Sequential<Double> {
                b
                Tanh()
                Concat<Double> { c; d }
            }
            Parallel<Double>(inputDimension: 0, outputDimension: 0).add(e).add(f)
        }
        let expected = [a.weightParameter, a.biasParameter!, b.weightParameter, b.biasParameter!,
                        c.weightParameter, c.biasParameter!, d.weightParameter,
                        e.weightParameter, e.biasParameter!, f.weightParameter, f.biasParameter!]
        let parameters = model.parameters()
        XCTAssertEqual(parameters.count, expected.count)
        XCTAssertTrue(zip(parameters, expected).allSatisfy { $0 === $1 })
        XCTAssertEqual(parameters.map(\.shape), [[3, 2], [3], [4, 3], [4], [1, 4], [1], [2, 4], [5, 3], [5], [2, 1], [2]])
        XCTAssertEqual(model.parameterCount, 6 + 3 + 12 + 4 + 4 + 1 + 8 + 15 + 5 + 2 + 2)
    }

    func testZeroGradAndUpdateReachEveryNestedLayer() {
        manualSeed(41)
        let model = Sequential<Double> {
            Linear(3, 4)
            Concat { Linear(4, 2); Sequential { Linear(4, 3); Sigmoid() } }
            Linear(5, 2)
        }
        let x = uniformInput([6, 3], seed: 42)
        _ = model.forward(x)
        model.backward(x, uniformInput([6, 2], seed: 43))
        let parameters = model.parameters()
        XCTAssertTrue(parameters.allSatisfy { $0.grad.abs().max() > 0 }, "every layer received a gradient")
        let (values, grads) = (parameters.map(\.value), parameters.map(\.grad))
        model.updateParameters(learningRate: 0.01)
        for (p, (v, g)) in zip(parameters, zip(values, grads)) {
            assertClose(p.value, v - g * 0.01, tolerance: 1e-15, p.name)
        }
        model.zeroGradParameters()
        XCTAssertTrue(parameters.allSatisfy { $0.grad == Tensor.zeros(shape: $0.shape) })
    }

    func testResetAndClearStateRecurse() {
        let model = nestedModel()
        let before = model.parameters().map(\.value)
        model.reset()
        XCTAssertTrue(zip(model.parameters().map(\.value), before).allSatisfy { $0 != $1 })
        let x = uniformInput([2], seed: 44)
        model.evaluate()
        let y = model.forward(x)
        model.clearState()
        XCTAssertTrue(allModules(model).allSatisfy { $0.output.isEmpty && $0.gradInput.isEmpty })
        XCTAssertEqual(model.forward(x), y, "forward works again after clearState")
    }

    func testNestedGradientsMatchFiniteDifferences() {
        manualSeed(45)
        let model = nestedModel()
        model.evaluate()
        assertGradientsMatchOnSampleAndBatch(model, features: 2)
    }

    func testDescriptionOfNestedContainers() {
        let model = Sequential<Double> {
            Linear(2, 3)
            Concat { Linear(3, 1); Sequential { Linear(3, 2); Tanh() } }
            Dropout(0.5)
        }
        XCTAssertEqual(model.description, [
            "nn.Sequential {",
            "  [input -> (1) -> (2) -> (3) -> output]",
            "  (1): nn.Linear(2 -> 3)",
            "  (2): nn.Concat {",
            spaces(4) + "input",
            spaces(6) + "|`-> (1): nn.Linear(3 -> 1)",
            spaces(6) + "|`-> (2): nn.Sequential {",
            spaces(13) + "[input -> (1) -> (2) -> output]",
            spaces(13) + "(1): nn.Linear(3 -> 2)",
            spaces(13) + "(2): nn.Tanh",
            spaces(11) + "}",
            spaces(7) + "... -> output",
            "  }",
            "  (3): nn.Dropout(0.5)",
            "}",
        ].joined(separator: "\n"))
    }

    func testDescriptionOfANestedChildThatIsNotLast() {
        let concat = Concat<Double> { Sequential { Tanh() }; Identity() }
        XCTAssertEqual(concat.description, [
            "nn.Concat {",
            "  input",
            "    |`-> (1): nn.Sequential {",
            "    |      [input -> (1) -> output]",
            "    |      (1): nn.Tanh",
            "    |    }",
            "    |`-> (2): nn.Identity",
            "     ... -> output",
            "}",
        ].joined(separator: "\n"))
    }
}
