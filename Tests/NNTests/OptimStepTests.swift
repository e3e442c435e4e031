import XCTest
import NN

/// One or two exact steps of each optimizer against its update formula worked out by hand.
final class OptimStepTests: XCTestCase {
    let x0: [Double] = [1.0, -2.0, 0.5]
    let g1: [Double] = [0.5, 0.25, -1.0]
    let g2: [Double] = [-0.5, 1.0, 2.0]

    func flat() -> FlatParameters<Double> { FlatParameters(Tensor<Double>(x0)) }

    func run<O: Optimizer>(_ o: O, gradients: [[Double]]) -> [Double] where O.Scalar == Double {
        for g in gradients {
            o.parameters.gradients = Tensor(g)
            o.step()
        }
        return o.parameters.values.scalars
    }

    func assertClose(_ a: [Double], _ b: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (u, v) in zip(a, b) { XCTAssertEqual(u, v, accuracy: 1e-12, file: file, line: line) }
    }

    func testPlainSGDWithDecayAndWeightDecay() {
        // lr_t = 0.1 / (1 + t·0.5); d = g + 0.01 x
        var x = x0
        for (t, g) in [g1, g2].enumerated() {
            let lr = 0.1 / (1 + Double(t) * 0.5)
            x = zip(x, g).map { $0 - lr * ($1 + 0.01 * $0) }
        }
        assertClose(run(SGD(flat(), learningRate: 0.1, learningRateDecay: 0.5, weightDecay: 0.01), gradients: [g1, g2]), x)
    }

    func testSGDMomentumUsesTorchDampening() {
        // v1 = g1; v2 = 0.9 v1 + (1 − 0.9) g2 (dampening defaults to momentum, as in Torch7)
        let v1 = g1, v2 = zip(v1, g2).map { 0.9 * $0 + 0.1 * $1 }
        let x1 = zip(x0, v1).map { $0 - 0.1 * $1 }, x2 = zip(x1, v2).map { $0 - 0.1 * $1 }
        assertClose(run(SGD(flat(), learningRate: 0.1, momentum: 0.9), gradients: [g1, g2]), x2)
    }

    func testSGDNesterov() {
        let v1 = g1, v2 = zip(v1, g2).map { 0.9 * $0 + $1 }
        let x1 = (0..<3).map { x0[$0] - 0.1 * (g1[$0] + 0.9 * v1[$0]) }
        let x2 = (0..<3).map { x1[$0] - 0.1 * (g2[$0] + 0.9 * v2[$0]) }
        assertClose(run(SGD(flat(), learningRate: 0.1, momentum: 0.9, dampening: 0, nesterov: true), gradients: [g1, g2]), x2)
    }

    func testAdam() {
        var m = [0.0, 0, 0], v = [0.0, 0, 0], x = x0
        for (i, g) in [g1, g2].enumerated() {
            let t = Double(i + 1)
            m = zip(m, g).map { 0.9 * $0 + 0.1 * $1 }
            v = zip(v, g).map { 0.999 * $0 + 0.001 * $1 * $1 }
            let stepSize = 0.01 * (1 - Foundation.pow(0.999, t)).squareRoot() / (1 - Foundation.pow(0.9, t))
            x = (0..<3).map { x[$0] - stepSize * m[$0] / (v[$0].squareRoot() + 1e-8) }
        }
        assertClose(run(Adam(flat(), learningRate: 0.01), gradients: [g1, g2]), x)
    }

    func testAdaGrad() {
        var s = [0.0, 0, 0], x = x0
        for g in [g1, g2] {
            s = zip(s, g).map { $0 + $1 * $1 }
            x = (0..<3).map { x[$0] - 0.1 * g[$0] / (s[$0].squareRoot() + 1e-10) }
        }
        assertClose(run(AdaGrad(flat(), learningRate: 0.1), gradients: [g1, g2]), x)
    }

    func testRMSProp() {
        var r = [0.0, 0, 0], x = x0
        for g in [g1, g2] {
            r = zip(r, g).map { 0.99 * $0 + 0.01 * $1 * $1 }
            x = (0..<3).map { x[$0] - 0.01 * g[$0] / (r[$0].squareRoot() + 1e-8) }
        }
        assertClose(run(RMSProp(flat(), learningRate: 0.01), gradients: [g1, g2]), x)
    }

    func testNAGHoldsTheLookAheadPoint() {
        var v = [0.0, 0, 0], x = x0
        for g in [g1, g2] {
            let update = g.map { -0.1 * $0 }
            v = zip(v, update).map { 0.9 * $0 + $1 }
            x = (0..<3).map { x[$0] + update[$0] + 0.9 * v[$0] }
        }
        assertClose(run(NAG(flat(), learningRate: 0.1, momentum: 0.9), gradients: [g1, g2]), x)
    }

    func testL1AndL2RegularizationAddToTheGradient() {
        let expected: [Double] = (0..<3).map { i in
            let sign: Double = x0[i] > 0 ? 1 : -1
            let d: Double = g1[i] + 0.2 * x0[i] + 0.3 * sign
            return x0[i] - 0.1 * d
        }
        assertClose(run(SGD(flat(), learningRate: 0.1, weightDecay: 0.2, l1: 0.3), gradients: [g1]), expected)
    }

    func testSchedules() {
        XCTAssertEqual(LearningRateSchedule<Double>.inverseTime(decay: 0.5).rate(base: 1, step: 2), 0.5)
        XCTAssertEqual(LearningRateSchedule<Double>.step(every: 10, factor: 0.5).rate(base: 1, step: 25), 0.25)
        XCTAssertEqual(LearningRateSchedule<Double>.exponential(factor: 0.5).rate(base: 2, step: 3), 0.25)
        XCTAssertEqual(LearningRateSchedule<Double>.constant.rate(base: 2, step: 300), 2)
    }

    func testLBFGSWithoutClosureStops() {
        let o = LBFGS(flat())
        XCTAssertEqual(trappedMessage { o.step() }, "LBFGS: needs a closure that re-evaluates the loss and gradients; call step { ... }")
    }
}
