// Wick's helper thread as the product halves (wick_gemm.c) use it; wick_helper.c implements it.
// One job at a time: a caller that takes the helper (helper_take) hands over one part of its work
// (helper_post), runs its own part, and then calls helper_finish, which waits for the helper's
// part or, when the helper has not started it, runs it on the caller.
#ifndef WICK_HELPER_INTERNAL_H
#define WICK_HELPER_INTERNAL_H
#include "wick_threads.h"
#include <stdatomic.h>
#include <stdbool.h>

/// Takes the helper for one job; false when it is not to be used now: sharing is off, OpenBLAS
/// runs on one thread, within the quiet period after a product on OpenBLAS's own threads, while
/// another thread has it, or while it sleeps (then it is woken for the next job; for a job long
/// enough to wait for it, `wake_for_this_job`, and in deterministic mode, it is taken all the
/// same, and helper_post wakes it).
bool helper_take(bool wake_for_this_job);
/// Hands part(context, start, end) to the helper taken by helper_take, and returns the job's
/// ticket for helper_finish. `context` must stay valid until helper_finish returns.
long helper_post(wick_range_body part, const void *context, long start, long end);
/// Waits for the helper's part of job `ticket` (or runs it here, when the helper has not started
/// it, outside deterministic mode), counts it in `counter` when the helper ran it, and releases
/// the helper.
void helper_finish(long ticket, atomic_long *counter);
#endif
