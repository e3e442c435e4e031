import Foundation
import XCTest

/// The ported Torch7 homework script (`torch7-port`, Docs/Porting.md) on a slice of Fashion-MNIST,
/// and the order of what a training sample writes when its output goes to a file.
final class PortingSampleTests: XCTestCase {
    /// The MLP is fast even in a debug build: two epochs on 2,000 images take a few seconds.
    func testTheTorch7PortTrainsPrintsItsConfusionMatrixAndSaves() throws {
        let output = temporaryOutput("torch7-port")
        let text = try runSample("torch7-port", ["--train-limit", "2000", "--test-limit", "500", "--epochs", "2", "--output", output])
        XCTAssertTrue(text.contains("(1): nn.View(784)"), text)
        XCTAssertTrue(text.contains("epoch 2/2: loss"), text)
        // Far above chance (10%): about 80% here.
        XCTAssertGreaterThan(try XCTUnwrap(number(after: "test accuracy:", in: text)), 0.7, text)
        // Torch7's confusion-matrix layout, with the class names.
        XCTAssertTrue(text.contains("ConfusionMatrix:\n[["), text)
        XCTAssertTrue(text.contains("%  \t[class: Ankle boot]") || text.contains("% \t[class: Ankle boot]"), text)
        let global = try XCTUnwrap(number(after: "+ global correct:", in: text))
        XCTAssertEqual(global / 100, try XCTUnwrap(number(after: "test accuracy:", in: text)), accuracy: 1e-4)
        let mean = try XCTUnwrap(number(after: "training mean", in: text))
        XCTAssertEqual(mean, 72.94, accuracy: 1.5, "the first 2,000 images' mean pixel is near the whole set's")
        for name in ["mlp.wick", "mlp.t7"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output + "/" + name), name)
        }
        assertSVGs(["accuracy.svg"], in: output)
    }

    /// With standard output and standard error going to the same pipe (`> log.txt 2>&1`), each
    /// optimizer's heading comes before its epoch lines and its result after them.
    func testProgressLinesAndResultsInterleaveInOrderInAFile() throws {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var executable = directory.appendingPathComponent("digits-mlp")
        if !FileManager.default.fileExists(atPath: executable.path) {
            executable = directory.deletingLastPathComponent().appendingPathComponent("digits-mlp")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--epochs", "2", "--output", temporaryOutput("digits-order")]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        func position(_ predicate: (String) -> Bool) throws -> Int { try XCTUnwrap(lines.firstIndex(where: predicate), "\(lines)") }
        var previous = -1
        for name in ["SGD", "SGD + momentum", "Adam"] {
            let heading = try position { $0 == name + ":" }
            let epochLines = lines.indices.filter { $0 > heading && lines[$0].hasPrefix("epoch ") }.prefix(2)
            let result = try position { $0.hasPrefix(name + ": final train loss") }
            XCTAssertGreaterThan(heading, previous, "\(lines)")
            XCTAssertEqual(epochLines.count, 2, "\(lines)")
            XCTAssertTrue(epochLines.allSatisfy { $0 < result }, "\(lines)")
            // The epoch's time has a unit that shows it (ms under a second, else s).
            XCTAssertTrue(lines[epochLines.first!].contains(" ms ") || lines[epochLines.first!].contains(" s "), lines[epochLines.first!])
            previous = result
        }
    }
}
