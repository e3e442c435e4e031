#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures elapsed time, like Torch7's `torch.Timer`: it starts running when created, and
/// ``time()`` reads the wall-clock (`real`), user CPU and system CPU seconds counted so far.
///
/// ```swift
/// var timer = Stopwatch()                      // local timer = torch.Timer()
/// train()
/// print("epoch took", timer.time().real, "s")  // timer:time().real
/// timer.reset()                                // timer:reset()
/// ```
///
/// ``stop()`` pauses the count and ``resume()`` continues it, so that a stopwatch can time only
/// parts of a loop. `real` comes from the monotonic clock (a change of the system time does not
/// affect it); `user` and `sys` are the CPU times of the whole process (all its threads, as
/// `getrusage` reports them), as in Torch7. Named `Stopwatch` rather than `Timer` so that it does
/// not clash with Foundation's `Timer`.
public struct Stopwatch: Sendable {
    /// Seconds of each kind.
    public struct Time: Sendable, Equatable {
        /// Wall-clock seconds.
        public var real: Double
        /// CPU seconds spent in the program's own code.
        public var user: Double
        /// CPU seconds spent in the kernel on the program's behalf.
        public var sys: Double

        /// The given seconds of each kind.
        public init(real: Double, user: Double, sys: Double) {
            self.real = real
            self.user = user
            self.sys = sys
        }

        static let zero = Time(real: 0, user: 0, sys: 0)

        static func + (a: Time, b: Time) -> Time { Time(real: a.real + b.real, user: a.user + b.user, sys: a.sys + b.sys) }
        static func - (a: Time, b: Time) -> Time { Time(real: a.real - b.real, user: a.user - b.user, sys: a.sys - b.sys) }
    }

    /// The time counted before the last ``resume()`` (or start).
    private var counted = Time.zero
    /// The clocks when the stopwatch last started or resumed; nil while it is stopped.
    private var startedAt: Time?

    /// A stopwatch that is running from now.
    public init() {
        startedAt = Self.clocks()
    }

    /// True unless ``stop()`` was called without a ``resume()`` after it.
    public var isRunning: Bool { startedAt != nil }

    /// The seconds counted so far: all the time since creation or the last ``reset()``, except
    /// while stopped.
    public func time() -> Time {
        guard let startedAt else { return counted }
        return counted + (Self.clocks() - startedAt)
    }

    /// Sets the count back to zero; a running stopwatch keeps running from now, a stopped one
    /// stays stopped.
    public mutating func reset() {
        counted = .zero
        if startedAt != nil { startedAt = Self.clocks() }
    }

    /// Stops counting (nothing if already stopped); ``time()`` then stays where it is.
    public mutating func stop() {
        guard let startedAt else { return }
        counted = counted + (Self.clocks() - startedAt)
        self.startedAt = nil
    }

    /// Counts again after ``stop()`` (nothing if already running).
    public mutating func resume() {
        if startedAt == nil { startedAt = Self.clocks() }
    }

    /// The monotonic clock and the process's CPU times, in seconds.
    private static func clocks() -> Time {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return Time(real: Double(now.tv_sec) + Double(now.tv_nsec) / 1e9,
                    user: seconds(usage.ru_utime), sys: seconds(usage.ru_stime))
    }
}
