import Foundation
import XCTest

/// Docs/Lectures.md shows, for each sample, the command and what it prints: the printed lines
/// must be what the sample prints today, number for number. Round-off residues (numbers below
/// 1e-6 in scientific notation, such as a largest difference of 8.9e-16) differ between debug and
/// release builds and between BLAS kernels, so any two of them match.
final class LecturesDocTests: XCTestCase {
    /// The samples whose documented output comes from a run with the default options and takes
    /// a few seconds at most in a debug build (the training samples' documented numbers come
    /// from release runs of minutes).
    static let checked = ["linear-regression", "polynomial-regression", "ridge-cross-validation", "pca",
                          "logistic-regression", "gradient-check", "xor"]

    /// For each `### Title (`name`)` section: the lines of the first plain code block after its
    /// `sh` block (the documented output), without the `...` lines that stand for omitted rows.
    static func documentedOutputs() throws -> [String: [String]] {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/Lectures.md")
        let lines = try String(contentsOf: docs, encoding: .utf8).components(separatedBy: "\n")
        var outputs: [String: [String]] = [:]
        var sample: String?, inCommand = false, sawCommand = false, block: [String]?
        for line in lines {
            if line.hasPrefix("### "), let open = line.firstIndex(of: "`") {
                let rest = line[line.index(after: open)...]
                sample = rest.firstIndex(of: "`").map { String(rest[..<$0]) }
                sawCommand = false
                continue
            }
            guard let name = sample else { continue }
            if var current = block {
                if line == "```" {
                    outputs[name] = outputs[name] ?? current
                    block = nil
                    sample = nil
                } else {
                    if line.trimmingCharacters(in: .whitespaces) != "..." { current.append(line) }
                    block = current
                }
            } else if line == "```sh" {
                inCommand = true
            } else if inCommand {
                if line == "```" { inCommand = false; sawCommand = true }
            } else if line == "```" && sawCommand {
                block = []
            }
        }
        return outputs
    }

    func testTheDocumentedOutputIsWhatTheSamplesPrint() throws {
        let outputs = try Self.documentedOutputs()
        for name in Self.checked {
            let expected = try XCTUnwrap(outputs[name], "Lectures.md shows no output for \(name)")
            XCTAssertFalse(expected.isEmpty, name)
            let printed = Set(try runSample(name, ["--output", temporaryOutput(name)])
                .split(separator: "\n", omittingEmptySubsequences: false).map { Self.normalised(String($0)) })
            for line in expected where !printed.contains(Self.normalised(line)) {
                XCTFail("Docs/Lectures.md, \(name): \"\(line)\" is not in what the sample prints")
            }
        }
    }
}

extension LecturesDocTests {
    /// The line without trailing spaces, each round-off residue (a number in scientific notation
    /// whose magnitude is below 1e-6) replaced by "(round-off)".
    static func normalised(_ line: String) -> String {
        let pattern = try! NSRegularExpression(pattern: "[-+]?[0-9]+(\\.[0-9]+)?e[-+]?[0-9]+")
        var result = line.trimmingTrailingSpaces
        for match in pattern.matches(in: result, range: NSRange(result.startIndex..., in: result)).reversed() {
            let range = Range(match.range, in: result)!
            if let value = Double(result[range]), abs(value) < 1e-6 { result.replaceSubrange(range, with: "(round-off)") }
        }
        return result
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
