import XCTest
import NN

final class LinearTests: XCTestCase {
    /// A 3 -> 2 layer with known weights: W = [[1, 2, 3], [4, 5, 6]], b = [0.5, −1].
    private func knownLayer(bias: Bool = true) -> Linear<Double> {
        let layer = Linear<Double>(3, 2, bias: bias)
        layer.weight = Tensor([[1, 2, 3], [4, 5, 6]])
        if bias { layer.bias = Tensor([0.5, -1]) }
        return layer
    }

    func testForwardOfOneSampleIsWeightTimesInputPlusBias() {
        let layer = knownLayer()
        // [1·1 + 2·0 + 3·(−1) + 0.5, 4·1 + 5·0 + 6·(−1) − 1]
        XCTAssertEqual(layer.forward(Tensor([1, 0, -1])), Tensor([-1.5, -3]))
        XCTAssertEqual(layer.output, Tensor([-1.5, -3]))
    }

    func testForwardOfBatchComputesEachRow() {
        let layer = knownLayer()
        let x = Tensor<Double>([[1, 0, -1], [2, 1, 0], [0, 0, 0]])
        XCTAssertEqual(layer.forward(x), Tensor([[-1.5, -3], [4.5, 12], [0.5, -1]]))
    }

    func testForwardWithoutBias() {
        let layer = knownLayer(bias: false)
        XCTAssertNil(layer.bias)
        XCTAssertNil(layer.gradBias)
        XCTAssertEqual(layer.parameters().map(\.name), ["weight"])
        XCTAssertEqual(layer.forward(Tensor([[1, 0, -1], [2, 1, 0]])), Tensor([[-2, -2], [4, 13]]))
    }

    func testBackwardByHand() {
        let layer = knownLayer()
        let x = Tensor<Double>([[1, 0, -1], [2, 1, 0]])
        let g = Tensor<Double>([[1, -1], [0.5, 2]])
        _ = layer.forward(x)
        let gradInput = layer.backward(x, g)
        // dX = dY W
        XCTAssertEqual(gradInput, Tensor([[-3, -3, -3], [8.5, 11, 13.5]]))  // [1 − 4, …], [0.5 + 8, …]
        // dW = dYᵀ X, db = column sums of dY
        XCTAssertEqual(layer.gradWeight, Tensor([[2, 0.5, -1], [3, 2, 1]]))  // [1·1 + 0.5·2, …]
        XCTAssertEqual(layer.gradBias, Tensor([1.5, 1]))
    }

    func testBackwardOfOneSample() {
        let layer = knownLayer()
        let x = Tensor<Double>([1, 2, 3]), g = Tensor<Double>([2, -1])
        _ = layer.forward(x)
        XCTAssertEqual(layer.backward(x, g), Tensor([2 - 4, 4 - 5, 6 - 6]))
        XCTAssertEqual(layer.gradWeight, Tensor([[2, 4, 6], [-1, -2, -3]]))
        XCTAssertEqual(layer.gradBias, Tensor([2, -1]))
    }

    func testScaleMultipliesParameterGradientsOnly() {
        let layer = knownLayer()
        let x = Tensor<Double>([1, 2, 3]), g = Tensor<Double>([2, -1])
        _ = layer.forward(x)
        XCTAssertEqual(layer.backward(x, g, scale: 0.5), Tensor([-2, -1, 0]))
        XCTAssertEqual(layer.gradWeight, Tensor([[1, 2, 3], [-0.5, -1, -1.5]]))
        XCTAssertEqual(layer.gradBias, Tensor([1, -0.5]))
    }

    func testGradientsMatchFiniteDifferences() {
        manualSeed(11)
        assertGradientsMatchOnSampleAndBatch(Linear<Double>(5, 3), features: 5)
        assertGradientsMatchOnSampleAndBatch(Linear<Double>(4, 6, bias: false), features: 4)
        assertGradientsMatchOnSampleAndBatch(Linear<Double>(1, 1), features: 1, batch: 7)
    }

