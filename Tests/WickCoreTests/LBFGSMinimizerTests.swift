import XCTest
import WickCore

/// The shared L-BFGS: its three line searches, its limits and stopping reasons, its history
/// across calls, and errors thrown by the objective.
final class LBFGSMinimizerTests: XCTestCase {
    /// Rosenbrock's function `(1 − a)² + 100 (b − a²)²` at `x`, its gradient written into `g`.
    static func rosenbrock(_ x: UnsafePointer<Double>, _ g: UnsafeMutablePointer<Double>) -> Double {
        let a = x[0], b = x[1]
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a)
        g[1] = 200 * (b - a * a)
        return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a)
    }

    /// Runs `body` with buffers for the parameters (holding `start`) and the gradient, and
    /// returns the parameters it leaves.
    func withBuffers<Scalar: TensorScalar>(
        _ start: [Scalar], _ body: (UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>) throws -> Void
    ) rethrows -> [Scalar] {
        let x = UnsafeMutablePointer<Scalar>.allocate(capacity: start.count), g = UnsafeMutablePointer<Scalar>.allocate(capacity: start.count)
        defer { x.deallocate(); g.deallocate() }
        x.initialize(from: start, count: start.count)
        g.initialize(repeating: 0, count: start.count)
        try body(x, g)
        return Array(UnsafeBufferPointer(start: x, count: start.count))
    }

    /// Minimises Rosenbrock's function from (−1.2, 1) with `minimizer`, `calls` times.
    func run(_ minimizer: LBFGSMinimizer<Double>, calls: Int = 1) -> (x: [Double], outcome: LBFGSMinimizer<Double>.Outcome) {
        var outcome: LBFGSMinimizer<Double>.Outcome?
        let x = withBuffers([-1.2, 1.0]) { x, g in
            for _ in 0..<calls {
                outcome = minimizer.minimize(x, gradient: g) { Self.rosenbrock(x, g) }
            }
        }
        return (x, outcome!)
    }

    func distanceFromMinimum(_ x: [Double]) -> Double { ((x[0] - 1) * (x[0] - 1) + (x[1] - 1) * (x[1] - 1)).squareRoot() }

    func testEveryLineSearchReachesRosenbrocksMinimum() {
        for lineSearch: LBFGSMinimizer<Double>.LineSearch in [.none, .backtracking, .strongWolfe] {
            let minimizer = LBFGSMinimizer<Double>(count: 2, maxIterations: 500, maxEvaluations: 5000, lineSearch: lineSearch)
            let (x, outcome) = run(minimizer)
            XCTAssertLessThan(distanceFromMinimum(x), 1e-4, "\(lineSearch): \(outcome)")
            XCTAssertEqual(outcome.initialLoss, 24.2, accuracy: 1e-12)
            XCTAssertLessThan(outcome.loss, 1e-8, "\(lineSearch)")
            XCTAssertEqual(minimizer.iterationCount, outcome.iterations)
            XCTAssertEqual(minimizer.evaluationCount, outcome.evaluations)
            XCTAssertNotEqual(outcome.stop, .iterationLimit, "\(lineSearch)")
        }
    }

    func testBacktrackingStopsAtTheGradientTolerance() {
        let minimizer = LBFGSMinimizer<Double>(count: 2, maxIterations: 500, maxEvaluations: .max, gradientTolerance: 1e-8,
                                               changeTolerance: 0, historySize: 10, lineSearch: .backtracking)
        let (x, outcome) = run(minimizer)
        XCTAssertEqual(outcome.stop, .gradientTolerance)
        var g = [0.0, 0.0]
        _ = Self.rosenbrock(x, &g)
        XCTAssertLessThanOrEqual(g.map(abs).max()!, 1e-8)
    }

    func testIterationLimitAndHistoryAcrossCalls() {
        // Torch7's state carries over: ten calls of 5 iterations go as far as one of 50.
        let once = LBFGSMinimizer<Double>(count: 2, maxIterations: 50, maxEvaluations: 1000, historySize: 5)
        let inParts = LBFGSMinimizer<Double>(count: 2, maxIterations: 5, maxEvaluations: 1000, historySize: 5)
        let whole = run(once)
        let parts = run(inParts, calls: 10)
        XCTAssertEqual(whole.outcome.stop, .iterationLimit)
        XCTAssertEqual(parts.outcome.stop, .iterationLimit)
        XCTAssertEqual(parts.outcome.iterations, 5)
        XCTAssertEqual(inParts.iterationCount, 50)
        // The last iteration of each call takes its fixed step without evaluating it, so the
        // paths differ slightly; both are well on the way.
        XCTAssertLessThan(distanceFromMinimum(parts.x), distanceFromMinimum([-1.2, 1]) / 2)
        XCTAssertLessThan(distanceFromMinimum(whole.x), distanceFromMinimum([-1.2, 1]) / 2)
    }

    func testEvaluationLimit() {
        let minimizer = LBFGSMinimizer<Double>(count: 2, maxIterations: 100, maxEvaluations: 7, lineSearch: .strongWolfe)
        let (_, outcome) = run(minimizer)
        XCTAssertEqual(outcome.stop, .evaluationLimit)
        XCTAssertGreaterThanOrEqual(outcome.evaluations, 7)
    }

    func testStartingAtTheMinimumEvaluatesOnce() {
        let minimizer = LBFGSMinimizer<Double>(count: 1, maxIterations: 10)
        var outcome: LBFGSMinimizer<Double>.Outcome?
        let x = withBuffers([3.0]) { x, g in
            outcome = minimizer.minimize(x, gradient: g) {
                g[0] = 2 * (x[0] - 3)
                return (x[0] - 3) * (x[0] - 3)
            }
        }
        XCTAssertEqual(x, [3])
        XCTAssertEqual(outcome?.stop, .gradientTolerance)
        XCTAssertEqual(outcome?.iterations, 0)
        XCTAssertEqual(outcome?.evaluations, 1)
        XCTAssertEqual(outcome?.loss, 0)
    }

    func testNoIterationsAllowed() {
        let minimizer = LBFGSMinimizer<Double>(count: 2, maxIterations: 0)
        let (x, outcome) = run(minimizer)
        XCTAssertEqual(x, [-1.2, 1])
        XCTAssertEqual(outcome.stop, .iterationLimit)
        XCTAssertEqual(outcome.evaluations, 1)
    }

    func testBacktrackingRestoresThePointWhenNothingLowersTheLoss() {
        // A loss that reports a descent slope but rises along it: every trial step fails.
        let minimizer = LBFGSMinimizer<Double>(count: 1, maxIterations: 10, changeTolerance: 0, lineSearch: .backtracking)
        var outcome: LBFGSMinimizer<Double>.Outcome?, gradient: Double = 0
        let x = withBuffers([0.0]) { x, g in
            outcome = minimizer.minimize(x, gradient: g) {
                g[0] = x[0] == 0 ? 1 : 2
                return x[0] == 0 ? 0 : 1
            }
            gradient = g[0]
        }
        XCTAssertEqual(outcome?.stop, .noDecrease)
        XCTAssertEqual(outcome?.loss, 0)
        XCTAssertEqual(outcome?.iterations, 1)
        XCTAssertEqual(outcome?.evaluations, 61)
        XCTAssertEqual(x, [0])
        XCTAssertEqual(gradient, 1)
    }

    func testErrorsOfTheObjectivePropagate() {
        struct Stop: Error {}
        let minimizer = LBFGSMinimizer<Double>(count: 2, maxIterations: 100)
        var calls = 0
        XCTAssertThrowsError(try withBuffers([-1.2, 1.0]) { x, g in
            try minimizer.minimize(x, gradient: g) {
                calls += 1
                if calls == 3 { throw Stop() }
                return Self.rosenbrock(x, g)
            }
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(calls, 3)
    }

    func testFloat() {
        let minimizer = LBFGSMinimizer<Float>(count: 2, maxIterations: 100, lineSearch: .strongWolfe)
        let x = withBuffers([Float(-1.2), 1]) { x, g in
            minimizer.minimize(x, gradient: g) {
                let a = x[0], b = x[1]
                g[0] = -2 * (1 - a) - 400 * a * (b - a * a)
                g[1] = 200 * (b - a * a)
                return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a)
            }
        }
        XCTAssertEqual(x[0], 1, accuracy: 1e-3)
        XCTAssertEqual(x[1], 1, accuracy: 1e-3)
    }

    func testRejectsAnEmptyHistory() {
        XCTAssertEqual(trappedMessage { _ = LBFGSMinimizer<Double>(count: 2, historySize: 0) },
                       "LBFGSMinimizer: historySize must be at least 1, got 0")
    }
}
