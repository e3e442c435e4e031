import Foundation
import XCTest
@_spi(Testing) @testable import WickCore

/// `runInHalves`: every index once, the second part on the helper thread when it is free, and on
/// the caller when the loop is short, the helper is off, or the call is nested. The helper runs
/// in its deterministic mode (every part it is handed, it runs, and the caller waits for it) with
/// no quiet period, so each test knows exactly which parts ran where, with no timing involved.
final class HelperThreadTests: XCTestCase {
    private var savedThreads = 1, savedSpin = 50, savedQuiet = 0

    override func setUp() {
        savedThreads = BLAS.numThreads
        savedSpin = BLAS.helperSpinMicroseconds
        savedQuiet = BLAS.helperQuietMicroseconds
        BLAS.numThreads = 2
        BLAS.usesHelperThread = true
        BLAS.helperQuietMicroseconds = 0
        BLAS.helperThreadIsDeterministic = true
    }

    override func tearDown() {
        BLAS.helperThreadIsDeterministic = false
        BLAS.numThreads = savedThreads
        BLAS.helperSpinMicroseconds = savedSpin
        BLAS.helperQuietMicroseconds = savedQuiet
        BLAS.usesHelperThread = true
    }

    /// A loop that records the parts it is run on, and whether each ran on `caller`.
    private struct Recorder: HalvableLoop {
        let caller: pthread_t
        let seen: Locked<[(start: Int, end: Int, onCaller: Bool)]>
        func run(_ start: Int, _ end: Int) {
            let onCaller = pthread_equal(pthread_self(), caller) != 0
            seen.withLock { $0.append((start, end, onCaller)) }
        }
    }

    /// A loop that counts the visits of each index.
    private struct Counter: HalvableLoop {
        let visits: UnsafeMutablePointer<Int>
        func run(_ start: Int, _ end: Int) { for i in start..<end { visits[i] += 1 } }
    }

    /// A loop that does nothing.
    private struct Nothing: HalvableLoop {
        func run(_ start: Int, _ end: Int) {}
    }

    /// A loop that, in each part, runs `inner` (another `runInHalves`) and adds its part's length.
    private struct Nested: HalvableLoop {
        let total: Locked<Int>
        let inner: (Int, Int) -> Void
        func run(_ start: Int, _ end: Int) {
            inner(start, end)
            total.withLock { $0 += end - start }
        }
    }

    /// A product that OpenBLAS runs on its own threads: too many multiply-adds for one thread, too
    /// few rows and columns (8) to cut in two.
    private let thin = (m: 8, n: 8, k: 8192)

    /// The thin product of halves (0.5 everywhere), through `gemm`; returns an entry of it.
    private func thinProduct() -> Float {
        let a = [Float](repeating: 0.5, count: thin.m * thin.k), b = [Float](repeating: 0.5, count: thin.k * thin.n)
        var c = [Float](repeating: 0, count: thin.m * thin.n)
        c.withUnsafeMutableBufferPointer {
            gemm(transposeA: false, transposeB: false, m: thin.m, n: thin.n, k: thin.k, alpha: 1,
                 a: a, lda: thin.k, b: b, ldb: thin.n, beta: 0, c: $0.baseAddress!, ldc: thin.n)
        }
        return c[0]
    }

    /// The parts `runInHalves` runs a loop on, each with whether it ran on the calling thread.
    private func parts(count: Int, minimumCount: Int = 4096) -> [(start: Int, end: Int, onCaller: Bool)] {
        let recorder = Recorder(caller: pthread_self(), seen: Locked([]))
        runInHalves(count: count, minimumCount: minimumCount, recorder)
        return recorder.seen.withLock { $0 }.sorted { $0.start < $1.start }
    }

    func testEveryIndexIsVisitedOnce() {
        for count in [0, 1, 7, 4095, 4096, 4097, 9610, 12345] {
            let visits = UnsafeMutableBufferPointer<Int>.allocate(capacity: Swift.max(count, 1))
            defer { visits.deallocate() }
            visits.initialize(repeating: 0)
            for _ in 0..<3 { runInHalves(count: count, Counter(visits: visits.baseAddress!)) }
            XCTAssertEqual(visits.prefix(count).filter { $0 != 3 }.count, 0, "count \(count)")
        }
    }

    func testTheSecondPartRunsOnTheHelper() {
        // Asleep or not, the helper is handed the second part of each call, and runs it.
        BLAS.helperSpinMicroseconds = 0
        for count in [4096, 10_000, 12_345] {
            let before = BLAS.sharedLoopCount
            let run = parts(count: count)
            XCTAssertEqual(BLAS.sharedLoopCount - before, 1, "count \(count): the helper ran one part")
            XCTAssertEqual(run.count, 2)
            guard run.count == 2 else { continue }
            XCTAssertEqual(run[0].start, 0)
            XCTAssertEqual(run[0].end, run[1].start)
            XCTAssertEqual(run[1].end, count)
            XCTAssertEqual(run[0].end % 8, 0, "the cut falls on a multiple of 8")
            XCTAssertEqual(abs(2 * run[0].end - count) <= 16, true, "the cut is near the middle")
            XCTAssertTrue(run[0].onCaller, "the first part runs on the caller")
            XCTAssertFalse(run[1].onCaller, "the second part runs on the helper")
        }
    }

