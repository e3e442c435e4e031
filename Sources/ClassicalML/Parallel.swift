import Dispatch

/// Wraps a value that is shared with worker threads under a discipline the compiler cannot check
/// (each worker writes a disjoint part of an output buffer).
internal struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped value.
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Calls `body(i)` for every `i` in `0..<count`, spread over the cores, and returns only when
/// every call has finished: nothing started here outlives the call.
///
/// `body` must be safe to run concurrently for different `i`.
internal func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    if count <= 0 { return }
    if count == 1 { body(0); return }
    withoutActuallyEscaping(body) { body in
        let work = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { work.value($0) }
    }
}
