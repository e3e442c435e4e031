import XCTest
import NN

final class SpatialDropoutTests: XCTestCase {
    func testTrainingDropsWholeMapsAndScalesSurvivors() {
        let p = 0.3
        let dropout = SpatialDropout<Double>(p, generator: RandomGenerator(seed: 1))
        let y = dropout.forward(Tensor.ones(shape: [400, 50, 3, 2]))
        XCTAssertEqual(dropout.mask.shape, [400, 50])
        let maps = y.scalars.count / 6
        var dropped = 0
        for m in 0..<maps {
            let plane = y.scalars[(6 * m)..<(6 * m + 6)]
            XCTAssertTrue(plane.allSatisfy { $0 == plane.first! }, "map \(m) is dropped or kept whole")
            XCTAssertTrue(plane.first! == 0 || plane.first! == 1 / (1 - p))
            XCTAssertEqual(plane.first!, dropout.mask.scalars[m])
            if plane.first! == 0 { dropped += 1 }
        }
        // 20 000 draws: the standard deviation of the fraction is 0.0032.
        XCTAssertEqual(Double(dropped) / Double(maps), p, accuracy: 0.015)
        XCTAssertEqual(y.mean(), 1, accuracy: 0.03)
    }

    func testOutputAndGradientAreMaskedAlikeOnBatchesAndImages() {
        let dropout = SpatialDropout<Double>(0.5, generator: RandomGenerator(seed: 2))
        for shape in [[3, 4, 2, 5], [6, 3, 3]] {
            let x = uniformInput(shape, seed: 3), g = uniformInput(shape, seed: 4)
            let y = dropout.forward(x)
            let mask = dropout.mask
            XCTAssertEqual(mask.shape, Array(shape.dropLast(2)))
            XCTAssertTrue(mask.scalars.contains(0) && mask.scalars.contains(2), "\(mask.scalars)")
            let planeSize = shape[shape.count - 1] * shape[shape.count - 2]
            let expanded = Tensor(shape: shape, scalars: mask.scalars.flatMap { Array(repeating: $0, count: planeSize) })
            XCTAssertEqual(y, x * expanded)
            XCTAssertEqual(dropout.backward(x, g), g * expanded)
        }
    }

    func testIdentityInEvaluationOnAnyShapeAndWithZeroProbability() {
        let dropout = SpatialDropout<Double>(0.5, generator: RandomGenerator(seed: 5))
        dropout.evaluate()
        for shape in [[2, 3, 4, 5], [3, 4, 5], [7, 3]] {
            let x = uniformInput(shape, seed: 6), g = uniformInput(shape, seed: 7)
            XCTAssertEqual(dropout.forward(x), x)
            XCTAssertEqual(dropout.backward(x, g), g)
        }
        dropout.training()
        XCTAssertTrue(dropout.forward(uniformInput([4, 8, 2, 2], seed: 8)).scalars.contains(0))
        let never = SpatialDropout<Double>(0, generator: RandomGenerator(seed: 9))
        let x = uniformInput([2, 3, 2, 2], seed: 10)
        XCTAssertEqual(never.forward(x), x)
    }

    func testSameSeedSameMasks() {
        let x = Tensor<Double>.ones(shape: [8, 8, 2, 2])
        let a = SpatialDropout<Double>(0.4, generator: RandomGenerator(seed: 11))
        let b = SpatialDropout<Double>(0.4, generator: RandomGenerator(seed: 11))
        let first = a.forward(x)
        XCTAssertEqual(first, b.forward(x))
        XCTAssertNotEqual(a.forward(x), first, "every forward draws a fresh mask")
        manualSeed(12)
        let c = SpatialDropout<Double>(0.4)
        manualSeed(12)
        XCTAssertEqual(SpatialDropout<Double>(0.4).forward(x), c.forward(x))
    }

    func testDescriptionAndBadInput() {
        XCTAssertEqual(SpatialDropout<Float>().description, "nn.SpatialDropout(0.5)")
        XCTAssertEqual(SpatialDropout<Float>(0.2).description, "nn.SpatialDropout(0.2)")
        let dropout = SpatialDropout<Double>(0.5)
        XCTAssertEqual(trappedMessage { _ = dropout.forward(Tensor.zeros(4, 5)) },
                       "nn.SpatialDropout(0.5): expected CxHxW or NxCxHxW with H >= 1 and W >= 1, got 4x5")
        XCTAssertEqual(trappedMessage { _ = SpatialDropout<Double>(1) }, "nn.SpatialDropout: p must be in [0, 1), got 1.0")
    }
}
