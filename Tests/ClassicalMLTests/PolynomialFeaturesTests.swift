import XCTest
@testable import ClassicalML

final class PolynomialFeaturesTests: XCTestCase {
    func testDegreeTwoOfTwoFeaturesInScikitLearnOrder() {
        let expansion = PolynomialFeatures(degree: 2)
        XCTAssertEqual(expansion.monomials(features: 2), [[], [0], [1], [0, 0], [0, 1], [1, 1]])
        let x = Tensor<Double>([[2, 3], [-1, 4]])
        // 1, a, b, a², ab, b²
        XCTAssertEqual(expansion.transform(x), Tensor([[1, 2, 3, 4, 6, 9], [1, -1, 4, 1, -4, 16]]))
    }

    func testDegreeThreeMatchesPowers() {
        let expansion = PolynomialFeatures(degree: 3, includeBias: false)
        let x = Tensor<Double>([[2, 3, 5]])
        let powers = expansion.powers(features: 3)
        let expected = powers.map { p in pow(2, Double(p[0])) * pow(3, Double(p[1])) * pow(5, Double(p[2])) }
        XCTAssertEqual(expansion.transform(x), Tensor([expected]))
        // Every monomial of total degree 1...3 in 3 variables, each once: C(3+3, 3) − 1 = 19.
        XCTAssertEqual(powers.count, 19)
        XCTAssertEqual(Set(powers).count, 19)
        XCTAssertTrue(powers.allSatisfy { (1...3).contains($0.reduce(0, +)) })
    }

    func testInteractionOnlySkipsPowers() {
        let expansion = PolynomialFeatures(degree: 2, interactionOnly: true)
        XCTAssertEqual(expansion.monomials(features: 3), [[], [0], [1], [2], [0, 1], [0, 2], [1, 2]])
        XCTAssertEqual(expansion.transform(Tensor<Double>([[2, 3, 5]])), Tensor([[1, 2, 3, 5, 6, 10, 15]]))
    }

    func testDegreeZeroIsTheBiasAlone() {
        XCTAssertEqual(PolynomialFeatures(degree: 0).transform(Tensor<Double>([[7, 8], [9, 1]])), Tensor([[1], [1]]))
        XCTAssertEqual(PolynomialFeatures(degree: 0, includeBias: false).outputFeatureCount(features: 2), 0)
    }

    func testQuadraticFitRecoversCoefficients() throws {
        // y = 1 − 3x + 0.5x², fitted as a linear model on [x, x²].
        let t = Tensor<Double>.linspace(-3, 3, count: 15).reshaped(15, 1)
        let y = Tensor((0..<15).map { 1 - 3 * t[$0, 0] + 0.5 * t[$0, 0] * t[$0, 0] })
        var model = LinearRegression<Double>()
        try model.fit(PolynomialFeatures(degree: 2, includeBias: false).transform(t), y)
        assertClose(model.coefficients, Tensor([-3, 0.5]), tolerance: 1e-12)
        XCTAssertEqual(model.intercept[0], 1, accuracy: 1e-12)
    }
}
