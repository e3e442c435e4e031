import Foundation
import XCTest
@testable import WickCore

/// `runInHalves`: every index once, the second part on the helper thread when it is free, and on
/// the caller when the loop is short, the helper is off, or the call is nested.
final class HelperThreadTests: XCTestCase {
    private var savedThreads = 1, savedSpin = 50

    override func setUp() {
        savedThreads = BLAS.numThreads
        savedSpin = BLAS.helperSpinMicroseconds
        // Debug builds run the loops slowly: the helper must not fall asleep between them.
        BLAS.helperSpinMicroseconds = 1_000_000
        BLAS.numThreads = 2
        BLAS.usesHelperThread = true
        // No work is shared within 0.2 s of a product on OpenBLAS's own threads.
        Thread.sleep(forTimeInterval: 0.25)
    }

    override func tearDown() {
        BLAS.numThreads = savedThreads
        BLAS.helperSpinMicroseconds = savedSpin
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

    /// The parts `runInHalves` runs a loop on, each with whether it ran on the calling thread.
    private func parts(count: Int, minimumCount: Int = 4096) -> [(start: Int, end: Int, onCaller: Bool)] {
        let recorder = Recorder(caller: pthread_self(), seen: Locked([]))
        runInHalves(count: count, minimumCount: minimumCount, recorder)
        return recorder.seen.withLock { $0 }.sorted { $0.start < $1.start }
    }

    /// Calls `runInHalves` until the helper takes a part: a call that finds the helper asleep wakes
    /// it and runs on the caller, and the helper takes a moment to wake up.
    private func wakeHelper() {
        let before = BLAS.sharedLoopCount, start = Date()
        while BLAS.sharedLoopCount == before && Date().timeIntervalSince(start) < 2 {
            runInHalves(count: 8192, Nothing())
        }
        XCTAssertGreaterThan(BLAS.sharedLoopCount, before, "the helper thread woke up")
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
        // A call that finds the helper asleep wakes it and runs whole on the caller; the helper
        // takes a moment to wake up, and a part it has not started when the caller is done with
        // its own goes back to the caller. So calls are made until the helper ran five parts.
        let before = BLAS.sharedLoopCount, start = Date()
        var runs: [[(start: Int, end: Int, onCaller: Bool)]] = []
        func onHelper() -> Int { runs.filter { $0.contains { !$0.onCaller } }.count }
        while onHelper() < 5 && Date().timeIntervalSince(start) < 2 {
            runs.append(parts(count: 10_000))
        }
        XCTAssertEqual(onHelper(), 5)
        XCTAssertEqual(BLAS.sharedLoopCount - before, onHelper(), "the count is of parts the helper ran")
        for run in runs {
            if run.count == 1 {
                XCTAssertTrue(run[0] == (0, 10_000, true), "a loop not shared runs whole on the caller")
                continue
            }
            XCTAssertEqual(run.count, 2)
            XCTAssertEqual(run[0].start, 0)
            XCTAssertEqual(run[0].end, run[1].start)
            XCTAssertEqual(run[1].end, 10_000)
            XCTAssertEqual(run[0].end % 8, 0, "the cut falls on a multiple of 8")
            XCTAssertTrue(run[0].onCaller, "the first part runs on the caller")
        }
    }

    func testShortLoopsOffOrOneThreadStayOnTheCaller() {
        wakeHelper()
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
        wakeHelper()
        let innerParts = Locked<[Int]>([])
        let nested = Nested(total: Locked(0)) { _, _ in
            // The helper is taken by the outer call, so this one runs whole on its thread.
            let inner = self.parts(count: 8192)
            innerParts.withLock { $0.append(inner.count) }
        }
        runInHalves(count: 10_000, nested)
        XCTAssertEqual(nested.total.withLock { $0 }, 10_000)
        XCTAssertEqual(innerParts.withLock { $0 }.filter { $0 != 1 }, [])
    }

    func testSpinTimeIsSetInMicroseconds() {
        BLAS.helperSpinMicroseconds = 120
        XCTAssertEqual(BLAS.helperSpinMicroseconds, 120)
        BLAS.helperSpinMicroseconds = -5
        XCTAssertEqual(BLAS.helperSpinMicroseconds, 0, "negative counts as 0")
        BLAS.helperSpinMicroseconds = .max
        XCTAssertGreaterThan(BLAS.helperSpinMicroseconds, 1_000_000_000, "no overflow")
    }

    /// CPU time this process used while the calling thread slept for `seconds`.
    private func cpuSecondsWhileSleeping(_ seconds: Double) -> Double {
        func used() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
                + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }
        let before = used()
        Thread.sleep(forTimeInterval: seconds)
        return used() - before
    }

    /// A loop handed over and a product on OpenBLAS's threads right after it (which parks the
    /// helper): the helper must then sleep, not go round its wait without end. (It did when the
    /// loop's part was taken back by the caller before the helper looked at it.)
    func testTheHelperSleepsAfterAProductOnOpenBLASThreads() {
        let a = [Float](repeating: 0.5, count: 256 * 256)
        var c = [Float](repeating: 0, count: 256 * 256)
        for attempt in 0..<3 {
            Thread.sleep(forTimeInterval: 0.25)  // the quiet period after the last attempt's product
            wakeHelper()
            Thread.sleep(forTimeInterval: 0.001)  // the helper polls more slowly after 50 μs
            runInHalves(count: 8192, Nothing())
            c.withUnsafeMutableBufferPointer {
                Float.blasGemm(transposeA: false, transposeB: false, m: 256, n: 256, k: 256, alpha: 1,
                               a: a, lda: 256, b: a, ldb: 256, beta: 0, c: $0.baseAddress!, ldc: 256)
            }
            Thread.sleep(forTimeInterval: 0.5)  // OpenBLAS's own threads poll for about 0.1 s
            XCTAssertLessThan(cpuSecondsWhileSleeping(0.2), 0.05, "attempt \(attempt): no thread kept a core busy")
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
