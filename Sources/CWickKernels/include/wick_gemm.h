// Matrix products of the size a small network's training step makes (about 0.1 to 1 MFLOP),
// shared by the calling thread and one helper thread of Wick's own.
//
// OpenBLAS runs such a product either on one thread, or on its thread pool, whose hand-off costs
// several microseconds: a 64x128x64 Double product took 21.7 us on one thread and 14-15.6 us on
// two. Here the product is cut in two halves, each small enough that OpenBLAS runs it on the
// thread that calls it; the caller computes one half while a helper thread, which waits for work
// by spinning for a while (then sleeping), computes the other. The four shared products of a
// 64-128-10 Double training step (batch 64) took 14.2, 11.9, 3.7 and 3.8 us instead of 14.4,
// 14.1, 5.5 and 6.2, and the whole step about 51 us instead of 57.
#ifndef WICK_GEMM_H
#define WICK_GEMM_H
#include <stdbool.h>

/// C = alpha * op(A) * op(B) + beta * C for row-major matrices, op(X) = X or its transpose: the
/// arguments of cblas_sgemm with CblasRowMajor. A product that gains from two threads (see
/// wick_gemm_split_pays) is shared with the helper thread; any other runs in cblas_sgemm as is.
/// A product of a shape that qualifies is always computed as the same two halves: by the two
/// threads, or one after the other on the caller when the helper is busy with another caller's
/// product, asleep (the product wakes it for the next one), or within 0.2 s of a product on
/// OpenBLAS's own threads. Its result does not depend on which of these happened; it may differ
/// in the last bits from cblas_sgemm's on the whole product.
void wick_gemm_f(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);
/// The double-precision version of wick_gemm_f (cblas_dgemm).
void wick_gemm_d(bool transpose_a, bool transpose_b, int m, int n, int k, double alpha,
                 const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc);

/// Whether an m x n x k product qualifies for sharing between two threads: sharing is on,
/// OpenBLAS runs on two or more threads, the product is large enough to repay the hand-off
/// (m n k >= 65536, k >= 8), and small enough that OpenBLAS runs each half on its calling thread
/// (m n k / 2 <= 262144, OpenBLAS 0.3.21's threading threshold). Larger products go to OpenBLAS's
/// own threads.
bool wick_gemm_split_pays(int m, int n, int k);

/// Turns the sharing on (the default) or off; off, every product runs in cblas_sgemm/dgemm as is
/// and the helper thread is never started.
void wick_gemm_set_sharing(bool on);
/// Whether products are shared with the helper thread (see wick_gemm_set_sharing).
bool wick_gemm_sharing(void);

/// How many products the helper thread has computed a half of since the process started (for
/// tests: it shows that the shared path ran).
long wick_gemm_split_count(void);

/// A part of a loop: the iterations start..<end of the loop described by `context`.
typedef void (*wick_range_body)(const void *context, long start, long end);
/// Starts a loop of `count` iterations in two parts: when count >= minimum and the helper is
/// available on the terms of the products (sharing on, two or more threads, no product on
/// OpenBLAS's threads in the last 0.2 s, no other caller), the helper runs
/// body(context, middle, count) and this returns middle (a multiple of 8 near count / 2): the
/// caller then runs 0..<middle and calls wick_end_halves(). Otherwise it returns count, and the
/// caller runs the whole loop. `context` must stay valid until wick_end_halves() returns.
long wick_begin_halves(long count, long minimum, const void *context, wick_range_body body);
/// Waits for the helper's part of the loop started by wick_begin_halves (when that returned less
/// than its count), and releases the helper.
void wick_end_halves(void);
/// How long the helper thread spins for the next job before it sleeps (2 ms by default; after the
/// first 50 us it yields the core to other threads between checks).
void wick_helper_set_spin_ns(long ns);
/// The helper thread's spinning time (see wick_helper_set_spin_ns).
long wick_helper_spin_ns(void);
/// How many loops the helper thread has run a part of.
long wick_shared_loop_count(void);
#endif
