import XCTest

/// Smoke tests: each classical-ML sample runs on small sizes, reaches its result, and writes its
/// plots. Reference numbers quoted from scikit-learn were computed independently with it.
final class ClassicalSampleTests: XCTestCase {
    func testLinearRegressionRecoversTheGeneratingLineAndRidgeShrinksTheSlope() throws {
        let output = temporaryOutput("linear")
        // A line other than the default, so the fit cannot be right by accident.
        let text = try runSample("linear-regression", ["--intercept", "3", "--slope=-1.5", "--count", "40", "--output", output])
        // Standard errors here are about 0.16 (intercept) and 0.03 (slope): allow 3 to 4 of them.
        XCTAssertEqual(try XCTUnwrap(number(after: "fitted intercept:", in: text)), 3, accuracy: 0.5, text)
        XCTAssertEqual(try XCTUnwrap(number(after: "fitted slope:", in: text)), -1.5, accuracy: 0.1, text)
        XCTAssertLessThan(try XCTUnwrap(number(after: "largest difference", in: text)), 1e-10, "normal equations vs SVD")
        let slope = try XCTUnwrap(number(after: "fitted slope:", in: text))
        let ridgeSlopes = text.split(separator: "\n").filter { $0.hasPrefix("λ = ") }.compactMap { number(after: "slope", in: String($0)) }
        XCTAssertEqual(ridgeSlopes.count, 3, text)
        // Each larger λ pulls the slope closer to 0.
        for (smaller, larger) in zip([slope] + ridgeSlopes, ridgeSlopes) {
            XCTAssertLessThan(abs(larger), abs(smaller), text)
        }
        assertSVGs(["fit.svg"], in: output)
    }

    func testPolynomialDegreeTwoBeatsUnderAndOverFitting() throws {
        let output = temporaryOutput("polynomial")
        let text = try runSample("polynomial-regression", ["--output", output])
        XCTAssertEqual(try XCTUnwrap(number(after: "coefficient of 1:", in: text)), 1, accuracy: 0.3, text)
        XCTAssertEqual(try XCTUnwrap(number(after: "coefficient of x:", in: text)), -1, accuracy: 0.15, text)
        XCTAssertEqual(try XCTUnwrap(number(after: "coefficient of x²:", in: text)), 0.5, accuracy: 0.1, text)
        let degree1 = try XCTUnwrap(number(after: "at degree 1:", in: text))
        let degree2 = try XCTUnwrap(number(after: "at degree 2:", in: text))
        let degree15 = try XCTUnwrap(number(after: "at degree 15:", in: text))
        XCTAssertLessThan(degree2, degree1, text)
        XCTAssertLessThan(degree2, degree15, text)
        // The table: the training error of nested least-squares models never goes up with the degree.
        let rows = numericRows(text, columns: 3)
        XCTAssertEqual(rows.map { Int($0[0]) }, Array(1...15), text)
        for (lower, higher) in zip(rows, rows.dropFirst()) {
            XCTAssertLessThanOrEqual(higher[1], lower[1] * (1 + 1e-9), "training error rose at degree \(Int(higher[0]))")
        }
        assertSVGs(["quadratic.svg", "errors.svg", "fits.svg"], in: output)
    }

    func testRidgeCrossValidationPicksALambdaInsideTheGrid() throws {
        let output = temporaryOutput("ridge")
        let text = try runSample("ridge-cross-validation", ["--lambda-count", "13", "--output", output])
        let index = try XCTUnwrap(number(after: "chosen λ: ", in: text) != nil ? number(after: ", index ", in: text) : nil)
        XCTAssertEqual(text.split(separator: "\n").filter { $0.hasPrefix("chosen λ") }.count, 1, "the chosen λ is printed once")
        XCTAssertGreaterThan(index, 0, text)
        XCTAssertLessThan(index, 12, text)
        // The marked row is the one with the lowest mean cross-validation error.
        let rows = numericRows(text, columns: 3)  // λ, CV error, training error
        XCTAssertEqual(rows.count, 13, text)
        let lowest = rows.indices.min { rows[$0][1] < rows[$1][1] }
        XCTAssertEqual(lowest, Int(index), text)
        XCTAssertTrue(text.split(separator: "\n").contains { $0.hasSuffix("<- lowest") && $0.contains(String(format: "%.3g", rows[Int(index)][0])) })
        // The chosen model does better on the held-out points than the most penalised one.
        let chosen = try XCTUnwrap(number(after: "test MSE with the chosen λ:", in: text))
        XCTAssertLessThan(chosen, try XCTUnwrap(number(after: "test MSE with the largest λ:", in: text)), text)
        assertSVGs(["cv-error.svg", "fits.svg"], in: output)
    }

