import XCTest
import NN

/// `y = w ⊙ x` on 3-vectors, written outside Wick; `brokenInput` / `brokenParameter` plant the
/// kind of mistake the checker exists to catch.
private final class ElementwiseScale: Module {
    var output = Tensor<Double>()
    var gradInput = Tensor<Double>()
    var isTraining = true
    let weight = Parameter<Double>(name: "weight", shape: [3])
    let brokenInput: Bool, brokenParameter: Bool

    init(brokenInput: Bool = false, brokenParameter: Bool = false) {
        self.brokenInput = brokenInput
        self.brokenParameter = brokenParameter
        weight.value = Tensor([0.5, -1, 2])
    }

    func parameters() -> [Parameter<Double>] { [weight] }

    func updateOutput(_ input: Tensor<Double>) -> Tensor<Double> {
        output = input * weight.value
        return output
    }

    func updateGradInput(_ input: Tensor<Double>, _ gradOutput: Tensor<Double>) -> Tensor<Double> {
        gradInput = brokenInput ? gradOutput : gradOutput * weight.value  // broken: forgets w
        return gradInput
    }

    func accGradParameters(_ input: Tensor<Double>, _ gradOutput: Tensor<Double>, scale: Double) {
        let step = brokenParameter ? gradOutput : gradOutput * input  // broken: forgets x
        weight.grad = weight.grad + step * scale
    }

    var description: String { "ElementwiseScale" }
}

/// `½ Σ x²` whose gradient is off by a factor of two.
private final class BrokenHalfSquare: Criterion {
    var output = 0.0
    var gradInput = Tensor<Double>()
    var sizeAverage = false

    func updateOutput(_ input: Tensor<Double>, _ target: Tensor<Double>) -> Double {
        output = (input * input).sum() / 2
        return output
    }

    func updateGradInput(_ input: Tensor<Double>, _ target: Tensor<Double>) -> Tensor<Double> {
        gradInput = input * 2
        return gradInput
    }

    var description: String { "BrokenHalfSquare" }
}

final class GradientCheckTests: XCTestCase {
    func testACorrectModuleWrittenOutsideWickPasses() {
        let module = ElementwiseScale()
        let x = uniformInput([3], seed: 90)
        XCTAssertLessThan(GradientCheck.inputError(module, input: x), 1e-8)
        let errors = GradientCheck.parameterErrors(module, input: x)
        XCTAssertEqual(errors.map(\.name), ["weight"])
        XCTAssertLessThan(errors[0].error, 1e-8)
    }

    func testAWrongInputGradientIsCaught() {
        let module = ElementwiseScale(brokenInput: true)
        // The Jacobian is diag(0.5, −1, 2) but backprop says the identity: the worst is |1 − (−1)| = 2.
        XCTAssertEqual(GradientCheck.inputError(module, input: uniformInput([3], seed: 91)), 2, accuracy: 1e-6)
    }

    func testAWrongParameterGradientIsCaught() {
        let module = ElementwiseScale(brokenParameter: true)
        let x = Tensor<Double>([3, 1, -2])
        XCTAssertLessThan(GradientCheck.inputError(module, input: x), 1e-8)
        let errors = GradientCheck.parameterErrors(module, input: x)
        // ∂y/∂w = x, backprop claims 1: the worst is |−2 − 1| = 3.
        XCTAssertEqual(errors[0].error, 3, accuracy: 1e-6)
    }

    func testAWrongCriterionGradientIsCaught() {
        let x = Tensor<Double>([1, -3, 0.5])
        // The gradient is x, backprop claims 2x: the worst is |−3|.
        XCTAssertEqual(GradientCheck.criterionError(BrokenHalfSquare(), input: x, target: x), 3, accuracy: 1e-6)
    }

    func testJacobiansOfALinearLayerAreItsWeight() {
        let layer = Linear<Double>(3, 2)
        layer.weight = Tensor([[1, 2, 3], [4, 5, 6]])
        let x = uniformInput([3], seed: 92)
        XCTAssertEqual(GradientCheck.backpropagatedJacobian(layer, input: x), layer.weight)
        assertClose(GradientCheck.numericalJacobian(layer, input: x), layer.weight, tolerance: 1e-8)
        // For a batch, the Jacobian is block diagonal: rows of one sample never see another.
        let batchJacobian = GradientCheck.backpropagatedJacobian(layer, input: uniformInput([2, 3], seed: 93))
        XCTAssertEqual(batchJacobian.shape, [4, 6])
        XCTAssertEqual(batchJacobian[0, 3], 0)
        XCTAssertEqual(batchJacobian[3, 5], 6)
    }

    func testParameterErrorsLeavesGradientsAtZero() {
        let layer = Linear<Double>(3, 2)
        _ = GradientCheck.parameterErrors(layer, input: uniformInput([4, 3], seed: 94))
        XCTAssertEqual(layer.gradWeight, Tensor.zeros(2, 3))
        XCTAssertEqual(layer.gradBias, Tensor.zeros(2))
    }

    /// The lectures' gradient-check notebook: `Linear(1, 2)` under `CrossEntropyCriterion`, each
    /// weight perturbed in turn, next to `gradWeight` from `backward`.
    func testNumericalGradientOfALossMatchesBackward() {
        manualSeed(95)
        let model = Linear<Double>(1, 2), criterion = CrossEntropyCriterion<Double>()
        let x = Tensor<Double>([[0.5], [-1.5], [2]]), y = [0, 1, 1]
        let output = model.forward(x)
        _ = criterion.forward(output, y)
        model.zeroGradParameters()
        model.backward(x, criterion.backward(output, y))
        let loss = { criterion.forward(model.forward(x), y) }
        let numericalWeight = GradientCheck.numericalGradient(of: loss, parameter: model.weightParameter)
        let numericalBias = GradientCheck.numericalGradient(of: loss, parameter: model.biasParameter!)
        XCTAssertEqual(numericalWeight.shape, [2, 1])
        assertClose(numericalWeight, model.gradWeight, tolerance: 1e-9)
        assertClose(numericalBias, model.gradBias!, tolerance: 1e-9)
        XCTAssertGreaterThan(model.gradWeight.abs().max(), 0.01)
    }
}
