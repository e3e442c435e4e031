import XCTest

/// Smoke tests: each neural-network sample runs on small sizes and reaches its result.
final class NNSampleTests: XCTestCase {
    func testDigitsMLPReaches95PercentAndReloadsIdentically() throws {
        let output = temporaryOutput("digits")
        let text = try runSample("digits-mlp", ["--epochs", "30", "--quiet", "--output", output])
        let accuracy = try XCTUnwrap(number(after: "best test accuracy:", in: text))
        XCTAssertGreaterThanOrEqual(accuracy, 0.95)
        XCTAssertTrue(text.contains("reloaded it: identical predictions"), text)
        assertSVGs(["loss.svg", "accuracy.svg", "confusion.svg", "predictions.svg"], in: output)
    }

    func testXORIsSolvedByTheNetworkButNotTheLinearModel() throws {
        let output = temporaryOutput("xor")
        let text = try runSample("xor", ["--output", output])
        XCTAssertTrue(text.contains("XOR solved"), text)
        XCTAssertGreaterThan(try XCTUnwrap(number(after: "linear model:   loss", in: text)), 0.2)
        assertSVGs(["linear-regions.svg", "network-regions.svg"], in: output)
    }

    func testGradientCheckAgreesTo1eMinus6() throws {
        let output = temporaryOutput("gradient-check")
        let text = try runSample("gradient-check", ["--output", output])
        XCTAssertLessThan(try XCTUnwrap(number(after: "largest difference:", in: text)), 1e-6)
        XCTAssertLessThan(try XCTUnwrap(number(after: "input Jacobian difference:", in: text)), 1e-6)
        assertSVGs(["gradients.svg"], in: output)
    }

    func testPlaygroundLearnsTheCircle() throws {
        let output = temporaryOutput("playground")
        let text = try runSample("playground", ["--dataset", "circle", "--epochs", "150", "--every", "50", "--output", output])
        XCTAssertGreaterThan(try XCTUnwrap(number(after: "test accuracy:", in: text)), 0.9)
        XCTAssertTrue(text.contains("epoch 150: train loss"), text)
        assertSVGs(["regions.svg", "loss.svg"], in: output)
    }

    func testUniversalApproximationFitsTheSine() throws {
        let output = temporaryOutput("ua")
        let text = try runSample("universal-approximation", ["--epochs", "2000", "--output", output])
        XCTAssertLessThan(try XCTUnwrap(number(after: "largest error", in: text)), 0.2)
        let lines = text.split(separator: "\n").filter { $0.contains("sigmoid network") }
        XCTAssertLessThan(try XCTUnwrap(number(after: "largest error", in: String(lines.first ?? ""))), 0.05)
        assertSVGs(["steps-and-bumps.svg", "sine.svg"], in: output)
    }