    func testPCAAxesAreOrthonormalAndMatchTheGeneratingCovariance() throws {
        let output = temporaryOutput("pca")
        let text = try runSample("pca", ["--count", "300", "--components", "6", "--output", output])
        XCTAssertLessThan(abs(try XCTUnwrap(number(after: "axis 1 · axis 2 =", in: text))), 1e-12, text)
        XCTAssertEqual(try XCTUnwrap(number(after: "‖axis 1‖ =", in: text)), 1, accuracy: 1e-12, text)
        XCTAssertEqual(try XCTUnwrap(number(after: "‖axis 2‖ =", in: text)), 1, accuracy: 1e-12, text)
        // The covariance [[3, 2], [2, 2]] has its first axis at 37.98° and variances 4.56 and 0.44.
        XCTAssertEqual(try XCTUnwrap(number(after: "angle of axis 1 to the x axis:", in: text)), 37.98, accuracy: 5, text)
        XCTAssertEqual(try XCTUnwrap(number(after: "variance along each axis):", in: text)), 4.56, accuracy: 1.2, text)
        XCTAssertLessThan(try XCTUnwrap(number(after: "from the eigen decomposition", in: text)), 1e-10, text)
        // scikit-learn's PCA on the digits: explained variance ratios 0.1489 and 0.1362.
        let ratios = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("first two components:") })
        let values = ratios.split(separator: ":").last!.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        XCTAssertEqual(values.count, 2, text)
        XCTAssertEqual(values.first ?? 0, 0.1489, accuracy: 1e-4)
        XCTAssertEqual(values.last ?? 0, 0.1362, accuracy: 1e-4)
        XCTAssertLessThan(try XCTUnwrap(number(after: "largest |CCᵀ − I| over the 64 components:", in: text)), 1e-10, text)
        assertSVGs(["axes.svg", "digits-2d.svg", "digits-variance.svg", "components.svg"], in: output)
    }

    func testKNNReaches95PercentAndMatchesScikitLearn() throws {
        let output = temporaryOutput("knn")
        let text = try runSample("knn", ["--ks", "1", "3", "5", "--folds", "3", "--output", output])
        // scikit-learn on the same split: 1-NN 0.9327 (L1) and 0.9461 (L2); 3-NN (L2) 0.9596.
        XCTAssertEqual(try XCTUnwrap(number(after: "L1 distance: test accuracy", in: text)), 0.9327, accuracy: 1e-4, text)
        XCTAssertEqual(try XCTUnwrap(number(after: "L2 distance: test accuracy", in: text)), 0.9461, accuracy: 1e-4, text)
        let three = try XCTUnwrap(number(after: "k = 3, L2: test accuracy", in: text))
        XCTAssertGreaterThanOrEqual(three, 0.95, text)
        XCTAssertEqual(three, 0.9596, accuracy: 1e-4, text)
        let chosenK = try XCTUnwrap(number(after: "chosen by cross-validation: k =", in: text))
        XCTAssertTrue([1, 3, 5].contains(chosenK), text)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(number(after: "test accuracy of the chosen model:", in: text)), 0.93, text)
        // The confusion matrix accounts for every one of the 297 test images.
        let matrix = text.split(separator: "\n").filter { $0.range(of: #"^  \d: "#, options: .regularExpression) != nil }
        XCTAssertEqual(matrix.count, 10, text)
        let total = matrix.flatMap { $0.split(separator: ":")[1].split(separator: " ").compactMap { Int($0) } }.reduce(0, +)
        XCTAssertEqual(total, 297, text)
        assertSVGs(["cross-validation.svg", "confusion.svg", "mistakes.svg"], in: output)
    }

    func testKNNOnFashionMNIST() throws {
        let output = temporaryOutput("knn-fashion")
        let text = try runSample("knn", ["--dataset", "fashion", "--fashion-train", "1000", "--fashion-test", "100", "--output", output])
        XCTAssertTrue(text.contains("fashion: 1000 training and 100 test images of 28x28 pixels, 10 classes"), text)
        for line in ["k = 1, L1 distance: test accuracy", "k = 1, L2 distance: test accuracy", "k = 5, L2 distance: test accuracy"] {
            // 1000 training images already put 1-NN near 0.7 (about 0.85 with all 60000).
            XCTAssertGreaterThan(try XCTUnwrap(number(after: line, in: text)), 0.6, text)
        }
        XCTAssertTrue(text.contains("  Ankle boot"), text)
        assertSVGs(["fashion-confusion.svg"], in: output)
    }

    func testPCAOnFashionMNIST() throws {
        let output = temporaryOutput("pca-fashion")
        let text = try runSample("pca", ["--dataset", "fashion", "--images", "2000", "--components", "4", "--count", "50", "--output", output])
        XCTAssertTrue(text.contains("fashion: 2000 images of 784 pixels"), text)
        XCTAssertLessThan(try XCTUnwrap(number(after: "largest |CCᵀ − I| over the 784 components:", in: text)), 1e-10, text)
        // The first component of clothing images carries a large share (about 29% on the whole set).
        let first = try XCTUnwrap(number(after: "explained variance ratio of the first two components:", in: text))
        XCTAssertEqual(first, 0.29, accuracy: 0.06, text)
        assertSVGs(["fashion-2d.svg", "fashion-variance.svg", "fashion-components.svg"], in: output)
    }

    func testLogisticRegressionBeatsLeastSquaresWithOutliersAndThreeClasses() throws {
        let output = temporaryOutput("logistic")
        let text = try runSample("logistic-regression", ["--output", output])
        for dataset in ["with outliers", "three classes"] {
            let leastSquares = try XCTUnwrap(number(after: "\(dataset), least squares: accuracy", in: text))
            let logistic = try XCTUnwrap(number(after: "\(dataset), logistic regression: accuracy", in: text))
            XCTAssertGreaterThan(logistic, leastSquares, "\(dataset): \(text)")
            XCTAssertGreaterThanOrEqual(logistic, 0.95, "\(dataset): \(text)")
        }
        // Without the outliers both separate the two clusters.
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(number(after: "two clusters, least squares: accuracy", in: text)), 0.95, text)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(number(after: "iris, 4 features, logistic regression: accuracy", in: text)), 0.95, text)
        XCTAssertFalse(text.contains("NOT converged"), text)
        assertSVGs(["binary.svg", "binary-outliers.svg", "three-classes-least-squares.svg", "three-classes-logistic.svg",
                    "iris-least-squares.svg", "iris-logistic.svg"], in: output)
    }
}

/// The table rows of `text`: the lines whose first `columns` fields are all numbers, as numbers.
private func numericRows(_ text: String, columns: Int) -> [[Double]] {
    text.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: " ")
        let values = fields.prefix(columns).compactMap { Double($0) }
        return values.count == columns ? values : nil
    }
}
