internal import CWickKernels

// Wick's helper thread: the second half of mid-sized products and loops (see Docs/Design.md).
extension BLAS {
    /// Whether Wick shares mid-sized work between the calling thread and a helper thread of its
    /// own: matrix products of about 0.1 to 1 MFLOP (the products of a small network's training
    /// step), and the element-wise loops of layers that go through ``runInHalves(count:minimumCount:_:)``.
    ///
    /// OpenBLAS hands such a product to its thread pool at a cost of several microseconds, or
    /// keeps it on one thread. Wick instead cuts it in two halves that OpenBLAS computes on one
    /// thread each, the caller's and a helper's; the helper waits for the next piece of work by
    /// spinning for up to 50 μs, then sleeps. Within 0.2 s of a product on OpenBLAS's own
    /// threads (which keep polling the cores that long), or while another thread has the helper,
    /// the caller computes both halves itself, so a result never depends on timing. On by
    /// default; it only takes effect while ``numThreads`` is 2 or more. Larger products always go
    /// to OpenBLAS's threads, smaller ones stay on the calling thread. Turning it off can change
    /// the last bits of a `Float` product (OpenBLAS then computes it whole).
    public static var usesHelperThread: Bool {
        get { wick_gemm_sharing() }
        set { wick_gemm_set_sharing(newValue) }
    }

    /// How long, in microseconds, the helper thread waits for the next piece of work by
    /// spinning before it sleeps (50 by default; negative values count as 0).
    ///
    /// The work of a small network's training step arrives every few microseconds. A sleeping
    /// helper is woken by the next product or loop, which then runs on the caller alone; a longer
    /// spin keeps the helper ready across slower steps (a debug build, say) at the cost of a core
    /// kept busy meanwhile.
    public static var helperSpinMicroseconds: Int {
        get { wick_helper_spin_ns() / 1000 }
        set {
            let (nanoseconds, overflow) = Swift.max(newValue, 0).multipliedReportingOverflow(by: 1000)
            wick_helper_set_spin_ns(overflow ? Int.max : nanoseconds)
        }
    }

    /// How many products have been shared with the helper thread so far (see
    /// ``usesHelperThread``).
    public static var sharedProductCount: Int { Int(wick_gemm_split_count()) }

    /// How many loops the helper thread has run a part of so far (see
    /// ``runInHalves(count:minimumCount:_:)``).
    public static var sharedLoopCount: Int { Int(wick_shared_loop_count()) }
}

/// Runs `body(start, end)` over `0..<count` in two parts at the same time: the first on the
/// calling thread, the second on Wick's helper thread (the one that shares mid-sized products,
/// see ``BLAS/usesHelperThread``), when `count` is at least `minimumCount` and the helper is
/// free (on the terms of ``BLAS/usesHelperThread``); otherwise as `body(0, count)` on the calling
/// thread. The cut falls on a multiple of 8 near the middle.
///
/// Meant for the element-wise loops of layers over a few thousand elements: handing half over
/// costs about 0.1-0.2 μs, and rows cut like a shared product's stay on the core that computed
/// them. `body` must write only its own part and must not depend on where the range is cut. A
/// call made inside `body` runs on one thread.
public func runInHalves(count: Int, minimumCount: Int = 4096, _ body: (_ start: Int, _ end: Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        withUnsafePointer(to: body) { pointer in
            wick_run_in_halves(count, minimumCount, UnsafeMutableRawPointer(mutating: pointer)) { context, start, end in
                context!.assumingMemoryBound(to: ((Int, Int) -> Void).self).pointee(start, end)
            }
        }
    }
}

