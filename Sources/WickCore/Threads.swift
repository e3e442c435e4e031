internal import CLAPACK
internal import CWickKernels
import Synchronization

/// Controls of the BLAS library underneath Wick.
public enum BLAS {
    /// The number of threads OpenBLAS uses for one call (`openblas_get/set_num_threads`).
    ///
    /// Setting a value below 1 sets 1.
    public static var numThreads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(Swift.max(1, newValue))) }
    }

    /// Runs `body` with OpenBLAS limited to one thread, for work that calls BLAS from several
    /// threads of its own (blocks spread over the cores), and restores the previous count when
    /// the last such caller leaves. Overlapping callers on different threads are counted, so the
    /// count is always restored.
    ///
    /// The thread count is process-wide: BLAS calls made elsewhere meanwhile also run on one
    /// thread (more slowly, never wrongly).
    public static func withSingleThread<R>(_ body: () throws -> R) rethrows -> R {
        singleThreadDepth.withLock { state in
            if state.depth == 0 {
                state.saved = numThreads
                if state.saved != 1 { numThreads = 1 }
            }
            state.depth += 1
        }
        defer {
            singleThreadDepth.withLock { state in
                state.depth -= 1
                if state.depth == 0 && state.saved != 1 { numThreads = state.saved }
            }
        }
        return try body()
    }

    /// Whether Wick shares a mid-sized matrix product (about 0.1 to 1 MFLOP, the products of a
    /// small network's training step) between the calling thread and a helper thread of its own.
    ///
    /// OpenBLAS hands such a product to its thread pool at a cost of several microseconds, or
    /// keeps it on one thread. Wick instead cuts it in two halves that OpenBLAS computes on one
    /// thread each, the caller's and a helper's; the helper waits for the next product by
    /// spinning for up to 50 μs, then sleeps. Within 0.2 s of a product on OpenBLAS's own
    /// threads (which keep polling the cores that long), or while another thread has the helper,
    /// the caller computes both halves itself, so a result never depends on timing. On by
    /// default; it only takes effect while ``numThreads`` is 2 or more. Larger products always go
    /// to OpenBLAS's threads, smaller ones stay on the calling thread. Turning it off can change
    /// the last bits of a `Float` product (OpenBLAS then computes it whole).
    public static var sharesMidSizedProducts: Bool {
        get { wick_gemm_sharing() }
        set { wick_gemm_set_sharing(newValue) }
    }

    /// How many products have been shared with the helper thread so far (see
    /// ``sharesMidSizedProducts``).
    public static var sharedProductCount: Int { Int(wick_gemm_split_count()) }

    /// OpenBLAS's build description, which names the kernels it runs (e.g. `Haswell`).
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }
}

/// How many callers are inside ``BLAS/withSingleThread(_:)``, and the count the first one found.
private let singleThreadDepth = Mutex<(depth: Int, saved: Int)>((0, 1))