    func testAllPartsAreCountedAndNoneTakenBack() {
        let before = BLAS.sharedLoopCount
        for _ in 0..<50 { runInHalves(count: 8192, Nothing()) }
        XCTAssertEqual(BLAS.sharedLoopCount - before, 50)
    }

    /// Within the quiet period after a product on OpenBLAS's own threads nothing is shared; after
    /// it, work is shared again. The period is set long, then to 0, so no clock is raced.
    func testNothingIsSharedInTheQuietPeriodAfterOpenBLASThreads() {
        XCTAssertEqual(GEMMDispatch.route(m: thin.m, n: thin.n, k: thin.k, transposeA: false, transposeB: false), .openBLASThreads)
        BLAS.helperQuietMicroseconds = 3_600_000_000
        XCTAssertEqual(thinProduct(), 0.25 * Float(thin.k))
        let before = BLAS.sharedLoopCount
        let quiet = parts(count: 10_000)
        XCTAssertEqual(quiet.count, 1, "run whole on the caller")
        XCTAssertEqual(BLAS.sharedLoopCount, before)
        BLAS.helperQuietMicroseconds = 0
        XCTAssertEqual(parts(count: 10_000).count, 2, "shared again")
        XCTAssertEqual(BLAS.sharedLoopCount - before, 1)
    }

    func testShortLoopsOffOrOneThreadStayOnTheCaller() {
        let cases: [(count: Int, minimum: Int, uses: Bool, threads: Int)] = [
            (4095, 4096, true, 2), (10, 4096, true, 2), (10_000, 4096, false, 2), (10_000, 4096, true, 1),
        ]
        for (count, minimum, uses, threads) in cases {
            BLAS.usesHelperThread = uses
            BLAS.numThreads = threads
            let before = BLAS.sharedLoopCount
            let seen = parts(count: count, minimumCount: minimum)
            XCTAssertEqual(seen.count, 1)
            XCTAssertEqual(seen.first?.start, 0)
            XCTAssertEqual(seen.first?.end, count)
            XCTAssertEqual(seen.first?.onCaller, true)
            XCTAssertEqual(BLAS.sharedLoopCount, before, "count \(count), helper \(uses), \(threads) thread(s)")
        }
    }

    func testANestedCallRunsOnOneThread() {
        let before = BLAS.sharedLoopCount
        let innerParts = Locked<[Int]>([])
        let nested = Nested(total: Locked(0)) { _, _ in
            // The helper is taken by the outer call, so this one runs whole on its thread.
            let inner = self.parts(count: 8192)
            innerParts.withLock { $0.append(inner.count) }
        }
        runInHalves(count: 10_000, nested)
        XCTAssertEqual(nested.total.withLock { $0 }, 10_000)
        XCTAssertEqual(innerParts.withLock { $0 }.count, 2, "one inner call in each part")
        XCTAssertEqual(innerParts.withLock { $0 }.filter { $0 != 1 }, [])
        XCTAssertEqual(BLAS.sharedLoopCount - before, 1, "only the outer call was shared")
    }

    /// A loop that records the OpenBLAS thread count its parts see.
    private struct ThreadCountRecorder: HalvableLoop {
        let seen: Locked<[Int]>
        func run(_ start: Int, _ end: Int) { seen.withLock { $0.append(BLAS.numThreads) } }
    }

    /// A loop that calls large products is shared with OpenBLAS held to one thread, which it gets
    /// back afterwards; with more than 2 OpenBLAS threads it runs whole, on the pool.
    func testALoopOfLargeProductsHoldsOpenBLASToOneThread() {
        let before = BLAS.sharedLoopCount
        let held = ThreadCountRecorder(seen: Locked([]))
        runInHalves(count: 64, minimumCount: 16, callsLargeProducts: true, held)
        XCTAssertEqual(held.seen.withLock { $0 }, [1, 1], "both parts on one OpenBLAS thread each")
        XCTAssertEqual(BLAS.sharedLoopCount - before, 1, "the helper ran one part")
        XCTAssertEqual(BLAS.numThreads, 2, "OpenBLAS gets its threads back")

        BLAS.numThreads = 3
        let pool = ThreadCountRecorder(seen: Locked([]))
        runInHalves(count: 64, minimumCount: 16, callsLargeProducts: true, pool)
        XCTAssertEqual(pool.seen.withLock { $0 }, [3], "whole, on OpenBLAS's pool")
        XCTAssertEqual(BLAS.sharedLoopCount - before, 1)
    }

