internal import CWickThreads

// The one front end of Wick's matrix products: `Tensor.matmul`, NN's layers and ClassicalML's
// searches all call `gemm`, which picks one of four ways by the product's size (see
// `GEMMDispatch`, and Docs/Design.md, "Matrix products: one front end, four tiers").

/// How Wick computes a matrix product `C ← alpha·op(A)·op(B) + beta·C` of `m·n·k` multiply-adds:
/// the choice that ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:thresholds:)``
/// makes, with the one table of sizes it makes it by (``thresholds``).
///
/// - **Loops** (up to ``Thresholds/loopsMaximum``): plain Swift loops, since a BLAS call costs a
///   fixed fraction of a microsecond, more than the arithmetic at these sizes (a batch of one
///   through a small layer).
/// - **Two threads** (from ``Thresholds/twoThreadsMinimum``, while each half stays at most
///   ``Thresholds/openBLASSingleThreadMaximum``): the product is cut in two halves, one computed
///   by the caller and one by Wick's helper thread, each by OpenBLAS on the thread that calls it
///   (see ``BLAS/usesHelperThread``). Only with the helper on and OpenBLAS on 2 or more threads.
/// - **Two threads, large** (halves above ``Thresholds/openBLASSingleThreadMaximum``, while
///   OpenBLAS has exactly 2 threads): the same two halves, with OpenBLAS held to one thread while
///   they run, so that each half stays on its thread. On 2 cores the caller and the helper then
///   take the place of OpenBLAS's pool, whose idle thread polls the cores for about 0.1 s after
///   each product and kept the helper from sharing anything else meanwhile (the layers' loops,
///   the batches of a convolution).
/// - **OpenBLAS** (everything else): one `cblas_sgemm`/`cblas_dgemm` call. Above
///   ``Thresholds/openBLASSingleThreadMaximum`` OpenBLAS runs it on its own thread pool; the
///   helper thread then steps aside (it sleeps, and nothing is shared for
///   ``BLAS/helperQuietMicroseconds`` afterwards).
public enum GEMMDispatch {
    /// The sizes, in multiply-adds `m·n·k` (and sides), at which a product moves from one tier
    /// to the next. The sizes of the two-thread tier follow from OpenBLAS's own threading
    /// threshold, which depends on its version: ``openBLAS0_3_21`` is the table for the version
    /// Wick was tuned with; ``BLAS/openBLASVersion`` is the version running. With another version
    /// every tier still computes the same product (tests force each tier on every shape with
    /// tables of their own); only the speed can suffer. Docs/Design.md says how to retune.
    public struct Thresholds: Sendable, Equatable {
        /// Products of at most this many multiply-adds run as plain loops (unless both operands
        /// are transposed). 4096 in the tuned table: a 64-wide layer on one sample (64·64·1) is
        /// below it, the 64-128-10 network's products on a batch of 64 (from 40960) above.
        public var loopsMaximum: Int
        /// Products of at least this many multiply-adds are worth cutting in two for the helper
        /// thread: below it the hand-over (a few cache-line round trips between the cores, about
        /// 0.3-0.5 μs) costs more than half the product saves. 65536 in the tuned table.
        public var twoThreadsMinimum: Int
        /// The smallest inner dimension `k` of a product cut in two (8 in the tuned table: the
        /// input gradient of a 10-wide layer, 64x128x10, gains from it).
        public var twoThreadsMinimumInner: Int
        /// A product is cut along the rows of C when it has at least this many, else along its
        /// columns when they are this many; otherwise it is not cut (16 in the tuned table).
        /// Row halves keep each thread's part of C contiguous, which was faster than column
        /// halves (Docs/Benchmarks.md).
        public var twoThreadsMinimumSide: Int
        /// The largest product OpenBLAS computes on the calling thread alone: above it OpenBLAS
        /// hands the product to its thread pool. Each half of a shared product must be at most
        /// this. In OpenBLAS 0.3.21 (`interface/gemm.c`) a product runs on one thread when
        /// `m·n·k <= 65536 · GEMM_MULTITHREAD_THRESHOLD` (4 by default): 262144.
        public var openBLASSingleThreadMaximum: Int
        /// The OpenBLAS version these sizes were measured with, as ``BLAS/openBLASVersion``
        /// reports it (e.g. `"0.3.21"`).
        public var openBLASVersion: String

