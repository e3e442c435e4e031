internal import CLAPACK
internal import CWickThreads

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
    /// Wick's own two-thread work (a large product or a convolution's images cut in two, see
    /// ``GEMMDispatch``) holds OpenBLAS to one thread the same way, and is counted with these
    /// callers.
    public static func withSingleThread<R>(_ body: () throws -> R) rethrows -> R {
        wick_blas_hold_one_thread()
        defer { wick_blas_release_threads() }
        return try body()
    }

    /// OpenBLAS's build description, which names its version and the kernels it runs, e.g.
    /// `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64`
    /// (`openblas_get_config()`).
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }

    /// The version of the OpenBLAS library running, e.g. `"0.3.21"`, read from ``configuration``
    /// the first time it is asked for; nil when that does not start with `OpenBLAS <version>`.
    /// ``GEMMDispatch/thresholds`` record the version they were tuned with.
    public static let openBLASVersion: String? = version(inConfiguration: configuration)

    /// The second word of `configuration` when the first is `OpenBLAS`.
    static func version(inConfiguration configuration: String) -> String? {
        let words = configuration.split(separator: " ")
        guard words.count >= 2, words[0] == "OpenBLAS" else { return nil }
        return String(words[1])
    }
}
