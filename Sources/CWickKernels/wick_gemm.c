#include "wick_gemm.h"
#include <cblas.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define WICK_PAUSE() _mm_pause()
#else
#define WICK_PAUSE() ((void)0)
#endif

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

// How long the helper spins for the next job before it sleeps.
static atomic_long spin_ns = 2000000;
// How long after a product on OpenBLAS's own threads no product is shared. OpenBLAS's idle
// threads keep polling the cores (sched_yield) for 2^28 clock cycles after their last work;
// the helper competing with them made the shared products several times slower.
#define POOL_QUIET_NS 200000000L

// The helper thread and what it is given. `posted` counts the jobs handed over; the caller writes
// the job, then publishes it by incrementing `posted` (release). Whoever moves `claimed` to the
// job's number first runs it, the helper or (taking it back) the caller; the caller waits for
// `finished` when the helper claimed it. After a job the helper spins for `spin_ns` (2 ms by default:
// the jobs of a small network's step follow each other within microseconds, and its steps within
// a fraction of a millisecond), pausing for the first 50 us and yielding the core to any other
// thread that wants it after that, then sleeps on `wake`. It goes
// to sleep at once when `park` is set, before a product that OpenBLAS runs on its own threads:
// those need both cores, and a spinning helper slowed them down. A sleeping helper
// is woken (`rouse`) by the next job that could be shared, which its caller runs alone, so that
// no job waits for a thread to wake up.
static struct {
    pthread_once_t once;
    atomic_bool started;
    atomic_flag busy;
    atomic_long posted, claimed, finished, split_count, range_count, pool_used_at;
    atomic_bool sleeping, rouse, park, off;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    // The job: a half of a product, or a part of a loop.
    bool job_is_range;
    Half job;
    wick_range_body range_body;
    const void *range_context;
    long range_start, range_end, range_ticket;
} helper = {.once = PTHREAD_ONCE_INIT, .busy = ATOMIC_FLAG_INIT, .pool_used_at = -POOL_QUIET_NS,
            .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};


static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

// Returns once `posted` has moved past `done`. The posted work is looked for before anything else:
// a job posted (and perhaps taken back by the caller) before `park` was set must still end the
// wait, or the helper would go round this loop without ever sleeping.
static void wait_for_work(long done) {
    for (;;) {
        long start = now_ns();
        for (unsigned spins = 1;; spins++) {
            if (atomic_load_explicit(&helper.posted, memory_order_acquire) != done) return;
            if (atomic_load_explicit(&helper.park, memory_order_relaxed)) break;
            if (spins % 64 == 0) {
                long waited = now_ns() - start;
                if (waited > atomic_load_explicit(&spin_ns, memory_order_relaxed)) break;
                // After the first 50 us, let any other thread that wants this core have it.
                if (waited > 50000) sched_yield();
            }
            WICK_PAUSE();
        }
        pthread_mutex_lock(&helper.lock);
        // `sleeping` is set before `posted` is read again, and the caller sets `posted` before it
        // reads `sleeping` (both sequentially consistent), so one of the two sees the other:
        // either the work is found here, or the caller signals `wake`.
        atomic_store(&helper.sleeping, true);
        while (atomic_load(&helper.posted) == done && !atomic_load(&helper.rouse))
            pthread_cond_wait(&helper.wake, &helper.lock);
        atomic_store(&helper.rouse, false);
        atomic_store(&helper.sleeping, false);
        pthread_mutex_unlock(&helper.lock);
    }
}

// Runs the job in `helper`: the helper's part of a product or of a loop.
static void run_job(void) {
    if (helper.job_is_range)
        helper.range_body(helper.range_context, helper.range_start, helper.range_end);
    else
        run_half(&helper.job);
}

static void *helper_main(void *unused) {
    (void)unused;
    for (long done = 0;; ) {
        wait_for_work(done);
        long ticket = atomic_load_explicit(&helper.posted, memory_order_acquire);
        // Claim the job, unless the caller has taken it back meanwhile (see `finish`).
        long unclaimed = ticket - 1;
        if (atomic_compare_exchange_strong(&helper.claimed, &unclaimed, ticket)) {
            run_job();
            atomic_store_explicit(&helper.finished, ticket, memory_order_release);
        }
        done = ticket;
    }
    return NULL;
}

static void signal_helper(bool rouse) {
    pthread_mutex_lock(&helper.lock);
    if (rouse) atomic_store(&helper.rouse, true);
    pthread_cond_signal(&helper.wake);
    pthread_mutex_unlock(&helper.lock);
}

// A child of fork() has no helper thread: it computes every product on its own.
static void forget_helper_in_child(void) { atomic_store(&helper.started, false); }

