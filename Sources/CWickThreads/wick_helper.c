#define _GNU_SOURCE  // sched_getcpu, CPU_SET
#include "helper_internal.h"
#include <cblas.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define WICK_PAUSE() _mm_pause()
#else
#define WICK_PAUSE() ((void)0)
#endif

// How long the helper spins for the next job before it sleeps.
static atomic_long spin_ns = 2000000;
// How long after a product on OpenBLAS's own threads no job is shared. OpenBLAS's idle threads
// keep polling the cores (sched_yield) for 2^28 clock cycles after their last work; the helper
// competing with them made the shared products several times slower.
static atomic_long quiet_ns = 200000000L;
// Deterministic mode (wick_helper_set_deterministic): a job is always handed to the helper and
// run by it.
static atomic_bool deterministic;

// The helper thread and its one job. `posted` counts the jobs handed over; the caller writes the
// job, then publishes it by incrementing `posted` (release). Whoever moves `claimed` to the job's
// number first runs it, the helper or (taking it back) the caller; the caller waits for
// `finished` when the helper claimed it. After a job the helper spins for `spin_ns` (2 ms by
// default: the jobs of a small network's step follow each other within microseconds, and its
// steps within a fraction of a millisecond), pausing for the first 50 us and yielding the core to
// any other thread that wants it after that, then sleeps on `wake`. It goes to sleep at once when
// `park` is set, before a product that OpenBLAS runs on its own threads: those need both cores,
// and a spinning helper slowed them down. A sleeping helper is woken (`rouse`) by the next job
// that could be shared, which its caller runs alone, so that no job waits for a thread to wake up.
static struct {
    pthread_once_t once;
    atomic_bool started;
    atomic_flag busy;
    atomic_long posted, claimed, finished, loop_count, pool_used_at;
    atomic_bool sleeping, rouse, park, off;
    atomic_int caller_cpu;  // the CPU the last job was posted from
    pthread_mutex_t lock;
    pthread_cond_t wake;
    // The job.
    wick_range_body part;
    const void *context;
    long start, end;
    // The ticket of the loop started by wick_begin_halves, and whether it holds OpenBLAS to one thread.
    long loop_ticket;
    bool loop_holds_blas;
} helper = {.once = PTHREAD_ONCE_INIT, .busy = ATOMIC_FLAG_INIT, .pool_used_at = LONG_MIN / 2,  // never
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

static void run_job(void) { helper.part(helper.context, helper.start, helper.end); }

// Moves the helper off `cpu`, the CPU its caller runs on. Two threads on one CPU take turns
// instead of working at the same time, and the scheduler leaves them there for a long while when
// both keep running (neither ever sleeps long enough to look movable); that happened when the
// helper started while OpenBLAS's own threads were still polling the other core. Excluding the
// CPU from the helper's affinity moves it at once; the original affinity is then restored, which
// leaves it where it is.
static void leave_cpu(int cpu) {
    cpu_set_t allowed;
    if (cpu < 0 || sched_getaffinity(0, sizeof allowed, &allowed) != 0 || !CPU_ISSET(cpu, &allowed) ||
        CPU_COUNT(&allowed) < 2)
        return;
    cpu_set_t elsewhere = allowed;
    CPU_CLR(cpu, &elsewhere);
    if (sched_setaffinity(0, sizeof elsewhere, &elsewhere) == 0) sched_setaffinity(0, sizeof allowed, &allowed);
}

static void *helper_main(void *unused) {
    (void)unused;
    for (long done = 0;; ) {
        wait_for_work(done);
        int caller = atomic_load_explicit(&helper.caller_cpu, memory_order_relaxed);
        if (caller == sched_getcpu()) leave_cpu(caller);
        long ticket = atomic_load_explicit(&helper.posted, memory_order_acquire);
        // Claim the job, unless the caller has taken it back meanwhile (see helper_finish).
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

// A child of fork() has no helper thread: it does all its work on its own.
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

bool helper_take(bool wake_for_this_job) {
    if (atomic_load_explicit(&helper.off, memory_order_relaxed) || openblas_get_num_threads() < 2) return false;
    bool quiet = now_ns() - atomic_load_explicit(&helper.pool_used_at, memory_order_relaxed) >
                 atomic_load_explicit(&quiet_ns, memory_order_relaxed);
    if (!quiet || atomic_flag_test_and_set(&helper.busy)) return false;
    pthread_once(&helper.once, start_helper);
    atomic_store_explicit(&helper.park, false, memory_order_relaxed);
    bool started = atomic_load(&helper.started);
    // A sleeping helper is woken for the next job; for a long job (wake_for_this_job) and in
    // deterministic mode, helper_post wakes it for this one.
    if (!started || (atomic_load(&helper.sleeping) && !wake_for_this_job &&
                     !atomic_load_explicit(&deterministic, memory_order_relaxed))) {
        if (started) signal_helper(true);
        atomic_flag_clear(&helper.busy);
        return false;
    }
    return true;
}

long helper_post(wick_range_body part, const void *context, long start, long end) {
    atomic_store_explicit(&helper.caller_cpu, sched_getcpu(), memory_order_relaxed);
    helper.part = part;
    helper.context = context;
    helper.start = start;
    helper.end = end;
    long ticket = atomic_load_explicit(&helper.posted, memory_order_relaxed) + 1;
    atomic_store(&helper.posted, ticket);
    if (atomic_load(&helper.sleeping)) signal_helper(false);
    return ticket;
}

// A helper that has not started its part by the time the caller is done with its own (its core
// was taken away, say) never will: the caller takes the part back and runs it, so a job is never
// slower than on one thread by more than the hand-off.
// In deterministic mode the caller waits for the helper instead, yielding its core now and then
// (the helper may have to wake up first).
void helper_finish(long ticket, atomic_long *counter) {
    long unclaimed = ticket - 1;
    if (atomic_load_explicit(&deterministic, memory_order_relaxed)) {
        for (unsigned spins = 1; atomic_load_explicit(&helper.finished, memory_order_acquire) != ticket; spins++) {
            if (spins % 1024 == 0) sched_yield();
            WICK_PAUSE();
        }
        atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
    } else if (atomic_compare_exchange_strong(&helper.claimed, &unclaimed, ticket)) {
        run_job();
    } else {
        while (atomic_load_explicit(&helper.finished, memory_order_acquire) != ticket) WICK_PAUSE();
        atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
    }
    atomic_flag_clear(&helper.busy);
}

void wick_helper_before_openblas_threads(void) { atomic_store_explicit(&helper.park, true, memory_order_relaxed); }

void wick_helper_after_openblas_threads(void) {
    atomic_store_explicit(&helper.pool_used_at, now_ns(), memory_order_relaxed);
}

long wick_halves_middle(long count) { return (count / 2) & ~7L; }

long wick_begin_halves(long count, long minimum, bool large, const void *context, wick_range_body body) {
    if (count < minimum || !helper_take(large)) return count;
    if (large) wick_blas_hold_one_thread();
    helper.loop_holds_blas = large;
    long middle = wick_halves_middle(count);
    helper.loop_ticket = helper_post(body, context, middle, count);
    return middle;
}

void wick_end_halves(void) {
    bool held = helper.loop_holds_blas;
    helper_finish(helper.loop_ticket, &helper.loop_count);
    if (held) wick_blas_release_threads();
}

// The thread count OpenBLAS had when the first holder came, and how many holders there are.
static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static int hold_depth, held_threads = 1;

void wick_blas_hold_one_thread(void) {
    pthread_mutex_lock(&hold_lock);
    if (hold_depth++ == 0) {
        held_threads = openblas_get_num_threads();
        if (held_threads != 1) openblas_set_num_threads(1);
    }
    pthread_mutex_unlock(&hold_lock);
}

void wick_blas_release_threads(void) {
    pthread_mutex_lock(&hold_lock);
    if (--hold_depth == 0 && held_threads != 1) openblas_set_num_threads(held_threads);
    pthread_mutex_unlock(&hold_lock);
}

void wick_helper_set_enabled(bool on) { atomic_store(&helper.off, !on); }

bool wick_helper_enabled(void) { return !atomic_load(&helper.off); }

void wick_helper_set_spin_ns(long ns) { atomic_store(&spin_ns, ns < 0 ? 0 : ns); }

long wick_helper_spin_ns(void) { return atomic_load(&spin_ns); }

void wick_helper_set_quiet_ns(long ns) { atomic_store(&quiet_ns, ns < 0 ? 0 : ns); }

long wick_helper_quiet_ns(void) { return atomic_load(&quiet_ns); }

long wick_shared_loop_count(void) { return atomic_load(&helper.loop_count); }

bool wick_helper_sleeping(void) { return atomic_load(&helper.sleeping); }

void wick_helper_set_deterministic(bool on) { atomic_store(&deterministic, on); }

bool wick_helper_deterministic(void) { return atomic_load(&deterministic); }
