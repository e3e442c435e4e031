import XCTest
import NN

/// Every element-wise module, the soft-max rows, cross-entropy, the one-element criteria (MSE, Abs,
/// SmoothL1, Margin) and binary cross-entropy against exact values
/// (`ElementwiseReference.swift`, from `scripts/elementwise-reference.py` with mpmath) at inputs
/// from −1000 to 1000, in Float and Double, within a stated number of ULPs of the exact value
/// rounded to the scalar type. An exact value below the type's smallest subnormal counts as 0, and
/// an error is measured in units of that smallest subnormal there, so flushing a representable
/// subnormal result to 0 fails.
final class ElementwiseAccuracyTests: XCTestCase {
    /// The largest error allowed, in ULPs, for each function's value and gradient (the measured
    /// worst case over the table is at most these, printed by the test). The piecewise rules are
    /// exact or rounded once (0 or 1 ULP); the transcendental ones go through the vectorised
    /// exponential (within about 2 ULP) or the C library's `tanh`, `log1p`, `expm1`, and one or
    /// two roundings more.
    static let bounds: [String: (value: Double, gradient: Double)] = [
        "tanh": (1, 3), "sigmoid": (2, 3), "softPlus": (2, 2), "elu": (1, 1),
        "relu": (0, 0), "leakyReLU": (1, 1), "hardTanh": (0, 0), "threshold": (0, 0),
        "softMaxFirst": (2, 0), "softMaxSecond": (2, 0), "logSoftMaxFirst": (2, 0), "logSoftMaxSecond": (2, 0),
        "crossEntropy": (3, 2), "mse": (1, 1), "abs": (1, 0), "smoothL1": (1, 1), "margin": (1, 0),
    ]

    /// The error of `actual` from `exact`, in ULPs of the exact value rounded to `S`.
    static func ulpError<S: TensorScalar>(_ actual: S, _ exact: Double) -> Double {
        let rounded = S(exact)
        if actual == rounded { return 0 }
        guard actual.isFinite, rounded.isFinite else { return .infinity }
        let spacing = rounded == 0 ? S.leastNonzeroMagnitude : rounded.ulp
        return Swift.abs(Double(actual) - exact) / Double(spacing)
    }

    private func module<S: TensorScalar>(_ name: String, _: S.Type) -> (any Module<S>)? {
        switch name {
        case "tanh": Tanh<S>()
        case "sigmoid": Sigmoid<S>()
        case "softPlus": SoftPlus<S>()
        case "elu": ELU<S>()
        case "relu": ReLU<S>()
        case "leakyReLU": LeakyReLU<S>()
        case "hardTanh": HardTanh<S>()
        case "threshold": Threshold<S>()
        default: nil
        }
    }

    /// A criterion of one element against its fixed target (0.25; +1 for the margin), as loss and
    /// gradient functions.
    private func oneElementCriterion<S: TensorScalar>(_ name: String, _: S.Type)
        -> (forward: (Tensor<S>) -> S, backward: (Tensor<S>) -> Tensor<S>)? {
        let target = Tensor<S>([name == "margin" ? 1 : 0.25])
        switch name {
        case "mse": let c = MSECriterion<S>(); return ({ c.forward($0, target) }, { c.backward($0, target) })
        case "abs": let c = AbsCriterion<S>(); return ({ c.forward($0, target) }, { c.backward($0, target) })
        case "smoothL1": let c = SmoothL1Criterion<S>(); return ({ c.forward($0, target) }, { c.backward($0, target) })
        case "margin": let c = MarginCriterion<S>(); return ({ c.forward($0, target) }, { c.backward($0, target) })
        default: return nil
        }
    }

