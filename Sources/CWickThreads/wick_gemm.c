// How a shared product is cut and handed over: two cblas calls, one per half, the second posted
// to the helper as one job. Which products are shared, and where they are cut, is decided in
// Swift (WickCore's GEMMDispatch), with OpenBLAS's thresholds.
#include "helper_internal.h"
#include <cblas.h>
#include <stddef.h>

// One half of a product: the arguments of one cblas call.
typedef struct {
    bool is_double, transpose_a, transpose_b;
    int m, n, k, lda, ldb, ldc;
    double alpha, beta;
    const void *a, *b;
    void *c;
} Half;

static void run_half(const Half *h) {
    CBLAS_TRANSPOSE ta = h->transpose_a ? CblasTrans : CblasNoTrans;
    CBLAS_TRANSPOSE tb = h->transpose_b ? CblasTrans : CblasNoTrans;
    if (h->is_double)
        cblas_dgemm(CblasRowMajor, ta, tb, h->m, h->n, h->k, h->alpha, h->a, h->lda, h->b, h->ldb,
                    h->beta, h->c, h->ldc);
    else
        cblas_sgemm(CblasRowMajor, ta, tb, h->m, h->n, h->k, (float)h->alpha, h->a, h->lda, h->b,
                    h->ldb, (float)h->beta, h->c, h->ldc);
}

// The helper's part of a product: the half that `context` describes.
static void run_half_part(const void *context, long start, long end) {
    (void)start;
    (void)end;
    run_half(context);
}

static atomic_long split_count;

long wick_gemm_split_count(void) { return atomic_load(&split_count); }

// Cuts `first` at row `at` of C (along_rows) or at its column `at`, leaving the first part in
// `first` and returning the second in `second`.
static void cut(Half *first, Half *second, bool along_rows, int at) {
    *second = *first;
    size_t size = first->is_double ? sizeof(double) : sizeof(float);
    if (along_rows) {
        first->m = at;
        second->m -= at;
        // Row `at` of op(A): a row of A, or a column of A when A is transposed.
        second->a = (const char *)first->a + (size_t)at * (first->transpose_a ? 1 : (size_t)first->lda) * size;
        second->c = (char *)first->c + (size_t)at * (size_t)first->ldc * size;
    } else {
        first->n = at;
        second->n -= at;
        // Column `at` of op(B): a column of B, or a row of B when B is transposed.
        second->b = (const char *)first->b + (size_t)at * (first->transpose_b ? (size_t)first->ldb : 1) * size;
        second->c = (char *)first->c + (size_t)at * size;
    }
}

// The same two halves whichever thread computes the second one, so the result does not depend on
// timing.
// A large product's halves (`large`) run with OpenBLAS held to one thread, so that each stays on
// the thread that computes it.
static void halves(Half whole, bool along_rows, int at, bool large) {
    Half mine = whole, theirs;
    cut(&mine, &theirs, along_rows, at);
    if (!helper_take(large)) {
        if (large) wick_helper_before_openblas_threads();
        run_half(&mine);
        run_half(&theirs);
        if (large) wick_helper_after_openblas_threads();
        return;
    }
    if (large) wick_blas_hold_one_thread();
    long ticket = helper_post(run_half_part, &theirs, 0, 0);
    run_half(&mine);
    helper_finish(ticket, &split_count);
    if (large) wick_blas_release_threads();
}

void wick_gemm_halves_f(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha,
                        const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc,
                        bool along_rows, int cut, bool large) {
    halves((Half){false, transpose_a, transpose_b, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c}, along_rows, cut, large);
}

void wick_gemm_halves_d(bool transpose_a, bool transpose_b, int m, int n, int k, double alpha,
                        const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc,
                        bool along_rows, int cut, bool large) {
    halves((Half){true, transpose_a, transpose_b, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c}, along_rows, cut, large);
}