static void start_helper(void) {
    pthread_atfork(NULL, NULL, forget_helper_in_child);
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    atomic_store(&helper.started, pthread_create(&thread, &attributes, helper_main, NULL) == 0);
    pthread_attr_destroy(&attributes);
}

// OpenBLAS 0.3.21 runs a product on the calling thread alone when m n k <= 65536 * 4.
static const long openblas_single_thread_limit = 262144;

static bool single_threaded_in_openblas(const Half *h) {
    return (long)h->m * h->n * h->k <= openblas_single_thread_limit;
}

bool wick_gemm_split_pays(int m, int n, int k) {
    long mnk = (long)m * n * k;
    return !atomic_load_explicit(&helper.off, memory_order_relaxed) && k >= 8 && mnk >= 65536 && mnk <= 2 * openblas_single_thread_limit && (m >= 16 || n >= 16) &&
           openblas_get_num_threads() >= 2;
}

void wick_gemm_set_sharing(bool on) { atomic_store(&helper.off, !on); }

bool wick_gemm_sharing(void) { return !atomic_load(&helper.off); }

long wick_gemm_split_count(void) { return atomic_load(&helper.split_count); }

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

// Takes the helper for one job, or returns false when it is not to be used now: within the quiet
// period, while another thread has it, or while it sleeps (then it is woken for the next job).
static bool take_helper(void) {
    bool quiet = now_ns() - atomic_load_explicit(&helper.pool_used_at, memory_order_relaxed) > POOL_QUIET_NS;
    if (!quiet || atomic_flag_test_and_set(&helper.busy)) return false;
    pthread_once(&helper.once, start_helper);
    atomic_store_explicit(&helper.park, false, memory_order_relaxed);
    bool started = atomic_load(&helper.started);
    if (!started || atomic_load(&helper.sleeping)) {
        if (started) signal_helper(true);
        atomic_flag_clear(&helper.busy);
        return false;
    }
    return true;
}

// Hands the job written into `helper` over, and returns its ticket for `finish`.
static long post(void) {
    long ticket = atomic_load_explicit(&helper.posted, memory_order_relaxed) + 1;
    atomic_store(&helper.posted, ticket);
    if (atomic_load(&helper.sleeping)) signal_helper(false);
    return ticket;
}

// Waits for the helper's part of job `ticket`, and releases the helper. A helper that has not
// started that part by the time the caller is done with its own (its core was taken away, say)
// never will: the caller takes the part back and runs it, so a step is never slower than on one
// thread by more than the hand-off.
static void finish(long ticket, atomic_long *counter) {
    long unclaimed = ticket - 1;
    if (atomic_compare_exchange_strong(&helper.claimed, &unclaimed, ticket)) {
        run_job();
    } else {
        while (atomic_load_explicit(&helper.finished, memory_order_acquire) != ticket) WICK_PAUSE();
        atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
    }
    atomic_flag_clear(&helper.busy);
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
        if (pooled) atomic_store_explicit(&helper.park, true, memory_order_relaxed);
        run_half(&whole);
        if (pooled) atomic_store_explicit(&helper.pool_used_at, now_ns(), memory_order_relaxed);
        return;
    }
    if (!take_helper()) {
        run_half(&mine);
        run_half(&theirs);
        return;
    }
    helper.job_is_range = false;
    helper.job = theirs;
    long ticket = post();
    run_half(&mine);
    finish(ticket, &helper.split_count);
}

long wick_begin_halves(long count, long minimum, const void *context, wick_range_body body) {
    if (count < minimum || atomic_load_explicit(&helper.off, memory_order_relaxed) ||
        openblas_get_num_threads() < 2 || !take_helper())
        return count;
    long middle = (count / 2) & ~7L;
    helper.job_is_range = true;
    helper.range_body = body;
    helper.range_context = context;
    helper.range_start = middle;
    helper.range_end = count;
    helper.range_ticket = post();
    return middle;
}

void wick_end_halves(void) { finish(helper.range_ticket, &helper.range_count); }

void wick_helper_set_spin_ns(long ns) { atomic_store(&spin_ns, ns < 0 ? 0 : ns); }

long wick_helper_spin_ns(void) { return atomic_load(&spin_ns); }

long wick_shared_loop_count(void) { return atomic_load(&helper.range_count); }

void wick_gemm_f(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    gemm((Half){false, transpose_a, transpose_b, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c});
}

void wick_gemm_d(bool transpose_a, bool transpose_b, int m, int n, int k, double alpha,
                 const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc) {
    gemm((Half){true, transpose_a, transpose_b, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c});
}
