import XCTest
@testable import WickCore

/// Factory functions: constants, identity, ranges and random tensors.
final class TensorCreationTests: XCTestCase {
    func testConstants() {
        assertTensor(Tensor<Double>.zeros(2, 3), shape: [2, 3], [0, 0, 0, 0, 0, 0])
        assertTensor(Tensor<Float>.zeros(shape: [4]), shape: [4], [0, 0, 0, 0])
        assertTensor(Tensor<Float>.ones(1, 2), shape: [1, 2], [1, 1])
        assertTensor(Tensor<Double>.ones(shape: [2, 1, 2]), shape: [2, 1, 2], [1, 1, 1, 1])
        assertTensor(Tensor<Double>.filled(-2.5, shape: [3]), shape: [3], [-2.5, -2.5, -2.5])
        assertTensor(Tensor<Double>.zeros(0, 4), shape: [0, 4], [])
    }

    func testEye() {
        assertTensor(Tensor<Double>.eye(3), shape: [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1])
        assertTensor(Tensor<Float>.eye(1), shape: [1, 1], [1])
        assertTensor(Tensor<Float>.eye(0), shape: [0, 0], [])
    }

    func testArange() {
        assertTensor(Tensor<Double>.arange(0, 5), shape: [5], [0, 1, 2, 3, 4])
        assertTensor(Tensor<Double>.arange(1, 2, step: 0.25), shape: [4], [1, 1.25, 1.5, 1.75])
        assertTensor(Tensor<Float>.arange(3, 0, step: -1), shape: [3], [3, 2, 1])
        assertTensor(Tensor<Double>.arange(0, 1, step: 0.3), shape: [4], [0, 0.3, 0.6, 0.9], tolerance: 1e-15)
        assertTensor(Tensor<Double>.arange(2, 2), shape: [0], [])
        assertTensor(Tensor<Double>.arange(5, 2), shape: [0], [])
    }

    func testLinspace() {
        assertTensor(Tensor<Double>.linspace(0, 1, count: 5), shape: [5], [0, 0.25, 0.5, 0.75, 1])
        assertTensor(Tensor<Float>.linspace(2, -2, count: 3), shape: [3], [2, 0, -2])
        assertTensor(Tensor<Double>.linspace(4, 9, count: 1), shape: [1], [4])
        assertTensor(Tensor<Double>.linspace(4, 9, count: 0), shape: [0], [])
        // The last element is exactly `end`, even where start + (n - 1) · step would round.
        let t = Tensor<Double>.linspace(0, 0.7, count: 8)
        XCTAssertEqual(t[7], 0.7)
        assertClose(doubles(t), (0..<8).map { Double($0) * 0.1 }, tolerance: 1e-15)
    }

    func testRandomFactoriesAreSeededAndInRange() {
        var g1 = RandomGenerator(seed: 99), g2 = RandomGenerator(seed: 99)
        let u1 = Tensor<Double>.uniform(shape: [50, 4], low: -3, high: 2, generator: &g1)
        let u2 = Tensor<Double>.uniform(shape: [50, 4], low: -3, high: 2, generator: &g2)
        XCTAssertEqual(u1, u2)
        XCTAssertEqual(u1.shape, [50, 4])
        XCTAssertTrue(u1.scalars.allSatisfy { $0 >= -3 && $0 < 2 })
        XCTAssertGreaterThan(Set(u1.scalars).count, 190, "values differ")

        // The tensor is the generator's stream, element by element.
        var g3 = RandomGenerator(seed: 99)
        XCTAssertEqual(u1[0, 0], g3.uniform(-3, 2))
        XCTAssertEqual(u1[0, 1], g3.uniform(-3, 2))

        let n1 = Tensor<Float>.normal(shape: [3, 3], mean: 5, standardDeviation: 0.5, generator: &g1)
        let n2 = Tensor<Float>.normal(shape: [3, 3], mean: 5, standardDeviation: 0.5, generator: &g2)
        XCTAssertEqual(n1, n2)
        XCTAssertEqual(n1.shape, [3, 3])

        let b = Tensor<Double>.bernoulli(shape: [1000], p: 0.3, generator: &g1)
        XCTAssertTrue(b.scalars.allSatisfy { $0 == 0 || $0 == 1 })
        XCTAssertEqual(b.mean(), 0.3, accuracy: 0.05)
        XCTAssertEqual(Tensor<Float>.bernoulli(shape: [20], p: 0, generator: &g1).sum(), 0)
        XCTAssertEqual(Tensor<Float>.bernoulli(shape: [20], p: 1, generator: &g1).sum(), 20)
    }

