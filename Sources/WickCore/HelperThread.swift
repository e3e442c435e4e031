internal import CWickThreads

// Wick's helper thread: the second half of mid-sized products and loops (see Docs/Design.md). The
// thread itself is C (CWickThreads); which products it shares is GEMMDispatch's choice (GEMM.swift).
extension BLAS {
    /// Whether Wick shares mid-sized work between the calling thread and a helper thread of its
    /// own: matrix products of about 0.1 to 1 MFLOP (the products of a small network's training
    /// step), and the element-wise loops of layers that go through ``runInHalves(count:minimumCount:callsLargeProducts:_:)``.
    ///
    /// OpenBLAS hands such a product to its thread pool at a cost of several microseconds, or
    /// keeps it on one thread. Wick instead cuts it in two halves that OpenBLAS computes on one
    /// thread each, the caller's and a helper's; the helper waits for the next piece of work by
    /// spinning (see ``helperSpinMicroseconds``), then sleeps. Within ``helperQuietMicroseconds``
    /// of a product on OpenBLAS's own threads (which keep polling the cores for about 0.1 s), or
    /// while another thread has the helper,
    /// the caller computes both halves itself, so a result never depends on timing. On by
    /// default; it only takes effect while ``numThreads`` is 2 or more. Larger products always go
    /// to OpenBLAS's threads, smaller ones stay on the calling thread (the sizes are
    /// ``GEMMDispatch/thresholds``). Turning it off can change the last bits of a `Float` product
    /// (OpenBLAS then computes it whole).
    public static var usesHelperThread: Bool {
        get { wick_helper_enabled() }
        set { wick_helper_set_enabled(newValue) }
    }

    /// How long, in microseconds, the helper thread waits for the next piece of work by
    /// spinning before it sleeps (2000 by default; negative values count as 0). After the first
    /// 50 μs it yields its core to any other thread that wants it between checks.
    ///
    /// The work of a small network's training step arrives every few microseconds, and its steps
    /// follow each other within a fraction of a millisecond. A sleeping helper is woken by the
    /// next product or loop, which then runs on the caller alone (and pays for the wake-up call).
    /// A longer spin keeps the helper ready across slower steps; a shorter one frees the core
    /// sooner. OpenBLAS's own idle threads poll for about 0.1 s.
    public static var helperSpinMicroseconds: Int {
        get { wick_helper_spin_ns() / 1000 }
        set {
            let (nanoseconds, overflow) = Swift.max(newValue, 0).multipliedReportingOverflow(by: 1000)
            wick_helper_set_spin_ns(overflow ? Int.max : nanoseconds)
        }
    }

    /// How long, in microseconds, after a product on OpenBLAS's own threads no work is shared with
    /// the helper thread (200 000 by default; negative values count as 0).
    ///
    /// OpenBLAS 0.3.21's idle threads keep polling the cores (`sched_yield`) for 2²⁸ clock cycles
    /// after their last work, about 0.1 s here, and a spinning helper competing with them made
    /// products several times slower. Another OpenBLAS version may need another value
    /// (Docs/Design.md says how to retune).
    public static var helperQuietMicroseconds: Int {
        get { wick_helper_quiet_ns() / 1000 }
        set {
            let (nanoseconds, overflow) = Swift.max(newValue, 0).multipliedReportingOverflow(by: 1000)
            wick_helper_set_quiet_ns(overflow ? Int.max : nanoseconds)
        }
    }

    /// How many products have been shared with the helper thread so far (see
    /// ``usesHelperThread``).
    public static var sharedProductCount: Int { Int(wick_gemm_split_count()) }

    /// How many loops the helper thread has run a part of so far (see
    /// ``runInHalves(count:minimumCount:callsLargeProducts:_:)``).
    public static var sharedLoopCount: Int { Int(wick_shared_loop_count()) }

    /// The helper thread's deterministic mode, for tests (off by default): every product and loop
    /// that can be shared is handed to the helper thread and run by it. A sleeping helper is woken
    /// for the job and waited for, and the caller never takes a part back, so
    /// ``sharedProductCount`` and ``sharedLoopCount`` count exactly the jobs that qualified, with
    /// no timing involved. The other conditions still apply (``usesHelperThread``, two OpenBLAS
    /// threads, ``helperQuietMicroseconds``, one caller at a time). Set it while no other thread
    /// multiplies.
    @_spi(Testing)
    public static var helperThreadIsDeterministic: Bool {
        get { wick_helper_deterministic() }
        set { wick_helper_set_deterministic(newValue) }
    }

