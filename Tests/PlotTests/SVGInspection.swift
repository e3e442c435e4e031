import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import Plot

/// A parsed SVG document, for checking what a plot drew.
struct SVGInspection {
    let document: XMLDocument
    let elements: [XMLElement]

    /// Parses `text` as XML (failing the test when it is not well-formed).
    init(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        document = try XMLDocument(xmlString: text, options: [])
        var all = [XMLElement]()
        func walk(_ node: XMLNode) {
            if let element = node as? XMLElement { all.append(element) }
            for child in node.children ?? [] { walk(child) }
        }
        walk(document.rootElement()!)
        elements = all
        XCTAssertEqual(document.rootElement()?.localName, "svg", file: file, line: line)
    }

    /// The elements named `name` (local name) whose `class` attribute contains every class in `classes`.
    func all(_ name: String, class classes: String...) -> [XMLElement] {
        elements.filter { element in
            guard element.localName == name else { return false }
            let tokens = Set(element["class"].split(separator: " ").map(String.init))
            return classes.allSatisfy(tokens.contains)
        }
    }

    /// The elements of `name` inside the first element `<container class="containerClass">`.
    func descendants(of containerClass: String, named name: String) -> [[XMLElement]] {
        elements.filter { $0["class"].split(separator: " ").contains(Substring(containerClass)) }
            .map { container in
                var found = [XMLElement]()
                func walk(_ node: XMLNode) {
                    for child in node.children ?? [] {
                        if let e = child as? XMLElement { if e.localName == name { found.append(e) }; walk(e) }
                    }
                }
                walk(container)
                return found
            }
    }
}

extension XMLElement {
    /// The attribute's value, or "" when absent. (Looked up by hand: with a default namespace,
    /// swift-corelibs-foundation's `attribute(forName:)` finds nothing.)
    subscript(_ attribute: String) -> String {
        attributes?.first { $0.name == attribute }?.stringValue ?? ""
    }
    /// The attribute's value as a number.
    func number(_ attribute: String) -> Double { Double(self[attribute]) ?? .nan }
    /// The text content.
    var text: String { stringValue ?? "" }
}

/// The `PlotError` that `body` throws, failing the test when it throws nothing or another type.
func plotError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> PlotError? {
    do {
        _ = try body()
        XCTFail("expected a PlotError, nothing was thrown", file: file, line: line)
    } catch let error as PlotError {
        return error
    } catch {
        XCTFail("expected a PlotError, got \(error)", file: file, line: line)
    }
    return nil
}
