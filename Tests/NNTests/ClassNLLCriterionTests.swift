import XCTest
import NN

final class ClassNLLCriterionTests: XCTestCase {
    private let logProbabilities = Tensor<Double>([[-1, -2, -3], [-0.5, -1.5, -2.5]])

    func testNegatedLogProbabilityOfTheTargetClassByHand() {
        let nll = ClassNLLCriterion<Double>()
        // Targets are 0-based: class 2 is the third column, class 0 the first.
        XCTAssertEqual(nll.forward(logProbabilities, [2, 0]), (3 + 0.5) / 2)
        XCTAssertEqual(nll.backward(logProbabilities, [2, 0]), Tensor([[0, 0, -0.5], [-0.5, 0, 0]]))
    }

    func testOneSampleWithAnIntTarget() {
        let nll = ClassNLLCriterion<Double>()
        XCTAssertEqual(nll.forward(Tensor([-1, -2, -3]), 1), 2)
        XCTAssertEqual(nll.backward(Tensor([-1, -2, -3]), 1), Tensor([0, -1, 0]))
        XCTAssertEqual(nll.forward(Tensor([-1, -2, -3]), [0]), 1)
    }

    func testWithoutSizeAverageItIsTheSum() {
        let nll = ClassNLLCriterion<Double>(sizeAverage: false)
        XCTAssertEqual(nll.forward(logProbabilities, [2, 0]), 3.5)
        XCTAssertEqual(nll.backward(logProbabilities, [2, 0]), Tensor([[0, 0, -1], [-1, 0, 0]]))
    }

    func testClassWeightsNormaliseByTheTotalWeight() {
        let nll = ClassNLLCriterion<Double>(weights: Tensor([1, 2, 3]))
        // (3·3 + 1·0.5) / (3 + 1)
        XCTAssertEqual(nll.forward(logProbabilities, [2, 0]), 9.5 / 4)
        XCTAssertEqual(nll.backward(logProbabilities, [2, 0]), Tensor([[0, 0, -0.75], [-0.25, 0, 0]]))
        let sum = ClassNLLCriterion<Double>(weights: Tensor([1, 2, 3]), sizeAverage: false)
        XCTAssertEqual(sum.forward(logProbabilities, [2, 0]), 9.5)
    }

    func testIgnoredTargetsContributeNothing() {
        let nll = ClassNLLCriterion<Double>(ignoreIndex: 0)
        XCTAssertEqual(nll.forward(logProbabilities, [2, 0]), 3)
        XCTAssertEqual(nll.backward(logProbabilities, [2, 0]), Tensor([[0, 0, -1], [0, 0, 0]]))
        // An ignore index outside the classes (PyTorch's −100) only skips those samples.
        let outside = ClassNLLCriterion<Double>(ignoreIndex: -100)
        XCTAssertEqual(outside.forward(logProbabilities, [-100, 1]), 1.5)
        XCTAssertEqual(outside.forward(logProbabilities, [-100, -100]), 0)
        XCTAssertEqual(outside.backward(logProbabilities, [-100, -100]), Tensor.zeros(2, 3))
    }

    func testGradientMatchesFiniteDifferences() {
        let input = uniformInput([6, 4], seed: 74), targets = [0, 3, 1, 1, 2, 3]
        let weights = uniformInput([4], seed: 75, low: 0.5, high: 2)
        assertCriterionGradientMatches(ClassNLLCriterion<Double>(), input: input, target: targets)
        assertCriterionGradientMatches(ClassNLLCriterion<Double>(), input: uniformInput([4], seed: 76), target: [2], "sample")
        assertCriterionGradientMatches(ClassNLLCriterion<Double>(weights: weights), input: input, target: targets, "weights")
        assertCriterionGradientMatches(ClassNLLCriterion<Double>(weights: weights, sizeAverage: false), input: input,
                                       target: targets, "weights, sum")
        assertCriterionGradientMatches(ClassNLLCriterion<Double>(weights: weights, ignoreIndex: 1), input: input,
                                       target: targets, "weights, ignoreIndex")
    }

    func testDescription() {
        XCTAssertEqual(ClassNLLCriterion<Double>().description, "nn.ClassNLLCriterion")
    }

    func testClassIndexOutOfRange() {
        let nll = ClassNLLCriterion<Double>()
        XCTAssertEqual(trappedMessage { nll.forward(self.logProbabilities, [3, 0]) },
                       "nn.ClassNLLCriterion: target 3 out of range for 3 classes (targets are 0-based: 0..<3)")
        XCTAssertEqual(trappedMessage { _ = nll.backward(Tensor([-1, -2]), -1) },
                       "nn.ClassNLLCriterion: target -1 out of range for 2 classes (targets are 0-based: 0..<2)")
    }

    func testWrongNumberOfTargets() {
        let nll = ClassNLLCriterion<Double>()
        XCTAssertEqual(trappedMessage { nll.forward(self.logProbabilities, [0, 1, 2]) },
                       "nn.ClassNLLCriterion: input 2x3 has 2 samples but there are 3 targets")
        XCTAssertEqual(trappedMessage { _ = nll.backward(Tensor([-1, -2]), [0, 1]) },
                       "nn.ClassNLLCriterion: input 2 has 1 samples but there are 2 targets")
    }

    func testBadInputShapeAndWeights() {
        XCTAssertEqual(trappedMessage { ClassNLLCriterion<Double>().forward(Tensor.zeros(shape: [2, 2, 2]), [0, 1]) },
                       "nn.ClassNLLCriterion: expected scores for one sample (classes) or a batch (N x classes), got 2x2x2")
        let weighted = ClassNLLCriterion<Double>(weights: Tensor([1, 1]))
        XCTAssertEqual(trappedMessage { weighted.forward(self.logProbabilities, [0, 1]) },
                       "nn.ClassNLLCriterion: 2 class weights for 3 classes")
    }
}