    /// The worst (value, gradient) errors of `name` over the table, with the inputs they occur at.
    private func worstErrors<S: TensorScalar>(_ name: String, _: S.Type) -> (value: (Double, Double), gradient: (Double, Double)) {
        let rows = elementwiseReference[name]!
        let x = Tensor<S>(rows.map { S($0.x) })
        var values = [S](), gradients = [S]()
        if let m = module(name, S.self) {
            values = m.forward(x).scalars
            gradients = m.backward(x, Tensor(repeating: 1, shape: x.shape)).scalars
        } else if name.hasPrefix("softMax") || name.hasPrefix("logSoftMax") {
            let pairs = Tensor<S>(shape: [rows.count, 2], scalars: rows.flatMap { [S($0.x), 0] })
            let out = (name.hasPrefix("softMax") ? SoftMax<S>().forward(pairs) : LogSoftMax<S>().forward(pairs)).scalars
            let column = name.hasSuffix("First") ? 0 : 1
            values = (0..<rows.count).map { out[2 * $0 + column] }
        } else if let criterion = oneElementCriterion(name, S.self) {
            for row in rows {
                let input = Tensor<S>([S(row.x)])
                values.append(criterion.forward(input))
                gradients.append(criterion.backward(input)[0])
            }
        } else if name == "crossEntropy" {
            for row in rows {
                let criterion = CrossEntropyCriterion<S>(sizeAverage: false)
                let input = Tensor<S>([[S(row.x), 0]])
                values.append(criterion.forward(input, [0]))
                gradients.append(criterion.backward(input, [0])[0, 0])
            }
        }
        var worstValue = (0.0, 0.0), worstGradient = (0.0, 0.0)
        for (i, row) in rows.enumerated() {
            let e = Self.ulpError(values[i], row.value)
            if e > worstValue.0 { worstValue = (e, row.x) }
            if !gradients.isEmpty, !row.gradient.isNaN {
                let g = Self.ulpError(gradients[i], row.gradient)
                if g > worstGradient.0 { worstGradient = (g, row.x) }
            }
        }
        return (worstValue, worstGradient)
    }

    func testEveryFunctionIsWithinItsBoundInDoubleAndFloat() {
        for name in elementwiseReference.keys.sorted() {
            let bound = Self.bounds[name]!
            for (type, worst) in [("Double", worstErrors(name, Double.self)), ("Float", worstErrors(name, Float.self))] {
                print("\(name) \(type): value \(worst.value.0) ULP at \(worst.value.1), gradient \(worst.gradient.0) ULP at \(worst.gradient.1)")
                XCTAssertLessThanOrEqual(worst.value.0, bound.value, "\(name) in \(type) at x = \(worst.value.1)")
                XCTAssertLessThanOrEqual(worst.gradient.0, bound.gradient, "\(name)'s gradient in \(type) at x = \(worst.gradient.1)")
            }
        }
    }

    func testEveryElementwiseKindIsInTheTable() {
        for kind in ["Tanh", "Sigmoid", "SoftPlus", "ELU", "ReLU", "LeakyReLU", "HardTanh", "Threshold", "SoftMax", "LogSoftMax"] {
            XCTAssertNotNil(ModuleRegistry.kind(named: kind), kind)
        }
        XCTAssertEqual(Set(elementwiseReference.keys), Set(Self.bounds.keys))
    }

    /// Binary cross-entropy at probabilities from 0 to 1 (2⁻⁴⁰ ... 1 − 2⁻²⁰) with targets 0 and 1,
    /// within 2 ULP in value and gradient, in Double and Float.
    func testBCEIsWithinTwoULPOfItsFormula() {
        for (type, worst) in [("Double", worstBCE(Double.self)), ("Float", worstBCE(Float.self))] {
            print("bce \(type): value \(worst.value) ULP, gradient \(worst.gradient) ULP")
            XCTAssertLessThanOrEqual(worst.value, 2, "BCE in \(type)")
            XCTAssertLessThanOrEqual(worst.gradient, 2, "BCE's gradient in \(type)")
        }
    }

    private func worstBCE<S: TensorScalar>(_: S.Type) -> (value: Double, gradient: Double) {
        var worst = (value: 0.0, gradient: 0.0)
        for row in bceReference {
            let bce = BCECriterion<S>(), p = Tensor<S>([S(row.p)]), y = Tensor<S>([S(row.y)])
            worst.value = Swift.max(worst.value, Self.ulpError(bce.forward(p, y), row.value))
            worst.gradient = Swift.max(worst.gradient, Self.ulpError(bce.backward(p, y)[0], row.gradient))
        }
        return worst
    }
}
