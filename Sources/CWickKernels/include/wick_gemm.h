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

/// Whether an m x n x k product qualifies for sharing between two threads: the helper is on,
/// OpenBLAS runs on two or more threads, the product is large enough to repay the hand-off
/// (m n k >= 65536, k >= 8), and small enough that OpenBLAS runs each half on its calling thread
/// (m n k / 2 <= 262144, OpenBLAS 0.3.21's threading threshold). Larger products go to OpenBLAS's
/// own threads.
bool wick_gemm_split_pays(int m, int n, int k);

/// How many products the helper thread has computed a half of since the process started (for
/// tests: it shows that the shared path ran).
long wick_gemm_split_count(void);

#endif
