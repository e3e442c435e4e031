import XCTest
import NN

final class TableCriterionTests: XCTestCase {
    func testMultiCriterionIsTheWeightedSumOfItsCriteria() {
        let x = uniformInput([3, 4], seed: 1), y = uniformInput([3, 4], seed: 2)
        let multi = MultiCriterion<Double, Tensor<Double>>().add(MSECriterion()).add(SmoothL1Criterion(), weight: 0.5)
        let mse = MSECriterion<Double>(), smooth = SmoothL1Criterion<Double>()
        XCTAssertEqual(multi.forward(x, y), mse.forward(x, y) + 0.5 * smooth.forward(x, y), accuracy: 1e-14)
        assertClose(multi.backward(x, y), mse.backward(x, y) + smooth.backward(x, y) * 0.5, tolerance: 1e-15)
        assertCriterionGradientMatches(multi, input: x, target: y)
        multi.sizeAverage = false
        XCTAssertFalse(multi.criteria.contains { $0.criterion.sizeAverage })
        XCTAssertEqual(multi.forward(x, y), MSECriterion(sizeAverage: false).forward(x, y) + 0.5 * SmoothL1Criterion(sizeAverage: false).forward(x, y),
                       accuracy: 1e-12)
        // Class targets too.
        let classes = MultiCriterion<Double, [Int]>().add(CrossEntropyCriterion(), weight: 2)
        XCTAssertEqual(classes.forward(x, [0, 3, 1]), 2 * CrossEntropyCriterion<Double>().forward(x, [0, 3, 1]), accuracy: 1e-14)
        assertCriterionGradientMatches(classes, input: x, target: [0, 3, 1])
    }

    func testParallelCriterionAppliesCriterionIToEntryI() {
        let a = uniformInput([3, 2], seed: 3), b = uniformInput([4], seed: 4)
        let ta = uniformInput([3, 2], seed: 5), tb = uniformInput([4], seed: 6)
        let parallel = ParallelCriterion<Double, Tensor<Double>>().add(MSECriterion(), weight: 0.25).add(AbsCriterion())
        let input = Activation([a, b])
        XCTAssertEqual(parallel.forward(input, [ta, tb]), 0.25 * MSECriterion().forward(a, ta) + AbsCriterion().forward(b, tb), accuracy: 1e-14)
        XCTAssertEqual(parallel.backward(input, [ta, tb]), Activation([MSECriterion().backward(a, ta) * 0.25, AbsCriterion().backward(b, tb)]))
        // Central differences over every entry.
        let h = 1e-6
        let x = flatScalars(input), exact = flatScalars(parallel.backward(input, [ta, tb]))
        for i in x.indices {
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            let numerical = (parallel.forward(filling(input, with: plus), [ta, tb]) - parallel.forward(filling(input, with: minus), [ta, tb])) / (2 * h)
            XCTAssertEqual(numerical, exact[i], accuracy: gradientTolerance)
        }
        // One target for all.
        let repeated = ParallelCriterion<Double, Tensor<Double>>(repeatTarget: true).add(MSECriterion()).add(MSECriterion(), weight: 3)
        XCTAssertEqual(repeated.forward(Activation([a, ta]), [ta]), MSECriterion().forward(a, ta), accuracy: 1e-14)
        XCTAssertEqual(repeated.description, "nn.ParallelCriterion")
    }

    func testWrongTablesStopWithAMessage() {
        let parallel = ParallelCriterion<Double, Tensor<Double>>().add(MSECriterion()).add(MSECriterion())
        XCTAssertEqual(trappedMessage { _ = parallel.forward(.tensor(Tensor.zeros(2)), [Tensor.zeros(2)]) },
                       "nn.ParallelCriterion: expected a table as input, got a tensor 2")
        XCTAssertEqual(trappedMessage { _ = parallel.forward(Activation([Tensor.zeros(2)]), [Tensor.zeros(2)]) },
                       "nn.ParallelCriterion: input a table of 1 {2} has 1 entries for 2 criteria")
        XCTAssertEqual(trappedMessage { _ = parallel.forward(Activation([Tensor.zeros(2), Tensor.zeros(2)]), [Tensor.zeros(2)]) },
                       "nn.ParallelCriterion: 1 targets for 2 criteria")
    }
}
