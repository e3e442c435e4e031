// Wick's helper thread: one thread of Wick's own that takes half of the mid-sized work of a small
// network's training step, the products (wick_gemm.h) and the element-wise loops (below). It waits
// for work by spinning, then sleeps; see Docs/Design.md, "A helper thread for a small network's
// step".
#ifndef WICK_HELPER_H
#define WICK_HELPER_H
#include <stdbool.h>

/// A part of a loop: the iterations start..<end of the loop described by `context`.
typedef void (*wick_range_body)(const void *context, long start, long end);
/// Starts a loop of `count` iterations in two parts: when count >= minimum and the helper is
/// available (helper enabled, OpenBLAS on two or more threads, no product on OpenBLAS's threads in
/// the last 0.2 s, no other caller), the helper runs body(context, middle, count) and this returns
/// middle (a multiple of 8 near count / 2): the caller then runs 0..<middle and calls
/// wick_end_halves(). Otherwise it returns count, and the caller runs the whole loop. `context`
/// must stay valid until wick_end_halves() returns.
long wick_begin_halves(long count, long minimum, const void *context, wick_range_body body);
/// Waits for the helper's part of the loop started by wick_begin_halves (when that returned less
/// than its count), and releases the helper. A part the helper has not started yet is run here.
void wick_end_halves(void);

/// Turns the helper on (the default) or off; off, every product and loop runs on its caller as
/// before, and the helper thread is never started.
void wick_helper_set_enabled(bool on);
/// Whether the helper is on (see wick_helper_set_enabled).
bool wick_helper_enabled(void);
/// How long the helper thread spins for the next job before it sleeps (2 ms by default; after the
/// first 50 us it yields the core to other threads between checks).
void wick_helper_set_spin_ns(long ns);
/// The helper thread's spinning time (see wick_helper_set_spin_ns).
long wick_helper_spin_ns(void);
/// How many loops the helper thread has run a part of.
long wick_shared_loop_count(void);
#endif
