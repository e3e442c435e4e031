// Counts the heap allocations of the program it is linked into (wick-distributed-check), to check
// that a training step allocates nothing in Wick's code.
#ifndef WICK_MALLOC_COUNT_H
#define WICK_MALLOC_COUNT_H

#include <stddef.h>

/// Whether allocations are counted: false under AddressSanitizer and ThreadSanitizer, which
/// replace malloc themselves.
int wick_malloc_counting(void);
/// The number of malloc, calloc and realloc calls so far, on any thread, except those made by
/// the calling thread while paused.
size_t wick_malloc_count(void);
/// Pauses (1) or resumes (0) counting the calling thread's allocations.
void wick_malloc_pause(int paused);

#endif
