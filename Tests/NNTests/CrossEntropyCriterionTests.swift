import XCTest
import NN

final class CrossEntropyCriterionTests: XCTestCase {
    func testLossByHand() {
        let crossEntropy = CrossEntropyCriterion<Double>()
        // Equal logits: −log(1/4).
        XCTAssertEqual(crossEntropy.forward(Tensor([0, 0, 0, 0]), 2), Double.log(4), accuracy: 1e-15)
        // Probabilities 1/6, 2/6, 3/6; the target is class 2 (0-based).
        let x = Tensor<Double>([[0, Double.log(2), Double.log(3)]])
        XCTAssertEqual(crossEntropy.forward(x, [2]), Double.log(2), accuracy: 1e-15)
        // The gradient is softmax − onehot.
        assertClose(crossEntropy.backward(x, [2]), Tensor([[1.0 / 6, 2.0 / 6, -0.5]]), tolerance: 1e-15)
    }

    /// LogSoftMax followed by ClassNLL, the unfused reference.
    private func unfused(_ x: Tensor<Double>, _ t: [Int], _ nll: ClassNLLCriterion<Double>) -> (loss: Double, grad: Tensor<Double>) {
        let logSoftMax = LogSoftMax<Double>()
        let logP = logSoftMax.forward(x)
        let loss = nll.forward(logP, t)
        return (loss, logSoftMax.backward(x, nll.backward(logP, t)))
    }

    func testFusedEqualsLogSoftMaxThenClassNLL() {
        let x = uniformInput([7, 5], seed: 77, low: -4, high: 4), t = [0, 4, 2, 2, 1, 3, 0]
        let weights = uniformInput([5], seed: 78, low: 0.5, high: 2)
        let options: [(Tensor<Double>?, Bool, Int?)] = [(nil, true, nil), (nil, false, nil), (weights, true, nil),
                                                        (weights, false, 2), (nil, true, 0)]
        for (w, sizeAverage, ignore) in options {
            let fused = CrossEntropyCriterion<Double>(weights: w, sizeAverage: sizeAverage, ignoreIndex: ignore)
            let reference = unfused(x, t, ClassNLLCriterion(weights: w, sizeAverage: sizeAverage, ignoreIndex: ignore))
            let label = "weights: \(w != nil), sizeAverage: \(sizeAverage), ignoreIndex: \(String(describing: ignore))"
            XCTAssertEqual(fused.forward(x, t), reference.loss, accuracy: 1e-13, label)
            assertClose(fused.backward(x, t), reference.grad, tolerance: 1e-14, label)
        }
    }

    func testWithoutSizeAverageItIsTheSumOfTheSamples() {
        let x = uniformInput([4, 3], seed: 79), t = [1, 0, 2, 1]
        let mean = CrossEntropyCriterion<Double>().forward(x, t)
        let sum = CrossEntropyCriterion<Double>(sizeAverage: false).forward(x, t)
        XCTAssertEqual(sum, 4 * mean, accuracy: 1e-13)
        let single = (0..<4).map { CrossEntropyCriterion<Double>().forward(x.row($0), t[$0]) }
        XCTAssertEqual(sum, single.reduce(0, +), accuracy: 1e-13)
    }

    func testGradientMatchesFiniteDifferences() {
        let x = uniformInput([6, 4], seed: 80), t = [3, 0, 1, 2, 2, 0]
        let weights = uniformInput([4], seed: 81, low: 0.5, high: 2)
        assertCriterionGradientMatches(CrossEntropyCriterion<Double>(), input: uniformInput([4], seed: 82), target: [1], "sample")
        assertCriterionGradientMatches(CrossEntropyCriterion<Double>(), input: x, target: t, "batch")
        assertCriterionGradientMatches(CrossEntropyCriterion<Double>(weights: weights), input: x, target: t, "weights")
        assertCriterionGradientMatches(CrossEntropyCriterion<Double>(weights: weights, sizeAverage: false), input: x,
                                       target: t, "weights, sum")
        assertCriterionGradientMatches(CrossEntropyCriterion<Double>(ignoreIndex: 2), input: x, target: t, "ignoreIndex")
    }

    func testFiniteForHugeLogitsInDouble() {
        let crossEntropy = CrossEntropyCriterion<Double>()
        let x = Tensor<Double>([[1e4, -1e4, 0], [-1e4, 1e4, 0]])
        // Row 0 misses by 2e4, row 1 is right with certainty.
        XCTAssertEqual(crossEntropy.forward(x, [1, 1]), 1e4)
        XCTAssertEqual(crossEntropy.backward(x, [1, 1]), Tensor([[0.5, -0.5, 0], [0, 0, 0]]))
    }

    func testFiniteForHugeLogitsInFloat() {
        let crossEntropy = CrossEntropyCriterion<Float>()
        let x = Tensor<Float>([[1e4, -1e4, 0], [-1e4, 1e4, 0]])
        XCTAssertEqual(crossEntropy.forward(x, [1, 1]), 1e4)
        let g = crossEntropy.backward(x, [1, 1])
        assertFinite(g)
        XCTAssertEqual(g, Tensor([[0.5, -0.5, 0], [0, 0, 0]]))
        XCTAssertEqual(CrossEntropyCriterion<Float>().forward(Tensor([-1e4, -1e4]), 0), Float.log(2), accuracy: 2e-3)  // one Float ulp at 1e4 is 1e-3
    }

    func testOptionsAreReadable() {
        let crossEntropy = CrossEntropyCriterion<Double>(weights: Tensor([1, 2]), sizeAverage: false, ignoreIndex: 1)
        XCTAssertEqual(crossEntropy.weights, Tensor([1, 2]))
        XCTAssertEqual(crossEntropy.ignoreIndex, 1)
        XCTAssertFalse(crossEntropy.sizeAverage)
        crossEntropy.sizeAverage = true
        XCTAssertTrue(crossEntropy.sizeAverage)
    }

    func testDescription() {
        XCTAssertEqual(CrossEntropyCriterion<Double>().description, "nn.CrossEntropyCriterion")
    }

    func testMessagesNameTheCrossEntropyCriterion() {
        let crossEntropy = CrossEntropyCriterion<Double>()
        XCTAssertEqual(trappedMessage { crossEntropy.forward(Tensor.zeros(2, 5), [0, 5]) },
                       "nn.CrossEntropyCriterion: target 5 out of range for 5 classes (targets are 0-based: 0..<5)")
        XCTAssertEqual(trappedMessage { _ = crossEntropy.backward(Tensor.zeros(2, 5), [-1, 0]) },
                       "nn.CrossEntropyCriterion: target -1 out of range for 5 classes (targets are 0-based: 0..<5)")
        XCTAssertEqual(trappedMessage { crossEntropy.forward(Tensor.zeros(2, 5), [0]) },
                       "nn.CrossEntropyCriterion: input 2x5 has 2 samples but there are 1 targets")
        let weighted = CrossEntropyCriterion<Double>(weights: Tensor([1, 2, 3]))
        XCTAssertEqual(trappedMessage { weighted.forward(Tensor.zeros(2, 5), [0, 1]) },
                       "nn.CrossEntropyCriterion: 3 class weights for 5 classes")
    }
}
