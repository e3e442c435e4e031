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

// Winograd F(2x2, 3x3), 8 tiles of a row at a time in vectors of 8 floats (one AVX2 register in
// the x86-64-v3 build). Unaligned loads and stores go through memcpy, which compiles to single
// vector moves.
typedef float wick_v8f __attribute__((vector_size(32)));
typedef float wick_v16f __attribute__((vector_size(64)));

// Macros rather than functions: a vector argument or result would change the calling convention
// between the two builds.
#define WICK_LOAD(type, p) ({ type v_; memcpy(&v_, (p), sizeof v_); v_; })
#define WICK_STORE(p, v) do { wick_v8f v_ = (v); memcpy((p), &v_, sizeof v_); } while (0)

WICK_CLONES void wick_winograd_input_f(const float *plane, long padded_width, long tiles_down, long tiles_across,
                                       float *into, long step) {
    const long pw = padded_width;
    for (long ty = 0; ty < tiles_down; ty++) {
        for (long tx = 0; tx < tiles_across; tx += 8) {
            const float *base = plane + 2 * ty * pw + 2 * tx;
            // Bᵀ d down the columns, on 16 columns from 2·tx (a) and from 2·tx + 2 (b).
            const float *r0 = base, *r1 = base + pw, *r2 = base + 2 * pw, *r3 = base + 3 * pw;
            wick_v16f a0 = WICK_LOAD(wick_v16f, r0), a1 = WICK_LOAD(wick_v16f, r1);
            wick_v16f a2 = WICK_LOAD(wick_v16f, r2), a3 = WICK_LOAD(wick_v16f, r3);
            wick_v16f b0 = WICK_LOAD(wick_v16f, r0 + 2), b1 = WICK_LOAD(wick_v16f, r1 + 2);
            wick_v16f b2 = WICK_LOAD(wick_v16f, r2 + 2), b3 = WICK_LOAD(wick_v16f, r3 + 2);
            wick_v16f la[4] = {a0 - a2, a1 + a2, a2 - a1, a1 - a3}, lb[4] = {b0 - b2, b1 + b2, b2 - b1, b1 - b3};
            float *out = into + ty * tiles_across + tx;
            for (int i = 0; i < 4; i++) {
                // (…) B along the rows: columns 0 and 1 of the blocks are the even and odd scalars
                // of a, columns 2 and 3 those of b.
                wick_v8f d0 = __builtin_shufflevector(la[i], la[i], 0, 2, 4, 6, 8, 10, 12, 14);
                wick_v8f d1 = __builtin_shufflevector(la[i], la[i], 1, 3, 5, 7, 9, 11, 13, 15);
                wick_v8f d2 = __builtin_shufflevector(lb[i], lb[i], 0, 2, 4, 6, 8, 10, 12, 14);
                wick_v8f d3 = __builtin_shufflevector(lb[i], lb[i], 1, 3, 5, 7, 9, 11, 13, 15);
                WICK_STORE(out + (4 * i + 0) * step, d0 - d2);
                WICK_STORE(out + (4 * i + 1) * step, d1 + d2);
                WICK_STORE(out + (4 * i + 2) * step, d2 - d1);
                WICK_STORE(out + (4 * i + 3) * step, d1 - d3);
            }
        }
    }
}

WICK_CLONES void wick_winograd_output_f(const float *from, long step, long tiles_down, long tiles_across, float *plane,
                                        long width) {
    for (long ty = 0; ty < tiles_down; ty++) {
        for (long tx = 0; tx < tiles_across; tx += 8) {
            const float *m = from + ty * tiles_across + tx;
            wick_v8f s[4][2];
            for (int i = 0; i < 4; i++) {  // m A along the rows of the blocks
                wick_v8f m0 = WICK_LOAD(wick_v8f, m + (4 * i) * step), m1 = WICK_LOAD(wick_v8f, m + (4 * i + 1) * step);
                wick_v8f m2 = WICK_LOAD(wick_v8f, m + (4 * i + 2) * step), m3 = WICK_LOAD(wick_v8f, m + (4 * i + 3) * step);
                s[i][0] = m0 + m1 + m2;
                s[i][1] = m1 - m2 - m3;
            }
            // Aᵀ (…) down the columns, then the two columns of each tile interleaved into its rows.
            wick_v8f y00 = s[0][0] + s[1][0] + s[2][0], y01 = s[0][1] + s[1][1] + s[2][1];
            wick_v8f y10 = s[1][0] - s[2][0] - s[3][0], y11 = s[1][1] - s[2][1] - s[3][1];
            float *top = plane + 2 * ty * width + 2 * tx, *bottom = top + width;
            WICK_STORE(top, __builtin_shufflevector(y00, y01, 0, 8, 1, 9, 2, 10, 3, 11));
            WICK_STORE(top + 8, __builtin_shufflevector(y00, y01, 4, 12, 5, 13, 6, 14, 7, 15));
            WICK_STORE(bottom, __builtin_shufflevector(y10, y11, 0, 8, 1, 9, 2, 10, 3, 11));
            WICK_STORE(bottom + 8, __builtin_shufflevector(y10, y11, 4, 12, 5, 13, 6, 14, 7, 15));
        }
    }
}
