import XCTest
import NN

/// Element-wise modules and criteria at extreme inputs, against values computed in high precision
/// (Python: `math.log1p(math.exp(x))`, `math.exp(x)`, correctly rounded to Double here).
final class ExtremeInputTests: XCTestCase {
    private func relativeError<S: TensorScalar>(_ actual: S, _ exact: Double) -> Double {
        abs(Double(actual) - exact) / abs(exact)
    }

    func testSoftPlusKeepsTinyOutputs() {
        // Float: 4.14e-8 at −17 (was 0), 3.06e-7 at −15 (was 17% high).
        let float = SoftPlus<Float>().forward(Tensor([-17, -15]))
        XCTAssertLessThan(relativeError(float[0], 4.139937633089748e-08), 1e-6)
        XCTAssertLessThan(relativeError(float[1], 3.059022737137205e-07), 1e-6)
        // Double: 4.25e-18 at −40 (was 0).
        let double = SoftPlus<Double>().forward(Tensor([-40]))
        XCTAssertLessThan(relativeError(double[0], 4.248354255291589e-18), 1e-14)
        // Far below, e^x underflows and the output is 0; far above, it is x.
        XCTAssertEqual(SoftPlus<Double>().forward(Tensor([-1000, 1000])), Tensor([0, 1000]))
    }

    func testELUGradientFromTheInput() {
        let elu = ELU<Double>(alpha: 1)
        let x = Tensor<Double>([-40])
        _ = elu.forward(x)
        let g = elu.backward(x, Tensor([1]))
        XCTAssertLessThan(relativeError(g[0], 4.248354255291589e-18), 1e-14)
        // expm1 in the forward pass: small negative inputs keep their digits.
        let y = elu.forward(Tensor([-1e-10]))
        XCTAssertLessThan(relativeError(y[0], -9.999999999500001e-11), 1e-14)
        let floatELU = ELU<Float>(alpha: 2)
        _ = floatELU.forward(Tensor([-30]))
        XCTAssertLessThan(relativeError(floatELU.backward(Tensor([-30]), Tensor([1]))[0], 2 * 9.357622968840175e-14), 1e-6)
    }

    func testBCEAtAPerfectPredictionIsZeroWithAZeroGradient() {
        for (p, y) in [(0.0, 0.0), (1.0, 1.0)] {
            let bce = BCECriterion<Double>()
            let input = Tensor<Double>([p, 0.3]), target = Tensor<Double>([y, 0.3])
            XCTAssertGreaterThanOrEqual(bce.forward(Tensor([p]), Tensor([y])), 0)
            XCTAssertEqual(bce.forward(Tensor([p]), Tensor([y])), 0)
            XCTAssertEqual(bce.backward(Tensor([p]), Tensor([y])), Tensor([0]))
            // Where the prediction equals a soft target the gradient is 0 too (Torch7's formula).
            XCTAssertEqual(bce.backward(input, target), Tensor([0, 0]))
        }
        let float = BCECriterion<Float>()
        XCTAssertEqual(float.forward(Tensor([0, 1]), Tensor([0, 1])), 0)
        XCTAssertEqual(float.backward(Tensor([0, 1]), Tensor([0, 1])), Tensor([0, 0]))
    }

    func testCrossEntropyKeepsTheRelativePrecisionOfASmallLoss() {
        // Logits [40·0.1854 + 3, −(40·0.1854 + 3)], target 0: log1p(e^(x₁ − x₀)) = 8.9696883286035531e-10.
        let a = 40 * 0.1854 + 3
        let double = CrossEntropyCriterion<Double>().forward(Tensor([[a, -a]]), [0])
        XCTAssertLessThan(relativeError(double, 8.969688328603553e-10), 1e-14)
        // In Float, for the Float-rounded logits.
        let float = CrossEntropyCriterion<Float>().forward(Tensor([[Float(a), Float(-a)]]), [0])
        XCTAssertLessThan(relativeError(float, 8.969681759010025e-10), 1e-6)
        // A large loss (target far from the maximum) and a moderate one stay right.
        XCTAssertLessThan(relativeError(CrossEntropyCriterion<Double>().forward(Tensor([[-1, 2, 0.5]]), [0]), 3.241311296657157), 1e-15)
        XCTAssertEqual(CrossEntropyCriterion<Double>().forward(Tensor([[0, 1000]]), [0]), 1000)
    }
}
