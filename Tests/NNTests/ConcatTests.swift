import XCTest
import NN

final class ConcatTests: XCTestCase {
    func testJoinsTheOutputsOfOneSample() {
        let concat = Concat<Double> { Identity(); ReLU() }
        XCTAssertEqual(concat.dimension, -1)
        XCTAssertEqual(concat.forward(Tensor([-1, 2])), Tensor([-1, 2, 0, 2]))
    }

    func testJoinsTheFeaturesOfABatch() {
        let concat = Concat<Double> { Identity(); ReLU() }
        XCTAssertEqual(concat.forward(Tensor([[-1, 2], [3, -4]])), Tensor([[-1, 2, 0, 2], [3, -4, 3, 0]]))
    }

    func testBackwardSumsTheChildrensInputGradients() {
        let concat = Concat<Double> { Identity(); ReLU() }
        let x = Tensor<Double>([-1, 2])
        _ = concat.forward(x)
        // Identity gets (1, 2) back, ReLU gets (3, 4) and passes (0, 4).
        XCTAssertEqual(concat.backward(x, Tensor([1, 2, 3, 4])), Tensor([1, 6]))
    }

    func testDimensionZeroStacksAndNegativeDimensionsCountFromTheEnd() {
        let x = Tensor<Double>([[-1, 2], [3, -4]])
        let stacked = Concat<Double>(dimension: 0) { Identity(); ReLU() }.forward(x)
        XCTAssertEqual(stacked, Tensor([[-1, 2], [3, -4], [0, 2], [3, 0]]))
        XCTAssertEqual(Concat<Double>(dimension: -2) { Identity(); ReLU() }.forward(x), stacked)
        XCTAssertEqual(Concat<Double>(dimension: 1) { Identity(); ReLU() }.forward(x),
                       Concat<Double> { Identity(); ReLU() }.forward(x))
    }

    func testAddChainsAndParametersFollowTheChildren() {
        let a = Linear<Double>(3, 2), b = Linear<Double>(3, 4, bias: false)
        let concat = Concat<Double>()
        XCTAssertTrue(concat.add(a).add(b) === concat)
        XCTAssertEqual(concat.parameters().map(\.shape), [[2, 3], [2], [4, 3]])
        XCTAssertEqual(concat.forward(uniformInput([5, 3], seed: 30)).shape, [5, 6])
    }

    func testGradientsMatchFiniteDifferencesOnSampleAndBatch() {
        manualSeed(34)
        let concat = Concat<Double> {
            Linear(4, 3)
            Sequential { Linear(4, 2); Tanh() }
            Identity()
        }
        assertGradientsMatchOnSampleAndBatch(concat, features: 4)
    }

    func testGradientsMatchFiniteDifferencesAlongTheBatchDimension() {
        manualSeed(35)
        let concat = Concat<Double>(dimension: 0) { Linear(3, 2); Sequential { Linear(3, 2); Sigmoid() } }
        assertGradientsMatch(concat, input: uniformInput([3, 3], seed: 31))
    }

    func testDescriptionIsTorchsLayout() {
        let concat = Concat<Double> { Linear(5, 3); Linear(5, 7) }
        XCTAssertEqual(concat.description, """
            nn.Concat {
              input
                |`-> (1): nn.Linear(5 -> 3)
                |`-> (2): nn.Linear(5 -> 7)
                 ... -> output
            }
            """)
    }

    func testMisuseMessagesNameTheContainerOnOneLine() {
        XCTAssertEqual(trappedMessage { _ = Concat<Double>().forward(Tensor.zeros(2)) }, "nn.Concat: has no modules")
        let concat = Concat<Double>(dimension: 1) { Identity(); Tanh() }
        XCTAssertEqual(trappedMessage { _ = concat.forward(Tensor.zeros(3)) },
                       "nn.Concat: dimension 1 out of range for shape 3")
        let x = Tensor<Double>.zeros(2, 3)
        _ = concat.forward(x)
        XCTAssertEqual(trappedMessage { concat.backward(x, Tensor.zeros(2, 3)) },
                       "nn.Concat: gradOutput 2x3 does not match output 2x6 of the last forward pass")
        // A child's own check still names the child.
        let linear = Concat<Double> { Linear(3, 2) }
        XCTAssertEqual(trappedMessage { _ = linear.forward(Tensor.zeros(4)) },
                       "nn.Linear(3 -> 2): expected 3 features (input 3 or Nx3), got 4")
    }
}
