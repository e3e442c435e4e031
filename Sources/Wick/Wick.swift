// `import Wick` brings in the whole framework.
@_exported import WickCore
@_exported import NN
@_exported import ClassicalML
@_exported import Datasets
@_exported import Plot
@_exported import Torch7Files

/// The number of threads OpenBLAS uses for one call: `Wick.numThreads = 1`.
public var numThreads: Int {
    get { BLAS.numThreads }
    set { BLAS.numThreads = newValue }
}
