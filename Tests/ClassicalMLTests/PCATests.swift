import XCTest
@testable import ClassicalML

final class PCATests: XCTestCase {
    /// Correlated data: random points stretched by a fixed mixing matrix, then shifted.
    private func correlatedData(samples: Int, seed: UInt64) -> Tensor<Double> {
        let base = randomMatrix(samples, 4, seed: seed)
        let mixing = Tensor<Double>([[3, 0.5, 0, 0.2], [0, 2, 0.3, 0], [0.1, 0, 1, 0.4], [0, 0, 0, 0.3]])
        return matmul(base, mixing) + Tensor([10, -5, 2, 0.5])
    }

    func testComponentsAreEigenvectorsOfTheCovariance() throws {
        let x = correlatedData(samples: 200, seed: 1)
        var pca = PCA<Double>(components: 3)
        try pca.fit(x)
        let covariance = naiveCovariance(x)
        for i in 0..<3 {
            let v = pca.components.row(i)
            let residual = matmul(covariance, v) - pca.explainedVariance[i] * v
            XCTAssertLessThan(residual.norm(), 1e-12, "component \(i)")
        }
        // Orthonormal rows.
        assertClose(matmul(pca.components, pca.components, transposeB: true), Tensor.eye(3), tolerance: 1e-13)
        assertClose(pca.mean, x.mean(alongDimension: 0), tolerance: 1e-12)
    }

    func testAgreesWithTheCovarianceEigenDecomposition() throws {
        let x = correlatedData(samples: 150, seed: 2)
        var pca = PCA<Double>(components: 4)
        try pca.fit(x)
        let reference = try symmetricEigen(naiveCovariance(x))
        for i in 0..<4 {
            let j = 3 - i  // the reference ascends
            XCTAssertEqual(pca.explainedVariance[i], reference.values[j], accuracy: 1e-12)
            let v = reference.vectors.column(j)
            XCTAssertEqual(abs(dot(v, pca.components.row(i))), 1, accuracy: 1e-12, "component \(i) up to sign")
        }
        // All components kept: the ratios cover the whole variance.
        XCTAssertEqual(pca.explainedVarianceRatio.sum(), 1, accuracy: 1e-13)
        let total = (0..<4).reduce(0.0) { $0 + naiveCovariance(x)[$1, $1] }
        XCTAssertEqual(pca.explainedVarianceRatio[0], reference.values[3] / total, accuracy: 1e-13)
        XCTAssertEqual(pca.singularValues[0], (reference.values[3] * 149).squareRoot(), accuracy: 1e-10)
    }

    func testVariancesDescendAndSignsAreDeterministic() throws {
        let x = correlatedData(samples: 120, seed: 3)
        var pca = PCA<Double>(components: 4)
        try pca.fit(x)
        for i in 1..<4 { XCTAssertGreaterThanOrEqual(pca.explainedVariance[i - 1], pca.explainedVariance[i]) }
        for i in 0..<4 {
            let row = pca.components.row(i).scalars
            let largest = row.indices.max { abs(row[$0]) < abs(row[$1]) }!
            XCTAssertGreaterThan(row[largest], 0, "component \(i)")
        }
        // Negating the data flips every eigenvector; the sign rule gives the same components.
        var flipped = PCA<Double>(components: 4)
        try flipped.fit(-x)
        assertClose(flipped.components, pca.components, tolerance: 1e-12)
    }

    func testTransformAndInverseTransform() throws {
        let x = correlatedData(samples: 80, seed: 4)
        var full = PCA<Double>(components: 4)
        let z = try full.fitTransform(x)
        XCTAssertEqual(z.shape, [80, 4])
        // Projected coordinates are uncorrelated with the explained variances on the diagonal.
        var expected = Tensor<Double>.zeros(shape: [4, 4])
        for i in 0..<4 { expected[i, i] = full.explainedVariance[i] }
        assertClose(naiveCovariance(z), expected, tolerance: 1e-11)
        // Keeping every component loses nothing.
        assertClose(try full.inverseTransform(z), x, tolerance: 1e-12)
        // Keeping fewer reconstructs the projection onto their span.
        var two = PCA<Double>(components: 2)
        let reduced = try two.fitTransform(x)
        let restored = try two.inverseTransform(reduced)
        let centred = x - full.mean
        let span = two.components
        let projection = matmul(matmul(centred, span, transposeB: true), span) + full.mean
        assertClose(restored, projection, tolerance: 1e-12)
    }

    func testWhiteningGivesUnitVariance() throws {
        let x = correlatedData(samples: 100, seed: 5)
        var pca = PCA<Double>(components: 3, whiten: true)
        let z = try pca.fitTransform(x)
        assertClose(naiveCovariance(z), Tensor.eye(3), tolerance: 1e-11)
        // Whitening is undone by inverseTransform.
        var plain = PCA<Double>(components: 3)
        let reducedPlain = try plain.fitTransform(x)
        let restoredPlain = try plain.inverseTransform(reducedPlain)
        assertClose(try pca.inverseTransform(z), restoredPlain, tolerance: 1e-11)
    }

    func testFewerSamplesThanFeaturesUsesTheGramMatrixWithTheSameAnswer() throws {
        // 6 samples of 10 features: the covariance route (done by hand here) and the Gram route
        // (taken by PCA) must agree.
        let x = randomMatrix(6, 10, seed: 9)
        var pca = PCA<Double>(components: 5)
        try pca.fit(x)
        let covariance = naiveCovariance(x)
        let reference = try symmetricEigen(covariance)
        for i in 0..<5 {
            XCTAssertEqual(pca.explainedVariance[i], reference.values[9 - i], accuracy: 1e-12)
            XCTAssertEqual(abs(dot(reference.vectors.column(9 - i), pca.components.row(i))), 1, accuracy: 1e-10)
            let v = pca.components.row(i)
            XCTAssertLessThan((matmul(covariance, v) - pca.explainedVariance[i] * v).norm(), 1e-12)
        }
        assertClose(matmul(pca.components, pca.components, transposeB: true), Tensor.eye(5), tolerance: 1e-12)
    }

    func testZeroVarianceComponentsAreCompletedOrthonormally() throws {
        // 4 centred samples span at most 3 directions: the 4th component has no variance.
        let x = randomMatrix(4, 7, seed: 12)
        var pca = PCA<Double>(components: 4)
        try pca.fit(x)
        XCTAssertEqual(pca.explainedVariance[3], 0)
        assertClose(matmul(pca.components, pca.components, transposeB: true), Tensor.eye(4), tolerance: 1e-12)
    }

    func testTooManyComponentsThrows() {
        var pca = PCA<Double>(components: 5)
        let error = thrownError { try pca.fit(randomMatrix(10, 4, seed: 1)) }
        XCTAssertEqual(error, .tooManyComponents(requested: 5, samples: 10, features: 4))
        XCTAssertEqual(error?.description,
                       "PCA.fit: 5 components were asked for but data with 10 samples and 4 features has at most 4.")
    }

    func testFloatAgreesWithDouble() throws {
        let x = correlatedData(samples: 60, seed: 6)
        var double = PCA<Double>(components: 2)
        try double.fit(x)
        var single = PCA<Float>(components: 2)
        try single.fit(Tensor<Float>(x))
        XCTAssertTrue(Tensor<Double>(single.components).isApproximatelyEqual(to: double.components, tolerance: 1e-4))
    }
}
