// malloc, calloc and realloc of the executable itself, which take precedence over glibc's for
// every library in the process (the dynamic linker finds the executable's symbols first), count
// each call and hand it to glibc's implementation (__libc_malloc and friends).
#include "malloc_count.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define WICK_SANITIZER 1
#endif
#endif

#ifdef WICK_SANITIZER
int wick_malloc_counting(void) { return 0; }
size_t wick_malloc_count(void) { return 0; }
void wick_malloc_pause(int paused) { (void)paused; }
#else
static size_t count;
static _Thread_local int paused_here;

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static inline void counted(void) {
    if (!paused_here) __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);
}

void *malloc(size_t size) {
    counted();
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
    counted();
    return __libc_calloc(n, size);
}

void *realloc(void *pointer, size_t size) {
    counted();
    return __libc_realloc(pointer, size);
}

int wick_malloc_counting(void) { return 1; }
size_t wick_malloc_count(void) { return __atomic_load_n(&count, __ATOMIC_RELAXED); }
void wick_malloc_pause(int paused) { paused_here = paused; }
#endif
