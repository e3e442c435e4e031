import XCTest
import NN

/// Torch7 habits a port keeps: `model:apply(f)`, the in-place flag of the activations, and
/// gradient-check errors named by module path.
final class PortingConveniencesTests: XCTestCase {
    func nested() -> Sequential<Double> {
        Sequential<Double> {
            Linear(3, 4)
            Sequential<Double> { ReLU(); Linear(4, 4) }
            Tanh()
            Linear(4, 2)
        }
    }

    func testApplyVisitsEveryModuleDepthFirstParentsFirst() {
        var visited: [String] = []
        nested().apply { visited.append(String($0.description.prefix { $0 != "(" && $0 != " " })) }
        XCTAssertEqual(visited, ["nn.Sequential", "nn.Linear", "nn.Sequential", "nn.ReLU", "nn.Linear", "nn.Tanh", "nn.Linear"])
    }

    /// The homework's `model:apply(function(m) if m.reset then m:reset() end end)`: every
    /// `Linear` draws new weights.
    func testApplyResetsEveryLinear() {
        manualSeed(1)
        let model = nested()
        let before = model.parameters().map(\.value)
        var linears = 0
        model.apply { module in
            if let linear = module as? Linear<Double> { linear.reset(); linears += 1 }
        }
        XCTAssertEqual(linears, 3)
        for (old, new) in zip(before, model.parameters().map(\.value)) { XCTAssertNotEqual(old, new) }
    }

    func testInPlaceFlagsComputeTheSameAsOutOfPlace() {
        let x = Tensor<Double>([[-2, -0.5, 0], [0.25, 1, 3]])
        XCTAssertEqual(ReLU(true).forward(x), ReLU().forward(x))
        XCTAssertEqual(Threshold(threshold: 0.5, value: -1, inPlace: true).forward(x), Threshold(threshold: 0.5, value: -1).forward(x))
        XCTAssertEqual(LeakyReLU(negval: 0.1, inPlace: true).forward(x), LeakyReLU(negval: 0.1).forward(x))
        XCTAssertEqual(ELU(alpha: 2, inPlace: true).forward(x), ELU(alpha: 2).forward(x))
        XCTAssertEqual(HardTanh(minimum: -1, maximum: 2, inPlace: true).forward(x), HardTanh(minimum: -1, maximum: 2).forward(x))
        // The input is left as it was.
        let relu = ReLU<Double>(true)
        let input = x
        _ = relu.forward(input)
        XCTAssertEqual(input, x)
    }

    func testParameterErrorsAreNamedByModulePath() {
        manualSeed(2)
        let model = nested()
        let names = GradientCheck.parameterErrors(model, input: Tensor<Double>.uniform(shape: [2, 3])).map(\.name)
        XCTAssertEqual(names, ["modules[0].weight", "modules[0].bias", "modules[1].modules[1].weight",
                               "modules[1].modules[1].bias", "modules[3].weight", "modules[3].bias"])
        XCTAssertEqual(GradientCheck.parameterErrors(Linear<Double>(2, 1), input: Tensor([1, 2])).map(\.name), ["weight", "bias"])
    }
}