        /// A table of thresholds; see each property for its meaning.
        @inlinable
        public init(loopsMaximum: Int, twoThreadsMinimum: Int, twoThreadsMinimumInner: Int, twoThreadsMinimumSide: Int,
                    openBLASSingleThreadMaximum: Int, openBLASVersion: String) {
            self.loopsMaximum = loopsMaximum
            self.twoThreadsMinimum = twoThreadsMinimum
            self.twoThreadsMinimumInner = twoThreadsMinimumInner
            self.twoThreadsMinimumSide = twoThreadsMinimumSide
            self.openBLASSingleThreadMaximum = openBLASSingleThreadMaximum
            self.openBLASVersion = openBLASVersion
        }

        /// The table tuned with Debian's OpenBLAS 0.3.21 (pthreads, `DYNAMIC_ARCH`, Haswell
        /// kernels) on 2 cores; the figures behind it are in Docs/Benchmarks.md.
        @inlinable
        public static var openBLAS0_3_21: Thresholds {
            Thresholds(loopsMaximum: 4096, twoThreadsMinimum: 65536, twoThreadsMinimumInner: 8, twoThreadsMinimumSide: 16,
                       openBLASSingleThreadMaximum: 262144, openBLASVersion: "0.3.21")
        }
    }

    /// The table every product is dispatched by: ``Thresholds/openBLAS0_3_21``.
    ///
    /// A constant, which the compiler folds into each caller: reading a settable table on every
    /// product (a call into WickCore for the variable's address) made a 2-16-1 training step,
    /// six tiny products, 3-4% slower. To retune, change this line (Docs/Design.md); to try a
    /// table on one product, pass it to ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:thresholds:)``.
    @inlinable
    public static var thresholds: Thresholds { .openBLAS0_3_21 }

    /// Whether ``thresholds`` were measured with the OpenBLAS version that is running (read from
    /// `openblas_get_config()` the first time it is asked for). When not, products are still
    /// right, but the two-thread tier may hand OpenBLAS halves it runs on its own pool, or miss
    /// products that would gain.
    public static var thresholdsMatchOpenBLAS: Bool { BLAS.openBLASVersion == thresholds.openBLASVersion }

    /// One of the ways of computing a product (see ``GEMMDispatch``).
    public enum Route: Equatable, Sendable {
        /// Plain loops on the calling thread.
        case loops
        /// Two halves, cut at row `cut` of C (`alongRows`) or at its column `cut`, the second for
        /// the helper thread.
        case twoThreads(alongRows: Bool, cut: Int)
        /// Two halves as ``twoThreads(alongRows:cut:)``, too large for OpenBLAS to keep on one
        /// thread on its own: OpenBLAS is held to one thread while they run.
        case twoLargeHalves(alongRows: Bool, cut: Int)
        /// One OpenBLAS call that OpenBLAS runs on the calling thread.
        case openBLAS
        /// One OpenBLAS call that OpenBLAS runs on its own threads: the helper steps aside.
        case openBLASThreads
    }

    /// The way a product of `m x k` times `k x n` (after transposition) is computed, by `table`
    /// (``thresholds`` unless given), the helper setting and OpenBLAS's thread count. `m`, `n` and
    /// `k` are positive.
    @inlinable
    public static func route(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool,
                             thresholds table: Thresholds = thresholds) -> Route {
        if runsAsLoops(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, thresholds: table) { return .loops }
        return routeToBLAS(m: m, n: n, k: k, twoThreadsMinimum: table.twoThreadsMinimum,
                           twoThreadsMinimumInner: table.twoThreadsMinimumInner,
                           twoThreadsMinimumSide: table.twoThreadsMinimumSide,
                           openBLASSingleThreadMaximum: table.openBLASSingleThreadMaximum)
    }

    /// Whether ``route(m:n:k:transposeA:transposeB:thresholds:)`` is ``Route/loops``: the test
    /// on its own, for the front end's inlined fast path.
    @inlinable
    static func runsAsLoops(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, thresholds table: Thresholds) -> Bool {
        m * n * k <= table.loopsMaximum && !(transposeA && transposeB)
    }

