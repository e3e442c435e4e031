#include "wick_kernels.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

// The loops below that gain from AVX2 and FMA get a second, x86-64-v3 build, chosen at load time
// when the CPU has them; other CPUs run the baseline build. Not under a sanitizer: the clones'
// resolvers run while the program is loaded, before the ThreadSanitizer (or AddressSanitizer)
// runtime is up, and crash it (`make sanitize` builds with them off).
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define WICK_UNDER_SANITIZER 1
#endif
#endif
#if defined(__x86_64__) && defined(__linux__) && !defined(WICK_UNDER_SANITIZER)
#define WICK_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define WICK_CLONES
#endif

// The IEEE square root, without errno. sqrtf and sqrt, and even __builtin_sqrtf, may set errno
// for a negative argument unless the whole target is compiled with -fno-math-errno (a flag that
// SwiftPM refuses in a package used by others), and then they do not vectorise; clang's
// element-wise builtin is the bare instruction, which does.
#if defined(__has_builtin) && __has_builtin(__builtin_elementwise_sqrt)
#define WICK_SQRT(x) __builtin_elementwise_sqrt(x)
#define WICK_SQRTF(x) __builtin_elementwise_sqrt(x)
#else
#define WICK_SQRT(x) sqrt(x)
#define WICK_SQRTF(x) sqrtf(x)
#endif

void wick_subtract_scaled_ratio_f(float *restrict x, const float *restrict numerator,
                                  const float *restrict denominator, size_t count, float scale,
                                  float epsilon) {
    for (size_t i = 0; i < count; i++) x[i] -= scale * numerator[i] / (WICK_SQRTF(denominator[i]) + epsilon);
}

void wick_subtract_scaled_ratio_d(double *restrict x, const double *restrict numerator,
                                  const double *restrict denominator, size_t count, double scale,
                                  double epsilon) {
    for (size_t i = 0; i < count; i++) x[i] -= scale * numerator[i] / (WICK_SQRT(denominator[i]) + epsilon);
}

WICK_CLONES size_t wick_first_at_most_f(const float *restrict values, const float *restrict shift, size_t start, size_t count,
                            float limit) {
    size_t i = start;
    for (; i + 16 <= count; i += 16) {
        int hit = 0;
        for (size_t j = 0; j < 16; j++) hit |= values[i + j] - shift[i + j] <= limit;
        if (hit) break;
    }
    for (; i < count; i++) {
        if (values[i] - shift[i] <= limit) return i;
    }
    return count;
}

// e^x = 2^n · e^r with n = round(x / ln 2) and |r| <= ln 2 / 2, r computed with ln 2 split in a
// high part exact in n · ln2_hi and a low correction. e^r is the Taylor polynomial (degree 12
// for double, 7 for float: the first omitted term is below half an ulp on that interval). 2^n is
// applied in two factors 2^n1 · 2^n2, each a normal number, so results in the subnormal range
// and overflow to infinity come out right. Rounding to an integer and building 2^n use the
// 1.5 · 2^52 (2^23) trick, which the compiler vectorises where rint() and casts would not.
// Comparisons, not fmin/fmax, clamp x: NaN fails both and propagates.

static inline double scale_d(double n) {
    const double shifter = 0x1.8p52;
    double biased = n + shifter;
    int64_t bits, base;
    memcpy(&bits, &biased, 8);
    memcpy(&base, &shifter, 8);
    int64_t e = (bits - base + 1023) << 52;
    double s;
    memcpy(&s, &e, 8);
    return s;
}

WICK_CLONES void wick_exp_d(const double *x, double *y, size_t count) {
    const double log2e = 0x1.71547652b82fep0, ln2hi = 0x1.62e42fee00000p-1, ln2lo = 0x1.a39ef35793c76p-33;
    const double shifter = 0x1.8p52;
    // In place (y == x) too: each element is read before it is written, at the same index. The
    // pragma spares the overlap check, which sent in-place calls to the scalar loop.
#pragma clang loop vectorize(assume_safety)
    for (size_t i = 0; i < count; i++) {
        double v = x[i];
        v = v < -746.0 ? -746.0 : v;
        v = v > 710.0 ? 710.0 : v;
        double n = (v * log2e + shifter) - shifter;
        double r = (v - n * ln2hi) - n * ln2lo;
        double p = 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
        p = p * r + 1.0 / 720.0;
        p = p * r + 1.0 / 120.0;
        p = p * r + 1.0 / 24.0;
        p = p * r + 1.0 / 6.0;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        double n1 = (n * 0.5 + shifter) - shifter, n2 = n - n1;
        y[i] = p * scale_d(n1) * scale_d(n2);
    }
}

static inline float scale_f(float n) {
    const float shifter = 0x1.8p23f;
    float biased = n + shifter;
    int32_t bits, base;
    memcpy(&bits, &biased, 4);
    memcpy(&base, &shifter, 4);
    int32_t e = (bits - base + 127) << 23;
    float s;
    memcpy(&s, &e, 4);
    return s;
}

WICK_CLONES void wick_exp_f(const float *x, float *y, size_t count) {
    const float log2e = 0x1.715476p0f, ln2hi = 0x1.62e4p-1f, ln2lo = 0x1.7f7d1cp-20f;
    const float shifter = 0x1.8p23f;
#pragma clang loop vectorize(assume_safety)
    for (size_t i = 0; i < count; i++) {
        float v = x[i];
        v = v < -104.0f ? -104.0f : v;
        v = v > 89.0f ? 89.0f : v;
        float n = (v * log2e + shifter) - shifter;
        float r = (v - n * ln2hi) - n * ln2lo;
        float p = 1.0f / 5040.0f;
        p = p * r + 1.0f / 720.0f;
        p = p * r + 1.0f / 120.0f;
        p = p * r + 1.0f / 24.0f;
        p = p * r + 1.0f / 6.0f;
        p = p * r + 0.5f;
        p = p * r + 1.0f;
        p = p * r + 1.0f;
        float n1 = (n * 0.5f + shifter) - shifter, n2 = n - n1;
        y[i] = p * scale_f(n1) * scale_f(n2);
    }
}