    /// Whether the helper thread is asleep (waiting on a condition variable, using no CPU); false
    /// before it has started.
    @_spi(Testing)
    public static var helperThreadIsAsleep: Bool { wick_helper_sleeping() }
}

/// A loop that ``runInHalves(count:minimumCount:callsLargeProducts:_:)`` can cut in two: a value holding what the
/// loop reads and writes (pointers, scalars), whose `run(start, end)` does the iterations
/// `start..<end`, writing only what they own.
///
/// A value rather than a closure, because handing a closure to another thread costs an
/// allocation (`withoutActuallyEscaping` boxes it) and a training step allocates nothing. The
/// helper thread calls `run` through this protocol, without specialisation: the `run` of a
/// generic loop type should carry `@_specialize(where Scalar == Float)` and `Double`.
public protocol HalvableLoop {
    /// Runs the iterations `start..<end`.
    func run(_ start: Int, _ end: Int)
}

/// Runs `loop` over `0..<count` in two parts at the same time: the first on the calling thread,
/// the second on Wick's helper thread (the one that shares mid-sized products), when `count` is
/// at least `minimumCount` and the helper is free, on the terms of ``BLAS/usesHelperThread``;
/// otherwise whole, on the calling thread. The cut falls on a multiple of 8 near the middle.
///
/// Meant for the element-wise loops of layers over a few thousand elements: handing half over
/// costs about 0.1-0.2 μs, and rows cut like a shared product's stay on the core that computed
/// them. A call made inside `run` runs whole on its thread.
///
/// A loop whose iterations call products large enough for OpenBLAS's own threads (a
/// convolution's images) passes `callsLargeProducts`: while OpenBLAS has exactly 2 threads, the
/// two parts then run with OpenBLAS held to one thread, each part's products on its own thread,
/// and a sleeping helper is woken for this loop rather than the next. With more OpenBLAS threads
/// such a loop runs whole, its products on OpenBLAS's pool.
@inlinable
public func runInHalves<Loop: HalvableLoop>(count: Int, minimumCount: Int = 4096, callsLargeProducts: Bool = false,
                                            _ loop: Loop) {
    if callsLargeProducts && BLAS.numThreads != 2 {
        loop.run(0, count)
        return
    }
    withUnsafePointer(to: loop) { loopPointer in
        withUnsafePointer(to: HelperLoop(loop: UnsafeRawPointer(loopPointer), type: Loop.self)) { helperLoop in
            let middle = beginHelperPart(count: count, minimumCount: minimumCount, large: callsLargeProducts, helperLoop)
            loop.run(0, middle)
            if middle < count { endHelperPart() }
        }
    }
}

/// Where ``runInHalves(count:minimumCount:callsLargeProducts:_:)`` cuts a loop of `count`
/// iterations when it shares it: `count / 2` rounded down to a multiple of 8 (0 below 16). A loop
/// whose halves keep sums of their own can cut its sums here too, so that they never depend on
/// whether the loop was shared.
public func halvesMiddle(_ count: Int) -> Int { wick_halves_middle(count) }

/// A loop as the helper thread sees it: where it is, and its type.
@usableFromInline
struct HelperLoop {
    let loop: UnsafeRawPointer
    let type: any HalvableLoop.Type

    @usableFromInline
    init(loop: UnsafeRawPointer, type: any HalvableLoop.Type) {
        self.loop = loop
        self.type = type
    }
}

/// Hands `middle..<count` of `helperLoop` to the helper thread and returns `middle`, or returns
/// `count` when the caller is to run the whole loop.
@usableFromInline
func beginHelperPart(count: Int, minimumCount: Int, large: Bool, _ helperLoop: UnsafePointer<HelperLoop>) -> Int {
    wick_begin_halves(count, minimumCount, large, helperLoop) { context, start, end in
        let helperLoop = context!.load(as: HelperLoop.self)
        runPart(of: helperLoop.type, at: helperLoop.loop, start, end)
    }
}

/// Waits for the helper thread's part of the loop handed over by `beginHelperPart`.
@usableFromInline
func endHelperPart() { wick_end_halves() }

private func runPart<Loop: HalvableLoop>(of _: Loop.Type, at loop: UnsafeRawPointer, _ start: Int, _ end: Int) {
    loop.assumingMemoryBound(to: Loop.self).pointee.run(start, end)
}