    func testGradientsStartAtZero() {
        let layer = Linear<Double>(4, 3)
        XCTAssertEqual(layer.gradWeight, Tensor.zeros(3, 4))
        XCTAssertEqual(layer.gradBias, Tensor.zeros(3))
    }

    func testTwoBackwardCallsDoubleTheGradients() {
        let layer = Linear<Double>(3, 2)
        let x = uniformInput([5, 3], seed: 3), g = uniformInput([5, 2], seed: 4)
        _ = layer.forward(x)
        layer.backward(x, g)
        let onceWeight = layer.gradWeight, onceBias = layer.gradBias!
        XCTAssertNotEqual(onceWeight, Tensor.zeros(2, 3))
        layer.backward(x, g)
        assertClose(layer.gradWeight, onceWeight * 2)
        assertClose(layer.gradBias!, onceBias * 2)
    }

    func testZeroGradParametersGivesExactZeros() {
        let layer = Linear<Double>(3, 2)
        let x = uniformInput([5, 3], seed: 5)
        _ = layer.forward(x)
        layer.backward(x, uniformInput([5, 2], seed: 6))
        layer.zeroGradParameters()
        XCTAssertEqual(layer.gradWeight, Tensor.zeros(2, 3))
        XCTAssertEqual(layer.gradBias, Tensor.zeros(2))
    }

    func testUpdateParametersIsGradientDescent() {
        let layer = Linear<Double>(3, 2)
        let x = uniformInput([5, 3], seed: 7)
        _ = layer.forward(x)
        layer.backward(x, uniformInput([5, 2], seed: 8))
        let (w, gw, b, gb) = (layer.weight, layer.gradWeight, layer.bias!, layer.gradBias!)
        layer.updateParameters(learningRate: 0.3)
        assertClose(layer.weight, w - gw * 0.3, tolerance: 1e-15)
        assertClose(layer.bias!, b - gb * 0.3, tolerance: 1e-15)
        // The gradients are left as they were.
        XCTAssertEqual(layer.gradWeight, gw)
        XCTAssertEqual(layer.gradBias, gb)
    }

    func testAccUpdateGradParametersUsesOnlyThisCallsGradient() {
        let layer = knownLayer()
        let x = Tensor<Double>([1, 2, 3]), g = Tensor<Double>([2, -1])
        // An accumulated gradient from an earlier call, which must survive untouched.
        _ = layer.forward(Tensor([1, 1, 1]))
        layer.backward(Tensor([1, 1, 1]), Tensor([1, 1]))
        let accumulated = layer.gradWeight, accumulatedBias = layer.gradBias!
        _ = layer.forward(x)
        layer.accUpdateGradParameters(x, g, learningRate: 0.1)
        // w − 0.1 · g xᵀ and b − 0.1 · g
        let expected: [[Double]] = [[1 - 0.2, 2 - 0.4, 3 - 0.6], [4 + 0.1, 5 + 0.2, 6 + 0.3]]
        assertClose(layer.weight, Tensor(expected), tolerance: 1e-15)
        assertClose(layer.bias!, Tensor([0.5 - 0.2, -1 + 0.1]), tolerance: 1e-15)
        XCTAssertEqual(layer.gradWeight, accumulated)
        XCTAssertEqual(layer.gradBias, accumulatedBias)
    }

    func testInitialisationIsUniformWithinOneOverSqrtInputs() {
        manualSeed(21)
        let layer = Linear<Double>(100, 50)
        let bound = 1 / 100.0.squareRoot()
        for tensor in [layer.weight, layer.bias!] {
            XCTAssertLessThanOrEqual(tensor.max(), bound)
            XCTAssertGreaterThanOrEqual(tensor.min(), -bound)
        }
        // It fills the range (not a narrower one) and is centred.
        XCTAssertGreaterThan(layer.weight.max(), 0.99 * bound)
        XCTAssertLessThan(layer.weight.min(), -0.99 * bound)
        XCTAssertEqual(layer.weight.mean(), 0, accuracy: 0.005)
        // Weights and biases are drawn independently of each other.
        XCTAssertNotEqual(layer.bias!.scalars, Array(layer.weight.scalars.prefix(50)))
    }

