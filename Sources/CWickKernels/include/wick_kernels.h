// Loops that Swift does not vectorise. A scalar square root in Swift keeps C's errno semantics
// on Linux, which forces one library call per element; here the square root is the bare IEEE
// operation (no errno), so these loops become SIMD square roots. The exponential is a polynomial
// the compiler vectorises, where the C library's exp is one call per element. A search loop with
// an early exit is not vectorised either; here it tests blocks of 16 without branches and only
// then looks inside. These are math kernels only; Wick's helper thread is in CWickThreads.
#ifndef WICK_KERNELS_H
#define WICK_KERNELS_H
#include <stddef.h>

/// x[i] -= scale * numerator[i] / (sqrt(denominator[i]) + epsilon), for i < count.
void wick_subtract_scaled_ratio_f(float *x, const float *numerator, const float *denominator,
                                  size_t count, float scale, float epsilon);
/// The double-precision version of wick_subtract_scaled_ratio_f.
void wick_subtract_scaled_ratio_d(double *x, const double *numerator, const double *denominator,
                                  size_t count, double scale, double epsilon);

/// y[i] = e^x[i] for i < count (y may be x, but must not otherwise overlap it), vectorised: a
/// polynomial after reducing by ln 2, within about 2 ulp of the exact value (a relative error
/// below 5e-16); overflow gives +inf, underflow 0 (through the subnormals), NaN stays NaN.
void wick_exp_d(const double *x, double *y, size_t count);
/// The single-precision version of wick_exp_d.
void wick_exp_f(const float *x, float *y, size_t count);

/// The first i in [start, count) with values[i] - shift[i] <= limit (in float arithmetic), or
/// count if there is none.
size_t wick_first_at_most_f(const float *values, const float *shift, size_t start, size_t count, float limit);
#endif
