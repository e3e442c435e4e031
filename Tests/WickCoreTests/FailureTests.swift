import XCTest
@testable import WickCore

/// `wickPrecondition`, `wickFatalError` and the `trappedMessage` harness the other tests rely on.
final class FailureTests: XCTestCase {
    func testTrappedMessageReportsTheFailure() {
        XCTAssertEqual(trappedMessage { wickFatalError("boom") }, "boom")
        XCTAssertEqual(trappedMessage { wickPrecondition(1 > 2, "op: 1 is not above 2") }, "op: 1 is not above 2")
    }

    func testTrappedMessageIsNilWhenTheBodyReturns() {
        XCTAssertNil(trappedMessage {})
        XCTAssertNil(trappedMessage { wickPrecondition(true, "never shown") })
    }

    func testNothingAfterTheFailureRuns() {
        final class Flag: @unchecked Sendable { var reached = false }
        let flag = Flag()
        XCTAssertEqual(trappedMessage {
            wickPrecondition(false, "stop")
            flag.reached = true
        }, "stop")
        Thread.sleep(forTimeInterval: 0.02)
        XCTAssertFalse(flag.reached)
    }

    func testThePassingMessageIsNeverBuilt() {
        final class Counter: @unchecked Sendable { var calls = 0 }
        let counter = Counter()
        func message() -> String { counter.calls += 1; return "built" }
        wickPrecondition(true, message())
        XCTAssertEqual(counter.calls, 0)
        XCTAssertEqual(trappedMessage { wickPrecondition(false, message()) }, "built")
        XCTAssertEqual(counter.calls, 1)
    }
}
