internal import CLAPACK

/// Controls of the BLAS library underneath Wick.
public enum BLAS {
    /// The number of threads OpenBLAS uses for one call (`openblas_get/set_num_threads`).
    ///
    /// Setting a value below 1 sets 1.
    public static var numThreads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(Swift.max(1, newValue))) }
    }

    /// OpenBLAS's build description, which names the kernels it runs (e.g. `Haswell`).
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }
}
