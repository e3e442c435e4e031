// Wick's helper thread: one thread of Wick's own that takes half of the mid-sized work of a small
// network's training step, the element-wise loops and the matrix products, while the calling
// thread does the other half. It waits for the next job by spinning, then sleeps, and steps aside
// while OpenBLAS's own threads work. This target holds the thread and how work is cut and handed
// to it; which products are shared is decided in Swift (WickCore's GEMMDispatch). See
// Docs/Design.md, "A helper thread for a small network's step".
#ifndef WICK_THREADS_H
#define WICK_THREADS_H
#include <stdbool.h>

// ---- Loops (wick_helper.c)

/// A part of a loop: the iterations start..<end of the loop described by `context`.
typedef void (*wick_range_body)(const void *context, long start, long end);
/// Starts a loop of `count` iterations in two parts: when count >= minimum and the helper is
/// available (helper enabled, OpenBLAS on two or more threads, no product on OpenBLAS's threads
/// within the quiet period, no other caller), the helper runs body(context, middle, count) and
/// this returns middle (a multiple of 8 near count / 2): the caller then runs 0..<middle and calls
/// wick_end_halves(). Otherwise it returns count, and the caller runs the whole loop. `context`
/// must stay valid until wick_end_halves() returns. A `large` loop (one whose iterations call
/// products large enough for OpenBLAS's threads) wakes a sleeping helper for itself, and holds
/// OpenBLAS to one thread until wick_end_halves() (wick_blas_hold_one_thread).
long wick_begin_halves(long count, long minimum, bool large, const void *context, wick_range_body body);
/// Where wick_begin_halves cuts a loop of `count` iterations: (count / 2) rounded down to a
/// multiple of 8.
long wick_halves_middle(long count);
/// Waits for the helper's part of the loop started by wick_begin_halves (when that returned less
/// than its count), releases OpenBLAS's threads if the loop held them, and releases the helper. A
/// part the helper has not started yet is run here (except in deterministic mode, see
/// wick_helper_set_deterministic).
void wick_end_halves(void);

/// Holds OpenBLAS to one thread (openblas_set_num_threads(1)) until the matching
/// wick_blas_release_threads(); holds nest and may come from several threads: the count OpenBLAS
/// had when the first came back is restored when the last leaves. The count is process-wide, so
/// every BLAS call meanwhile runs on the thread that makes it.
void wick_blas_hold_one_thread(void);
/// Ends one wick_blas_hold_one_thread().
void wick_blas_release_threads(void);

// ---- Products (wick_gemm.c)

/// C = alpha * op(A) * op(B) + beta * C for row-major matrices, op(X) = X or its transpose (the
/// arguments of cblas_sgemm with CblasRowMajor), computed as two products cut at row `cut` of C
/// (along_rows) or at its column `cut` (0 < cut < m or n). The caller computes the first half and
/// the helper the second, when the helper can be taken as for wick_begin_halves; otherwise the
/// caller computes both, one after the other. Either way the result is the same, bit for bit
/// (it may differ in the last bits from one cblas_sgemm call on the whole product). Each half
/// should be small enough that OpenBLAS runs it on the thread that calls it, or the product
/// `large`: then a sleeping helper is woken for it, and OpenBLAS is held to one thread while the
/// halves run (when the helper cannot be taken, the caller computes both halves on OpenBLAS's
/// threads, as wick_helper_before/after_openblas_threads describe). Which products qualify, and
/// where they are cut, is for the caller to decide.
void wick_gemm_halves_f(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha,
                        const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc,
                        bool along_rows, int cut, bool large);
/// The double-precision version of wick_gemm_halves_f (cblas_dgemm).
void wick_gemm_halves_d(bool transpose_a, bool transpose_b, int m, int n, int k, double alpha,
                        const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc,
                        bool along_rows, int cut, bool large);

/// Call before a product that OpenBLAS runs on its own threads: the helper goes to sleep at once
/// (a spinning helper competing with those threads slowed them down several times).
void wick_helper_before_openblas_threads(void);
/// Call after such a product: no job is shared during the quiet period that follows
/// (wick_helper_set_quiet_ns), while OpenBLAS's idle threads still poll the cores.
void wick_helper_after_openblas_threads(void);

// ---- Settings

/// Turns the helper on (the default) or off; off, every product and loop runs on its caller, and
/// the helper thread is never started.
void wick_helper_set_enabled(bool on);
/// Whether the helper is on (see wick_helper_set_enabled).
bool wick_helper_enabled(void);
/// How long, in nanoseconds, the helper thread spins for the next job before it sleeps (2 ms by
/// default; after the first 50 us it yields the core to other threads between checks). Negative
/// values count as 0.
void wick_helper_set_spin_ns(long ns);
/// The helper thread's spinning time (see wick_helper_set_spin_ns).
long wick_helper_spin_ns(void);
/// How long, in nanoseconds, after a product on OpenBLAS's own threads no job is shared (0.2 s by
/// default: OpenBLAS's idle threads poll the cores for 2^28 clock cycles after their last work).
/// Negative values count as 0.
void wick_helper_set_quiet_ns(long ns);
/// The quiet period after a product on OpenBLAS's threads (see wick_helper_set_quiet_ns).
long wick_helper_quiet_ns(void);

// ---- Counters, state and the deterministic mode (for tests)

/// How many products the helper thread has computed a half of since the process started.
long wick_gemm_split_count(void);
/// How many loops the helper thread has run a part of since the process started.
long wick_shared_loop_count(void);
/// Whether the helper thread is asleep (waiting on its condition variable, using no CPU).
bool wick_helper_sleeping(void);
/// Deterministic mode (off by default): every job that can be shared is handed to the helper and
/// run by it. A sleeping helper is woken for the job and waited for, and the caller never takes a
/// part back, so that a test can tell exactly which parts the helper ran, without timing. The
/// other conditions (helper enabled, two OpenBLAS threads, quiet period, one caller at a time)
/// still apply. Slower than the normal mode on a busy machine; set it while no job is in flight.
void wick_helper_set_deterministic(bool on);
/// Whether the deterministic mode is on (see wick_helper_set_deterministic).
bool wick_helper_deterministic(void);
#endif
