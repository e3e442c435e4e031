import XCTest
import NN

final class XORTests: XCTestCase {
    /// The lecture snippet from the issue, verbatim apart from the assertion.
    func testLectureSnippetLearnsXOR() {
        manualSeed(1)
        let model = Sequential<Double>()
        model.add(Linear(2, 16))
        model.add(Tanh())
        model.add(Linear(16, 1))
        let criterion = MSECriterion<Double>()
        let x = Tensor<Double>([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = Tensor<Double>([[0], [1], [1], [0]])
        var loss = 0.0
        for _ in 0..<2000 {
            let output = model.forward(x)
            loss = criterion.forward(output, y)
            model.zeroGradParameters()
            model.backward(x, criterion.backward(output, y))
            model.updateParameters(learningRate: 0.1)
        }
        XCTAssertLessThan(loss, 0.01)
        let predictions = model.forward(x).scalars.map { $0 > 0.5 ? 1.0 : 0.0 }
        XCTAssertEqual(predictions, [0, 1, 1, 0])
    }

    func testResultBuilderFormInFloat() {
        manualSeed(2)
        let model = Sequential<Float> { Linear(2, 16); Tanh(); Linear(16, 1) }
        XCTAssertEqual(model.count, 3)
        XCTAssertEqual(model.parameters().map(\.shape), [[16, 2], [16], [1, 16], [1]])
        let criterion = MSECriterion<Float>()
        let x = Tensor<Float>([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = Tensor<Float>([[0], [1], [1], [0]])
        var loss: Float = 1
        for _ in 0..<2000 {
            let output = model(x)
            loss = criterion(output, y)
            model.zeroGradParameters()
            model.backward(x, criterion.backward(output, y))
            model.updateParameters(learningRate: 0.1)
        }
        XCTAssertLessThan(loss, 0.01)
    }

    func testDescriptionAndInputMessage() {
        let model = Sequential<Double> { Linear(3, 2); Tanh() }
        XCTAssertEqual(model.description, """
            nn.Sequential {
              [input -> (1) -> (2) -> output]
              (1): nn.Linear(3 -> 2)
              (2): nn.Tanh
            }
            """)
        XCTAssertEqual(trappedMessage { _ = model.forward(Tensor<Double>.zeros(4, 5)) },
                       "nn.Linear(3 -> 2): expected 3 features (input 3 or Nx3), got 4x5")
    }

    func testGradientCheckOfSmallNetwork() {
        manualSeed(3)
        let model = Sequential<Double> { Linear(3, 4); Tanh(); Linear(4, 2); Sigmoid() }
        var g = RandomGenerator(seed: 9)
        let x = Tensor<Double>.uniform(shape: [5, 3], low: -2, high: 2, generator: &g)
        XCTAssertLessThan(GradientCheck.inputError(model, input: x), 1e-5)
        for (name, error) in GradientCheck.parameterErrors(model, input: x) {
            XCTAssertLessThan(error, 1e-5, name)
        }
    }
}