    /// ``route(m:n:k:transposeA:transposeB:thresholds:)`` for a product that does not run as
    /// loops, with the table's other sizes.
    @usableFromInline
    static func routeToBLAS(m: Int, n: Int, k: Int, twoThreadsMinimum: Int, twoThreadsMinimumInner: Int,
                            twoThreadsMinimumSide: Int, openBLASSingleThreadMaximum singleThreadMaximum: Int) -> Route {
        let mnk = m * n * k
        guard BLAS.numThreads >= 2 else { return .openBLAS }
        if BLAS.usesHelperThread && k >= twoThreadsMinimumInner && mnk >= twoThreadsMinimum {
            let side = Swift.max(twoThreadsMinimumSide, 2)
            let alongRows = m >= side
            if alongRows || n >= side {
                let size = alongRows ? m : n, rest = mnk / size
                let cut = cutPoint(size)
                if cut * rest <= singleThreadMaximum && (size - cut) * rest <= singleThreadMaximum {
                    return .twoThreads(alongRows: alongRows, cut: cut)
                }
                if BLAS.numThreads == 2 { return .twoLargeHalves(alongRows: alongRows, cut: cut) }
            }
        }
        return mnk > singleThreadMaximum ? .openBLASThreads : .openBLAS
    }

    /// Where to cut `size` (2 or more) rows or columns: the multiple of 8 nearest to the middle
    /// (whole micro-kernel tiles on both sides), or the middle itself when that multiple is 0 or
    /// `size`.
    static func cutPoint(_ size: Int) -> Int {
        let point = ((size / 2 + 4) / 8) * 8
        return point > 0 && point < size ? point : size / 2
    }

    /// Before a product on OpenBLAS's own threads: the helper thread sleeps at once.
    @usableFromInline
    static func helperStepsAside() { wick_helper_before_openblas_threads() }

    /// After a product on OpenBLAS's own threads: the quiet period starts.
    @usableFromInline
    static func openBLASThreadsDone() { wick_helper_after_openblas_threads() }
}

/// `C ← alpha·op(A)·op(B) + beta·C` on row-major buffers, `op(X)` being `X` or its transpose:
/// Wick's one front end for matrix products (the arguments of `cblas_?gemm` in row-major order).
/// `thresholds` is the table the tier is chosen by (tests and tuning runs pass their own).
///
/// `C` is `m x n` with rows `ldc` apart; `op(A)` is `m x k` and `op(B)` `k x n`, stored with rows
/// `lda` and `ldb` apart (`A` is stored `k x m` when transposed, `B` `n x k`). With `beta == 0`,
/// `C` is only written (a NaN in it does not survive); with `k == 0`, `C ← beta·C`. The product
/// runs as plain loops, as two halves on the caller and the helper thread, or in OpenBLAS, by
/// ``GEMMDispatch/route(m:n:k:transposeA:transposeB:thresholds:)``; the tiers can differ in the last bits
/// (they sum in different orders), but a given shape always takes the same tier under the same
/// settings, so a result never depends on timing.
@inlinable
public func gemm<Scalar: TensorScalar>(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Scalar, a: UnsafePointer<Scalar>, lda: Int, b: UnsafePointer<Scalar>, ldb: Int,
    beta: Scalar, c: UnsafeMutablePointer<Scalar>, ldc: Int,
    thresholds: GEMMDispatch.Thresholds = GEMMDispatch.thresholds
) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        for i in 0..<m {
            for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
        }
        return
    }
    // The loops tier first, on its own, so that a tiny product costs one comparison.
    if GEMMDispatch.runsAsLoops(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, thresholds: thresholds) {
        gemmLoops(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                  alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        return
    }
    gemmBeyondLoops(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                    alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, thresholds: thresholds)
}

