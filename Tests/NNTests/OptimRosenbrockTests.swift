import XCTest
import NN

/// Every optimizer must bring Rosenbrock's function from (0, 0) to its minimum (1, 1).
final class OptimRosenbrockTests: XCTestCase {
    /// f(x, y) = (1 − x)² + 100 (y − x²)², writing its gradient into the flat gradient.
    static func rosenbrock(_ p: FlatParameters<Double>) -> Double {
        let x = p.valuePointer[0], y = p.valuePointer[1]
        p.gradPointer[0] = -2 * (1 - x) - 400 * x * (y - x * x)
        p.gradPointer[1] = 200 * (y - x * x)
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
    }

    /// Runs `steps` closure steps and returns the distance from (1, 1).
    func distanceAfter<O: Optimizer>(_ optimizer: O, steps: Int) -> Double where O.Scalar == Double {
        for _ in 0..<steps { optimizer.step { Self.rosenbrock(optimizer.parameters) } }
        let v = optimizer.parameters.values
        return ((v[0] - 1) * (v[0] - 1) + (v[1] - 1) * (v[1] - 1)).squareRoot()
    }

    func start() -> FlatParameters<Double> { FlatParameters(Tensor<Double>([0, 0])) }

    func testSGDWithMomentum() {
        XCTAssertLessThan(distanceAfter(SGD(start(), learningRate: 1e-3, momentum: 0.9, dampening: 0), steps: 5000), 1e-3)
    }

    func testSGDWithNesterov() {
        XCTAssertLessThan(distanceAfter(SGD(start(), learningRate: 1e-3, momentum: 0.9, dampening: 0, nesterov: true), steps: 5000), 1e-3)
    }

    func testAdam() {
        XCTAssertLessThan(distanceAfter(Adam(start(), learningRate: 0.02), steps: 5000), 1e-3)
    }

    func testAdaGrad() {
        XCTAssertLessThan(distanceAfter(AdaGrad(start(), learningRate: 1.0), steps: 20000), 1e-3)
    }

    func testRMSProp() {
        let optimizer = RMSProp(start(), learningRate: 1e-3)
        optimizer.schedule = .exponential(factor: 0.9995)
        XCTAssertLessThan(distanceAfter(optimizer, steps: 10000), 1e-2)
    }

    func testNAG() {
        XCTAssertLessThan(distanceAfter(NAG(start(), learningRate: 1e-3, momentum: 0.9), steps: 5000), 1e-3)
    }

    func testLBFGSWithoutLineSearch() {
        let optimizer = LBFGS(start(), maxIterations: 200)
        XCTAssertLessThan(distanceAfter(optimizer, steps: 5), 1e-4)
    }

    func testLBFGSWithStrongWolfe() {
        let optimizer = LBFGS(start(), maxIterations: 100, lineSearch: .strongWolfe)
        XCTAssertLessThan(distanceAfter(optimizer, steps: 1), 1e-6)
        XCTAssertLessThan(optimizer.stepCount, 60)
    }
}
