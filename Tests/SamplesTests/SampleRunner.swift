import Foundation
import XCTest

/// Runs a sample's executable (built next to this test bundle by `swift build --build-tests`)
/// and returns what it printed.
func runSample(_ name: String, _ arguments: [String], environment: [String: String] = [:],
               file: StaticString = #filePath, line: UInt = #line) throws -> String {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var executable = directory.appendingPathComponent(name)
    if !FileManager.default.fileExists(atPath: executable.path) {
        // `swift test` may run the bundle from inside its .xctest folder.
        executable = directory.deletingLastPathComponent().appendingPathComponent(name)
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "\(name) exited with \(process.terminationStatus)", file: file, line: line)
    return String(decoding: data, as: UTF8.self)
}

/// The number after `prefix` on the first line that contains it.
func number(after prefix: String, in text: String) -> Double? {
    for line in text.split(separator: "\n") {
        guard let range = line.range(of: prefix) else { continue }
        let rest = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
        return Double(rest.prefix { "0123456789.-+e".contains($0) })
    }
    return nil
}

/// A fresh folder for a sample's plots.
func temporaryOutput(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("wick-\(name)-\(UUID().uuidString)").path
}

/// Asserts that each file exists under `folder` and holds an SVG document.
func assertSVGs(_ names: [String], in folder: String, file: StaticString = #filePath, line: UInt = #line) {
    for name in names {
        let path = folder + "/" + name
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        XCTAssertTrue(text.contains("<svg") && text.contains("</svg>"), "\(path) is not an SVG document", file: file, line: line)
    }
}
