import Foundation

/// Stops the program with `message` when `condition` is false.
///
/// Every misuse that Wick cannot recover from (shapes that do not line up, an index out of range)
/// goes through here, so the message always names the operation and what it was given, and so
/// that ``trappedMessage(_:)`` can observe it in tests.
@inlinable
public func wickPrecondition(_ condition: Bool, _ message: @autoclosure () -> String) {
    if _slowPath(!condition) { wickFatalError(message()) }
}

/// Stops the program with `message`, or, on a thread run by ``trappedMessage(_:)``, reports the
/// message to it and parks the thread so that nothing after the failure runs.
public func wickFatalError(_ message: String) -> Never {
    if let trap = Thread.current.threadDictionary[trapKey] as? TrapBox {
        trap.message = message
        trap.reported.signal()
        while true { trap.never.wait() }  // park: the failing code must not continue
    }
    // What the program printed before the failure reaches a file or a pipe too.
    fflush(nil)  // every output stream (fflush(NULL))
    fatalError(message)
}

private let trapKey = "org.wick.trap"

private final class TrapBox: NSObject, @unchecked Sendable {
    var message: String?
    let reported = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)
    let never = DispatchSemaphore(value: 0)
}

private struct UncheckedBox<T>: @unchecked Sendable { let value: T }

/// Runs `body` on a thread of its own and returns the message of the ``wickFatalError(_:)`` it
/// stops with, or `nil` when it returns normally.
///
/// This is how Wick's tests check its error messages: the real code path runs, and instead of
/// ending the process the failing thread is parked for good. Do not use it in production code;
/// each trapped call leaves one parked thread behind.
public func trappedMessage(_ body: @escaping () -> Void) -> String? {
    let box = TrapBox()
    let work = UncheckedBox(value: body)
    let thread = Thread {
        Thread.current.threadDictionary[trapKey] = box
        work.value()
        box.finished.signal()
    }
    thread.stackSize = 16 << 20
    thread.start()
    // Whichever comes first: a reported failure, or a normal return.
    while true {
        if box.reported.wait(timeout: .now() + .milliseconds(5)) == .success { return box.message }
        if box.finished.wait(timeout: .now() + .milliseconds(5)) == .success { return nil }
    }
}

/// The number of elements of a tensor of shape `shape`, after checking that every size is
/// non-negative and that the product fits in `Int`; otherwise stops with a message naming
/// `operation` and the shape (instead of an arithmetic-overflow trap).
@inlinable
public func elementCount(_ shape: [Int], _ operation: @autoclosure () -> String) -> Int {
    wickPrecondition(shape.allSatisfy { $0 >= 0 }, "\(operation()): negative size in \(formatShape(shape))")
    guard let count = checkedElementCount(shape) else {
        wickFatalError("\(operation()): shape \(formatShape(shape)) has more elements than Int can count")
    }
    return count
}

/// The number of elements of a tensor of shape `shape`, or nil when a size is negative or the
/// product does not fit in `Int`: for readers that turn a bad shape into a thrown error.
@inlinable
public func checkedElementCount(_ shape: [Int]) -> Int? {
    var product = 1
    for size in shape {
        guard size >= 0 else { return nil }
        let (next, overflow) = product.multipliedReportingOverflow(by: size)
        if overflow { return nil }
        product = next
    }
    return product
}
