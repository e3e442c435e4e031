import XCTest
import NN

final class BCECriterionTests: XCTestCase {
    func testLossAndGradientByHand() {
        let bce = BCECriterion<Double>()
        let x = Tensor<Double>([0.5, 0.8]), y = Tensor<Double>([1, 0])
        // −(log 0.5 + log 0.2) / 2; ε = 1e-12 moves it by about 1e-12.
        XCTAssertEqual(bce.forward(x, y), -(Double.log(0.5) + Double.log(0.2)) / 2, accuracy: 1e-10)
        // −(y − x) / (x (1 − x)) / n
        assertClose(bce.backward(x, y), Tensor([-0.5 / 0.25 / 2, 0.8 / 0.16 / 2]), tolerance: 1e-9)
    }

    func testSoftTargetsAndSum() {
        let bce = BCECriterion<Double>(sizeAverage: false)
        let x = Tensor<Double>([[0.25, 0.5]]), y = Tensor<Double>([[0.5, 0.5]])
        let expected = -(0.5 * Double.log(0.25) + 0.5 * Double.log(0.75)) - Double.log(0.5)
        XCTAssertEqual(bce.forward(x, y), expected, accuracy: 1e-10)
        // At x = y the gradient vanishes.
        XCTAssertEqual(bce.backward(x, y)[0, 1], 0, accuracy: 1e-10)
    }

    func testWeightsOfOneRowApplyToEveryRow() {
        let x = Tensor<Double>([[0.5, 0.8], [0.1, 0.6]]), y = Tensor<Double>([[1, 0], [0, 1]])
        let unweighted = BCECriterion<Double>(sizeAverage: false)
        _ = unweighted.forward(x, y)
        let perElement = [-Double.log(0.5), -Double.log(0.2), -Double.log(0.9), -Double.log(0.6)]
        let weighted = BCECriterion<Double>(weights: Tensor([1, 3]))
        XCTAssertEqual(weighted.forward(x, y), (perElement[0] + 3 * perElement[1] + perElement[2] + 3 * perElement[3]) / 4,
                       accuracy: 1e-10)
        let unweightedGrad = unweighted.backward(x, y)
        assertClose(weighted.backward(x, y), unweightedGrad * Tensor([[1, 3], [1, 3]]) / 4, tolerance: 1e-9)
    }

    func testWeightsOfTheWholeInput() {
        let x = Tensor<Double>([[0.5, 0.8], [0.1, 0.6]]), y = Tensor<Double>([[1, 0], [0, 1]])
        let w = Tensor<Double>([[2, 0], [1, 0.5]])
        let weighted = BCECriterion<Double>(weights: w, sizeAverage: false)
        let expected = 2 * -Double.log(0.5) + -Double.log(0.9) + 0.5 * -Double.log(0.6)
        XCTAssertEqual(weighted.forward(x, y), expected, accuracy: 1e-10)
        XCTAssertEqual(weighted.backward(x, y)[0, 1], 0)
    }

    func testGradientMatchesFiniteDifferences() {
        // Probabilities, as a Sigmoid gives them; targets both hard (0/1) and soft.
        for (shape, seed) in [([5], UInt64(72)), ([4, 3], 73)] {
            let input = uniformInput(shape, seed: seed, low: 0.05, high: 0.95)
            let hard = uniformInput(shape, seed: seed + 1).map { $0 < 0 ? 0 : 1 }
            let soft = uniformInput(shape, seed: seed + 2, low: 0, high: 1)
            for target in [hard, soft] {
                assertCriterionGradientMatches(BCECriterion<Double>(), input: input, target: target)
                assertCriterionGradientMatches(BCECriterion<Double>(sizeAverage: false), input: input, target: target)
                let rowWeights = uniformInput([shape.last!], seed: seed + 3, low: 0.5, high: 2)
                assertCriterionGradientMatches(BCECriterion<Double>(weights: rowWeights), input: input, target: target, "row weights")
                let fullWeights = uniformInput(shape, seed: seed + 4, low: 0.5, high: 2)
                assertCriterionGradientMatches(BCECriterion<Double>(weights: fullWeights), input: input, target: target, "full weights")
            }
        }
    }

    func testFiniteAtProbabilitiesZeroAndOne() {
        let x = Tensor<Double>([0, 1, 0, 1]), y = Tensor<Double>([0, 1, 1, 0])
        let bce = BCECriterion<Double>()
        let loss = bce.forward(x, y)
        XCTAssertTrue(loss.isFinite)
        // Two perfect predictions and two confident mistakes, each costing −log ε ≈ 27.6.
        XCTAssertEqual(loss, -2 * Double.log(1e-12) / 4, accuracy: 1e-3)
        assertFinite(bce.backward(x, y))
        let float = BCECriterion<Float>()
        XCTAssertTrue(float.forward(Tensor([0, 1, 0, 1]), Tensor([0, 1, 1, 0])).isFinite)
        assertFinite(float.backward(Tensor([0, 1, 0, 1]), Tensor([0, 1, 1, 0])))
    }

    func testFiniteAfterASaturatedSigmoid() {
        let logits = Tensor<Double>([[1e4, -1e4], [-1e4, 1e4]]), y = Tensor<Double>([[1, 1], [0, 0]])
        let sigmoid = Sigmoid<Double>(), bce = BCECriterion<Double>()
        let p = sigmoid.forward(logits)
        XCTAssertTrue(bce.forward(p, y).isFinite)
        assertFinite(sigmoid.backward(logits, bce.backward(p, y)))
        let sigmoidF = Sigmoid<Float>(), bceF = BCECriterion<Float>()
        let pF = sigmoidF.forward(Tensor(logits))
        XCTAssertTrue(bceF.forward(pF, Tensor(y)).isFinite)
        assertFinite(sigmoidF.backward(Tensor(logits), bceF.backward(pF, Tensor(y))))
    }

    func testDescription() {
        XCTAssertEqual(BCECriterion<Double>().description, "nn.BCECriterion")
    }

    func testBadShapes() {
        XCTAssertEqual(trappedMessage { BCECriterion<Double>().forward(Tensor.zeros(2, 2), Tensor.zeros(2)) },
                       "nn.BCECriterion: input 2x2 and target 2 do not match")
        let weighted = BCECriterion<Double>(weights: Tensor([1, 2, 3]))
        XCTAssertEqual(trappedMessage { weighted.forward(Tensor.zeros(2, 2), Tensor.zeros(2, 2)) },
                       "nn.BCECriterion: weights 3 fit neither input 2x2 nor one of its rows")
    }
}