    func testLearningRateCurvesOrderAsExpected() throws {
        let output = temporaryOutput("lr")
        let text = try runSample("learning-rate", ["--output", output])
        let small = try XCTUnwrap(number(after: "(too small): loss", in: text.replacingOccurrences(of: " -> ", with: " ")))
        let right = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("about right") })
        let rightFinal = try XCTUnwrap(number(after: " -> ", in: String(right)))
        XCTAssertLessThan(rightFinal, 0.2)
        XCTAssertGreaterThan(small, rightFinal)
        // The printed line says what the plot shows: the large rate oscillates, the others do not.
        let large = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("too large") })
        XCTAssertTrue(large.contains("oscillates"), text)
        XCTAssertTrue(right.hasSuffix("falls steadily"), text)
        assertSVGs(["loss.svg"], in: output)
    }

    func testFiltersAreAConvolutionWithHandSetWeightsOnFashionMNISTAndDigits() throws {
        for (arguments, shape) in [(["--image", "3"], "3x28x28"), (["--dataset", "digits", "--image", "5"], "3x8x8")] {
            let output = temporaryOutput("filters")
            let text = try runSample("filters", arguments + ["--output", output])
            XCTAssertTrue(text.contains("nn.SpatialConvolution(1 -> 3, 3x3, 1,1, 1,1) without bias"), text)
            XCTAssertTrue(text.contains("output: \(shape)"), text)
            // The layer (im2col + GEMM) gives what plain loops give, for each of the three kernels.
            let differences = text.split(separator: "\n").compactMap { number(after: "largest difference from a direct convolution", in: String($0)) }
            XCTAssertEqual(differences.count, 3, text)
            XCTAssertTrue(differences.allSatisfy { $0 < 1e-12 }, text)
            assertSVGs(["filters.svg"], in: output)
        }
    }

    func testTorch7ModelTrainsSavesAsT7ReloadsAndRuns() throws {
        let output = temporaryOutput("torch7-model")
        let text = try runSample("torch7-model", ["--epochs", "20", "--output", output])
        XCTAssertTrue(text.contains("reloaded it: identical outputs"), text)
        XCTAssertTrue(text.contains("nn.Sequential {\n  [input -> (1) -> (2) -> (3) -> (4) -> output]"), text)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(number(after: "accuracy", in: text)), 0.9)
    }

    func testTorch7ModelRunsAGivenFileAndInspectsIt() throws {
        let output = temporaryOutput("torch7-model-conv")
        let trained = try runSample("torch7-model", ["--architecture", "conv", "--epochs", "3", "--output", output])
        let accuracy = try XCTUnwrap(number(after: "accuracy", in: trained))
        let file = output + "/digits-conv.t7"
        let loaded = try runSample("torch7-model", [file])
        XCTAssertTrue(loaded.contains("loaded \(file)"), loaded)
        XCTAssertTrue(loaded.contains("(2): nn.SpatialConvolution(1 -> 8, 3x3, 1,1, 1,1)"), loaded)
        XCTAssertEqual(try XCTUnwrap(number(after: "accuracy", in: loaded)), accuracy)
        let tree = try runSample("torch7-model", ["--inspect", file])
        XCTAssertTrue(tree.hasPrefix("nn.Sequential #1 (V 1) {"), tree)
        XCTAssertTrue(tree.contains("nn.SpatialBatchNormalization #"), tree)
        XCTAssertTrue(tree.contains("running_var = torch.FloatTensor #"), tree)
    }

    func testTorch7ModelOnFashionMNIST() throws {
        let output = temporaryOutput("torch7-model-fashion")
        let text = try runSample("torch7-model", ["--dataset", "fashion", "--fashion-train", "2000", "--epochs", "3", "--output", output])
        XCTAssertTrue(text.contains("fashion: 10000 test images"), text)
        XCTAssertGreaterThan(try XCTUnwrap(number(after: "accuracy", in: text)), 0.65)
    }

    /// `fashion-cnn` on a slice of the real data set (its full run is `make demo`), then
    /// `adversarial` on the model it saved.
    func testFashionCNNLearnsFromASliceAndTheFastGradientSignAttackBeatsRandomNoise() throws {
        let output = temporaryOutput("fashion-cnn")
        // Debug builds run the network about 50 times slower than release builds: one epoch on 800
        // images in small batches (about 20 s here) is enough to be far above chance (10%).
        let text = try runSample("fashion-cnn", ["--epochs", "1", "--train-limit", "800", "--test-limit", "200",
                                                 "--batch-size", "16", "--learning-rate", "0.003", "--quiet", "--output", output])
        XCTAssertTrue(text.contains("nn.SpatialConvolution(1 -> "), text)
        XCTAssertTrue(text.contains("Ankle boot"), text)  // the confusion matrix names the classes
        XCTAssertGreaterThan(try XCTUnwrap(number(after: "test accuracy:", in: text)), 0.6)
        XCTAssertTrue(text.contains("reloaded it: identical outputs"), text)
        assertSVGs(["loss.svg", "accuracy.svg", "confusion.svg", "filters.svg", "misclassified.svg"], in: output)

        let attackOutput = temporaryOutput("adversarial")
        let attack = try runSample("adversarial", ["--model", output + "/fashion-cnn.wick", "--test-limit", "100",
                                                   "--epsilons", "0", "0.1", "--output", attackOutput])
        let rows = attack.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }.filter { $0.count == 3 }
        XCTAssertEqual(rows.map { $0[0] }, [0, 0.1], attack)
        guard rows.count == 2 else { return }
        XCTAssertEqual(rows[0][1], rows[0][2], attack)  // ε = 0: both are the clean accuracy
        XCTAssertLessThan(rows[1][1], rows[0][1] - 0.2, attack)  // the attack costs accuracy...
        XCTAssertLessThan(rows[1][1], rows[1][2] - 0.1, attack)  // ...far more than random signs of the same size
        assertSVGs(["accuracy.svg", "examples.svg"], in: attackOutput)
    }

    func testFashionResNetLearnsOnASliceAndReloadsIdentically() throws {
        let output = temporaryOutput("fashion-resnet")
        // A narrow network on a slice, so that the debug build runs it in seconds.
        let text = try runSample("fashion-resnet", ["--train-limit", "1000", "--test-limit", "300", "--epochs", "1", "--batch-size", "16",
                                                     "--width", "4", "--quiet", "--output", output])
        XCTAssertTrue(text.contains("1000 training and 300 test images"), text)
        XCTAssertTrue(text.contains("nn.ConcatTable {") && text.contains("nn.CAddTable"), text)
        XCTAssertGreaterThan(try XCTUnwrap(number(after: "test accuracy:", in: text)), 0.25, "well above chance (0.1)")
        XCTAssertTrue(text.contains("reloaded it: identical outputs"), text)
        assertSVGs(["loss.svg", "accuracy.svg", "confusion.svg"], in: output)
    }
}
