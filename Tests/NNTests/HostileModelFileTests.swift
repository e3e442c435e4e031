import Foundation
import XCTest
import NN

/// The hostile model files of `../shared/fixtures/hostile/` (see its README): each is a typed
/// error, found before anything sized by the file's claims is built.
final class HostileModelFileTests: XCTestCase {
    private func fixture(_ name: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/fixtures/hostile/\(name)")
        return [UInt8](try Data(contentsOf: url))
    }

    func testAPayloadLengthBeyondIntIsATruncation() throws {
        let bytes = try fixture("model-length-2pow63.wick")
        XCTAssertThrowsError(try ModelSerializer<Float>.decode(bytes)) {
            guard case let .truncated(offset, needed) = $0 as? ModelFileError else { return XCTFail("\($0)") }
            XCTAssertEqual(offset, bytes.count)
            XCTAssertGreaterThan(needed, 1 << 62)
        }
    }

    func testALinearRecordIsCheckedAgainstItsTensorsBeforeTheLayerIsBuilt() throws {
        // Sizes 2^31 x 2^31 and no stored tensor: the missing weight is found, nothing is built.
        let bytes = try fixture("model-linear-huge.wick")
        XCTAssertThrowsError(try ModelSerializer<Float>.decode(bytes)) {
            XCTAssertEqual($0 as? ModelFileError, .corrupted("Linear is missing its tensor 'weight'"))
        }
    }

    func testAReshapeWhoseSizesOverflowIsCorrupted() throws {
        let bytes = try fixture("model-reshape-overflow.wick")
        XCTAssertThrowsError(try ModelSerializer<Float>.decode(bytes)) {
            guard case let .corrupted(what) = $0 as? ModelFileError else { return XCTFail("\($0)") }
            XCTAssertTrue(what.hasPrefix("Reshape has shape"), what)
        }
    }

    /// A hand-made Linear record: sizes 10^6 x 10^6 (a 8 TB weight) with no tensors. Decoding
    /// must find the missing tensor, not build the layer.
    func testLinearSizesWithoutTheirTensorsBuildNothing() throws {
        let record = ModuleRecord<Double>(kind: "Linear", hyperParameters: [
            ("inputSize", .int(1_000_000)), ("outputSize", .int(1_000_000)), ("bias", .bool(true)),
        ])
        XCTAssertThrowsError(try ModuleRegistry.kind(named: "Linear")!.make(from: record)) {
            XCTAssertEqual($0 as? ModelFileError, .corrupted("Linear is missing its tensor 'weight'"))
        }
    }
}
