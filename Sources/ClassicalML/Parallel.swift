internal import Foundation
import Synchronization

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

/// How many callers are inside ``withSingleThreadedBLAS(_:)``, and the BLAS thread count the
/// first of them found.
private let blasLimit = Mutex<(depth: Int, saved: Int)>((0, 1))

/// Runs `body` with BLAS limited to one thread, for work that calls BLAS from several threads of
/// its own, and restores the previous thread count when the last such caller leaves.
///
/// The BLAS thread count is process-wide: BLAS calls made elsewhere meanwhile also run on one
/// thread (more slowly, never wrongly).
internal func withSingleThreadedBLAS<R>(_ body: () throws -> R) rethrows -> R {
    blasLimit.withLock { state in
        if state.depth == 0 {
            state.saved = BLAS.numThreads
            if state.saved != 1 { BLAS.numThreads = 1 }
        }
        state.depth += 1
    }
    defer {
        blasLimit.withLock { state in
            state.depth -= 1
            if state.depth == 0 && state.saved != 1 { BLAS.numThreads = state.saved }
        }
    }
    return try body()
}