    /// Holds from `withSingleThread` and from Wick's own two-thread work nest: OpenBLAS gets its
    /// count back when the last one ends, not before.
    func testHoldsOnOpenBLASThreadsNest() {
        BLAS.numThreads = 2
        let inside = ThreadCountRecorder(seen: Locked([]))
        BLAS.withSingleThread {
            XCTAssertEqual(BLAS.numThreads, 1)
            BLAS.withSingleThread { XCTAssertEqual(BLAS.numThreads, 1) }
            XCTAssertEqual(BLAS.numThreads, 1, "still held by the outer call")
            // Inside a hold the helper is not used: one part, on the caller.
            runInHalves(count: 64, minimumCount: 16, callsLargeProducts: true, inside)
        }
        XCTAssertEqual(inside.seen.withLock { $0 }, [1])
        XCTAssertEqual(BLAS.numThreads, 2)
    }

    /// A product too large for OpenBLAS to keep on one thread is cut in two when OpenBLAS has 2
    /// threads, and handed to OpenBLAS's pool with more.
    func testLargeProductsAreCutInTwoOnTwoThreads() {
        let n = 256
        XCTAssertEqual(GEMMDispatch.route(m: n, n: n, k: n, transposeA: false, transposeB: false),
                       .twoLargeHalves(alongRows: true, cut: 128))
        let a = (0..<(n * n)).map { Float($0 % 7) - 3 }
        var c = [Float](repeating: .nan, count: n * n)
        let before = BLAS.sharedProductCount
        c.withUnsafeMutableBufferPointer {
            gemm(transposeA: false, transposeB: true, m: n, n: n, k: n, alpha: 1,
                 a: a, lda: n, b: a, ldb: n, beta: 0, c: $0.baseAddress!, ldc: n)
        }
        XCTAssertEqual(BLAS.sharedProductCount - before, 1, "the helper computed a half")
        XCTAssertEqual(BLAS.numThreads, 2, "OpenBLAS gets its threads back")
        for (i, j) in [(0, 0), (5, 200), (255, 255), (130, 3)] {
            var want: Float = 0
            for p in 0..<n { want += a[i * n + p] * a[j * n + p] }  // small integers: exact
            XCTAssertEqual(c[i * n + j], want, "C[\(i), \(j)]")
        }
        BLAS.numThreads = 3
        XCTAssertEqual(GEMMDispatch.route(m: n, n: n, k: n, transposeA: false, transposeB: false), .openBLASThreads)
    }

    func testSpinTimeIsSetInMicroseconds() {
        BLAS.helperSpinMicroseconds = 120
        XCTAssertEqual(BLAS.helperSpinMicroseconds, 120)
        BLAS.helperSpinMicroseconds = -5
        XCTAssertEqual(BLAS.helperSpinMicroseconds, 0, "negative counts as 0")
        BLAS.helperSpinMicroseconds = .max
        XCTAssertGreaterThan(BLAS.helperSpinMicroseconds, 1_000_000_000, "no overflow")
    }

    func testQuietPeriodIsSetInMicroseconds() {
        BLAS.helperQuietMicroseconds = 200_000
        XCTAssertEqual(BLAS.helperQuietMicroseconds, 200_000)
        BLAS.helperQuietMicroseconds = -1
        XCTAssertEqual(BLAS.helperQuietMicroseconds, 0, "negative counts as 0")
    }

    /// Waits until the helper thread is asleep, checking its state (not the clock) and giving up
    /// after `limit` seconds; returns whether it fell asleep.
    private func helperFallsAsleep(within limit: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while !BLAS.helperThreadIsAsleep && Date() < deadline { sched_yield() }
        return BLAS.helperThreadIsAsleep
    }

    /// A loop handed over and a product on OpenBLAS's threads right after it (which parks the
    /// helper): the helper must then sleep, not go round its wait without end. (It did when the
    /// loop's part was taken back by the caller before the helper looked at it.) The helper's
    /// spinning time is an hour, so only the product can have put it to sleep; the test looks at
    /// the helper's state, with a generous limit, rather than at CPU time.
    func testTheHelperSleepsAfterAProductOnOpenBLASThreads() {
        BLAS.helperSpinMicroseconds = 3_600_000_000
        // Deterministic (the helper ran the part) and not (the caller may have taken it back).
        for deterministic in [true, false, false, false] {
            BLAS.helperThreadIsDeterministic = true
            runInHalves(count: 8192, Nothing())  // wakes the helper if it sleeps, and waits for it
            XCTAssertFalse(BLAS.helperThreadIsAsleep, "the helper is awake after its part")
            BLAS.helperThreadIsDeterministic = deterministic
            runInHalves(count: 8192, Nothing())
            _ = thinProduct()
            XCTAssertTrue(helperFallsAsleep(), "deterministic \(deterministic): the helper sleeps")
        }
    }
}

/// A value behind a lock, shared by reference (the loops above are copied into `runInHalves`).
private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