    func testInitialisationIsReproducibleWithManualSeed() {
        manualSeed(5)
        let a = Linear<Double>(4, 3)
        manualSeed(5)
        let b = Linear<Double>(4, 3)
        XCTAssertEqual(a.weight, b.weight)
        XCTAssertEqual(a.bias, b.bias)
        let c = Linear<Double>(4, 3)  // the global generator moved on
        XCTAssertNotEqual(a.weight, c.weight)
        manualSeed(6)
        XCTAssertNotEqual(Linear<Double>(4, 3).weight, a.weight)
    }

    func testExplicitGeneratorAndReset() {
        var g1 = RandomGenerator(seed: 3), g2 = RandomGenerator(seed: 3)
        let a = Linear<Double>(6, 2, generator: &g1), b = Linear<Double>(6, 2, generator: &g2)
        XCTAssertEqual(a.weight, b.weight)
        let before = a.weight
        a.reset()
        XCTAssertNotEqual(a.weight, before)
        XCTAssertLessThanOrEqual(a.weight.abs().max(), 1 / 6.0.squareRoot())
        XCTAssertLessThanOrEqual(a.bias!.abs().max(), 1 / 6.0.squareRoot())
    }

    func testParametersAreWeightThenBias() {
        let layer = Linear<Double>(3, 2)
        XCTAssertEqual(layer.parameters().map(\.name), ["weight", "bias"])
        XCTAssertEqual(layer.parameters().map(\.shape), [[2, 3], [2]])
        XCTAssertEqual(layer.parameterCount, 8)
        XCTAssertEqual(layer.parameters()[0].value, layer.weight)
    }

    func testFloatAgreesWithDouble() {
        let double = knownLayer()
        let float = Linear<Float>(3, 2)
        float.weight = Tensor(double.weight)
        float.bias = Tensor(double.bias!)
        let x = uniformInput([4, 3], seed: 9)
        assertClose(Tensor<Double>(float.forward(Tensor(x))), double.forward(x), tolerance: 1e-5)
    }

    func testDescription() {
        XCTAssertEqual(Linear<Double>(3, 2).description, "nn.Linear(3 -> 2)")
        XCTAssertEqual(Linear<Float>(784, 10, bias: false).description, "nn.Linear(784 -> 10) without bias")
    }

    func testWrongInputSizeNamesModuleAndBothSizes() {
        let layer = Linear<Double>(3, 2)
        XCTAssertEqual(trappedMessage { _ = layer.forward(Tensor.zeros(4, 5)) },
                       "nn.Linear(3 -> 2): expected 3 features (input 3 or Nx3), got 4x5")
        XCTAssertEqual(trappedMessage { _ = layer.forward(Tensor.zeros(4)) },
                       "nn.Linear(3 -> 2): expected 3 features (input 3 or Nx3), got 4")
        XCTAssertEqual(trappedMessage { _ = layer.forward(Tensor.zeros(shape: [2, 2, 3])) },
                       "nn.Linear(3 -> 2): expected 3 features (input 3 or Nx3), got 2x2x3")
    }

    func testWrongGradOutputShape() {
        let layer = Linear<Double>(3, 2)
        let x = Tensor<Double>.zeros(4, 3)
        _ = layer.forward(x)
        XCTAssertEqual(trappedMessage { layer.backward(x, Tensor.zeros(4, 3)) },
                       "nn.Linear(3 -> 2): gradOutput 4x3 does not match output 4x2 of the last forward pass")
    }

    func testSettingParametersOfTheWrongShape() {
        let layer = Linear<Double>(3, 2)
        XCTAssertEqual(trappedMessage { layer.weight = Tensor.zeros(3, 2) },
                       "Parameter weight: cannot set value of shape 2x3 to 3x2")
        XCTAssertEqual(trappedMessage { layer.gradBias = Tensor.zeros(3) },
                       "Parameter bias: cannot set grad of shape 2 to 3")
    }

    func testNonPositiveSizes() {
        XCTAssertEqual(trappedMessage { _ = Linear<Double>(0, 2) }, "nn.Linear: sizes must be positive, got 0 -> 2")
    }
}
