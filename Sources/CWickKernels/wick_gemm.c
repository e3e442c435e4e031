#include "wick_gemm.h"
#include "helper_internal.h"
#include <cblas.h>

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

// OpenBLAS 0.3.21 runs a product on the calling thread alone when m n k <= 65536 * 4.
static const long openblas_single_thread_limit = 262144;

static bool single_threaded_in_openblas(const Half *h) {
    return (long)h->m * h->n * h->k <= openblas_single_thread_limit;
}

bool wick_gemm_split_pays(int m, int n, int k) {
    long mnk = (long)m * n * k;
    return wick_helper_enabled() && k >= 8 && mnk >= 65536 && mnk <= 2 * openblas_single_thread_limit && (m >= 16 || n >= 16) &&
           openblas_get_num_threads() >= 2;
}

static atomic_long split_count;

long wick_gemm_split_count(void) { return atomic_load(&split_count); }

// Where to cut `size` rows or columns: the multiple of 8 nearest to the middle (whole micro-kernel
// tiles on both sides), or the middle itself when that multiple is 0 or `size`.
static int split_point(int size) {
    int point = ((size / 2 + 4) / 8) * 8;
    return point > 0 && point < size ? point : size / 2;
}

// Cuts the product along the rows of C when it has 16 or more, else along its columns, and returns
// the second half in `second`. Row halves keep each thread's part of C contiguous: cutting a
// 64x128x64 product by rows took 12.5 us, by columns 13.6.
static void cut(Half *first, Half *second) {
    *second = *first;
    size_t size = first->is_double ? sizeof(double) : sizeof(float);
    if (first->m >= 16) {
        int top = split_point(first->m);
        first->m = top;
        second->m -= top;
        // Row `top` of op(A): a row of A, or a column of A when A is transposed.
        second->a = (const char *)first->a + (size_t)top * (first->transpose_a ? 1 : (size_t)first->lda) * size;
        second->c = (char *)first->c + (size_t)top * (size_t)first->ldc * size;
    } else {
        int left = split_point(first->n);
        first->n = left;
        second->n -= left;
        // Column `left` of op(B): a column of B, or a row of B when B is transposed.
        second->b = (const char *)first->b + (size_t)left * (first->transpose_b ? (size_t)first->ldb : 1) * size;
        second->c = (char *)first->c + (size_t)left * size;
    }
}

// A product whose shape qualifies is always computed as the same two halves, whichever thread
// computes the second one, so its result does not depend on timing.
static void gemm(Half whole) {
    Half mine = whole, theirs;
    bool halves = wick_gemm_split_pays(whole.m, whole.n, whole.k);
    if (halves) {
        cut(&mine, &theirs);
        halves = single_threaded_in_openblas(&mine) && single_threaded_in_openblas(&theirs);
    }
    if (!halves) {
        // OpenBLAS decides; a product on its own threads parks the helper and starts a quiet period.
        bool pooled = !single_threaded_in_openblas(&whole) && openblas_get_num_threads() >= 2;
        if (pooled) helper_park();
        run_half(&whole);
        if (pooled) helper_note_openblas_threads_used();
        return;
    }
    if (!helper_take()) {
        run_half(&mine);
        run_half(&theirs);
        return;
    }
    long ticket = helper_post(run_half_part, &theirs, 0, 0);
    run_half(&mine);
    helper_finish(ticket, &split_count);
}

void wick_gemm_f(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    gemm((Half){false, transpose_a, transpose_b, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c});
}

void wick_gemm_d(bool transpose_a, bool transpose_b, int m, int n, int k, double alpha,
                 const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc) {
    gemm((Half){true, transpose_a, transpose_b, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c});
}
