internal import CLAPACK
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

    /// OpenBLAS's build description, which names the kernels it runs (e.g. `Haswell`).
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }
}

/// How many callers are inside ``BLAS/withSingleThread(_:)``, and the count the first one found.
private let singleThreadDepth = Mutex<(depth: Int, saved: Int)>((0, 1))