    func testNormalTensorMoments() {
        var g = RandomGenerator(seed: 5)
        let x = Tensor<Double>.normal(shape: [20_000], mean: -1, standardDeviation: 3, generator: &g)
        let mean = x.mean()
        let variance = (x - mean).pow(2).mean()
        // Standard error of the mean is 3/sqrt(20000) = 0.021; of the variance about 9·sqrt(2/20000) = 0.09.
        XCTAssertEqual(mean, -1, accuracy: 0.09)
        XCTAssertEqual(variance, 9, accuracy: 0.4)
    }

    func testGlobalGeneratorFollowsManualSeed() {
        manualSeed(1234)
        let a = Tensor<Double>.uniform(shape: [4])
        let an = Tensor<Float>.normal(shape: [2, 2])
        manualSeed(1234)
        let b = Tensor<Double>.uniform(shape: [4])
        let bn = Tensor<Float>.normal(shape: [2, 2])
        XCTAssertEqual(a, b)
        XCTAssertEqual(an, bn)
        var explicit = RandomGenerator(seed: 1234)
        XCTAssertEqual(a, Tensor<Double>.uniform(shape: [4], generator: &explicit))
        let c = Tensor<Double>.uniform(shape: [4])
        XCTAssertNotEqual(a, c, "the global stream moves on")
    }

    func testFillUniformInPlace() {
        var t = Tensor<Float>.zeros(10, 10)
        var g = RandomGenerator(seed: 8)
        t.fillUniform(low: 2, high: 3, generator: &g)
        XCTAssertEqual(t.shape, [10, 10])
        XCTAssertTrue(t.scalars.allSatisfy { $0 >= 2 && $0 < 3 })
        XCTAssertEqual(Set(t.scalars).count, 100)
    }

    func testFloatUniformStaysBelowHigh() {
        // Seed 39061301's first draw is 1 − 2.5e-8 (found by searching the reference algorithm):
        // as a Float that rounds to exactly 1, outside [0, 1).
        var probe = RandomGenerator(seed: 39061301)
        XCTAssertEqual(Float(probe.uniform()), 1)
        var g1 = RandomGenerator(seed: 39061301), g2 = RandomGenerator(seed: 39061301)
        let t = Tensor<Float>.uniform(shape: [1], generator: &g1)
        XCTAssertEqual(t[0], Float(1).nextDown)
        var f = Tensor<Float>.zeros(1)
        f.fillUniform(low: 0, high: 1, generator: &g2)
        XCTAssertEqual(f[0], Float(1).nextDown)
        manualSeed(39061301)
        XCTAssertLessThan(Tensor<Float>.uniform(shape: [1])[0], 1)
        // A degenerate range gives its single value.
        var g3 = RandomGenerator(seed: 1)
        XCTAssertEqual(Tensor<Float>.uniform(shape: [3], low: 2, high: 2, generator: &g3).scalars, [2, 2, 2])
    }

    func testMisuseMessages() {
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>.arange(0, 1, step: 0) },
                       "Tensor.arange: step must not be zero")
        XCTAssertEqual(trappedMessage { _ = Tensor<Float>.linspace(0, 1, count: -1) },
                       "Tensor.linspace: count must not be negative, got -1")
    }
}

final class ShapeOverflowTests: XCTestCase {
    func testShapesBeyondIntStopWithAMessage() {
        let huge = [1 << 32, 1 << 32]
        XCTAssertEqual(trappedMessage { _ = Tensor<Float>.zeros(shape: huge) },
                       "Tensor(repeating:shape:): shape 4294967296x4294967296 has more elements than Int can count")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>.uniform(shape: huge) },
                       "Tensor.uniform: shape 4294967296x4294967296 has more elements than Int can count")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>(shape: huge, scalars: []) },
                       "Tensor(shape:scalars:): shape 4294967296x4294967296 has more elements than Int can count")
        XCTAssertEqual(trappedMessage { var t = Tensor<Double>(); t.resize(shape: huge) },
                       "Tensor.resize(shape:): shape 4294967296x4294967296 has more elements than Int can count")
        XCTAssertEqual(trappedMessage { _ = Tensor<Double>([1, 2]).reshaped(to: [-1, 1 << 32, 1 << 32]) },
                       "reshaped: shape 4294967296x4294967296 has more elements than Int can count")
        XCTAssertEqual(elementCount([2, 3, 4], "test"), 24)
        XCTAssertEqual(elementCount([], "test"), 1)
    }
}
