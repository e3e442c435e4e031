internal import Foundation

/// Wraps a value that is shared with worker threads under a discipline the compiler cannot check
/// (each worker writes a disjoint part of an output buffer).
internal struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped value.
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The number of cores the work is spread over.
internal var activeCores: Int { Swift.max(1, ProcessInfo.processInfo.activeProcessorCount) }

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

/// Splits `0..<count` into one contiguous, non-empty range per core (fewer when `count` is
/// small).
internal func rowChunks(_ count: Int) -> [Range<Int>] {
    let parts = Swift.max(1, Swift.min(count, activeCores))
    return (0..<parts).map { p in (p * count / parts)..<((p + 1) * count / parts) }
}

/// Runs `body` with BLAS limited to one thread (see ``BLAS/withSingleThread(_:)``).
internal func withSingleThreadedBLAS<R>(_ body: () throws -> R) rethrows -> R {
    try BLAS.withSingleThread(body)
}
