// Element-wise kernels that Swift cannot vectorise: a scalar square root in Swift keeps C's
// errno semantics on Linux, which forces one library call per element. Compiled here with
// -fno-math-errno, these loops become SIMD square roots.
#ifndef WICK_KERNELS_H
#define WICK_KERNELS_H
#include <stddef.h>

/// x[i] -= scale * numerator[i] / (sqrt(denominator[i]) + epsilon), for i < count.
void wick_subtract_scaled_ratio_f(float *x, const float *numerator, const float *denominator,
                                  size_t count, float scale, float epsilon);
/// The double-precision version of wick_subtract_scaled_ratio_f.
void wick_subtract_scaled_ratio_d(double *x, const double *numerator, const double *denominator,
                                  size_t count, double scale, double epsilon);
#endif