/// The tiers of ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:thresholds:)``
/// past the loops. Specialised in the caller's module (`@inlinable`) but never inlined, so that a
/// layer's method keeps a small body for its tiny products: inlined, this part made the compiler
/// stop inlining the layer's closures, and a 2-16-1 step took 2-4% longer.
@inlinable @inline(never)
func gemmBeyondLoops<Scalar: TensorScalar>(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Scalar, a: UnsafePointer<Scalar>, lda: Int, b: UnsafePointer<Scalar>, ldb: Int,
    beta: Scalar, c: UnsafeMutablePointer<Scalar>, ldc: Int, thresholds: GEMMDispatch.Thresholds
) {
    switch GEMMDispatch.route(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, thresholds: thresholds) {
    case .loops:
        gemmLoops(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                  alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    case .twoThreads(let alongRows, let cut):
        Scalar.blasGemmInHalves(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
                                alongRows: alongRows, cut: cut, large: false)
    case .twoLargeHalves(let alongRows, let cut):
        Scalar.blasGemmInHalves(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
                                alongRows: alongRows, cut: cut, large: true)
    case .openBLAS:
        Scalar.blasGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    case .openBLASThreads:
        GEMMDispatch.helperStepsAside()
        Scalar.blasGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        GEMMDispatch.openBLASThreadsDone()
    }
}

/// ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:thresholds:)`` on densely stored
/// matrices: `A` is stored `aRows x aColumns` and `B` `bRows x bColumns` (before `op`), and `C`
/// is `m x n` with `m = op(A)`'s rows and `n = op(B)`'s columns.
@inlinable
public func gemm<Scalar: TensorScalar>(
    _ a: UnsafePointer<Scalar>, rows aRows: Int, columns aColumns: Int, transposed transposeA: Bool,
    _ b: UnsafePointer<Scalar>, rows bRows: Int, columns bColumns: Int, transposed transposeB: Bool,
    into c: UnsafeMutablePointer<Scalar>, alpha: Scalar = 1, beta: Scalar = 0
) {
    let m = transposeA ? aColumns : aRows
    let k = transposeA ? aRows : aColumns
    let n = transposeB ? bRows : bColumns
    gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
         alpha: alpha, a: a, lda: aColumns, b: b, ldb: bColumns, beta: beta, c: c, ldc: n)
}

/// The loops tier of ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:thresholds:)``, ordered
/// so that the innermost loop runs along contiguous memory. Not for `transposeA && transposeB`.
@inlinable
func gemmLoops<Scalar: TensorScalar>(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Scalar, a: UnsafePointer<Scalar>, lda: Int, b: UnsafePointer<Scalar>, ldb: Int,
    beta: Scalar, c: UnsafeMutablePointer<Scalar>, ldc: Int
) {
    if lda == (transposeA ? m : k) && ldb == (transposeB ? k : n) && ldc == n {
        // Densely stored (a layer's operands): the same loops with the sizes as strides, which
        // the compiler turns into tighter code (a 2-16-1 step took 3-5% longer without).
        denseGemmLoops(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                       alpha: alpha, a: a, b: b, beta: beta, c: c)
        return
    }
    for i in 0..<m {
        for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
    }
    if transposeB {  // C[i, j] += alpha · A[i, :] · B[j, :]
        for i in 0..<m {
            for j in 0..<n {
                var sum: Scalar = 0
                for p in 0..<k { sum += a[i * lda + p] * b[j * ldb + p] }
                c[i * ldc + j] += alpha * sum
            }
        }
    } else {  // C[i, :] += alpha · A[i, p] · B[p, :], with A[i, p] at A[p, i] when transposed
        for i in 0..<m {
            for p in 0..<k {
                let scale = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p])
                for j in 0..<n { c[i * ldc + j] += scale * b[p * ldb + j] }
            }
        }
    }
}

/// ``gemmLoops(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` for densely stored
/// matrices (`lda`, `ldb` and `ldc` equal to the rows' lengths).
@inlinable
func denseGemmLoops<Scalar: TensorScalar>(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Scalar, a: UnsafePointer<Scalar>, b: UnsafePointer<Scalar>, beta: Scalar, c: UnsafeMutablePointer<Scalar>
) {
    for i in 0..<(m * n) { c[i] = beta == 0 ? 0 : beta * c[i] }
    if transposeB {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Scalar = 0
                for p in 0..<k { sum += a[i * k + p] * b[j * k + p] }
                c[i * n + j] += alpha * sum
            }
        }
    } else {
        for i in 0..<m {
            for p in 0..<k {
                let scale = alpha * (transposeA ? a[p * m + i] : a[i * k + p])
                for j in 0..<n { c[i * n + j] += scale * b[p * n + j] }
            }
        }
    }
}
