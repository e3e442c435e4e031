#include "wick_kernels.h"
#include <math.h>

void wick_subtract_scaled_ratio_f(float *restrict x, const float *restrict numerator,
                                  const float *restrict denominator, size_t count, float scale,
                                  float epsilon) {
    for (size_t i = 0; i < count; i++) x[i] -= scale * numerator[i] / (sqrtf(denominator[i]) + epsilon);
}

void wick_subtract_scaled_ratio_d(double *restrict x, const double *restrict numerator,
                                  const double *restrict denominator, size_t count, double scale,
                                  double epsilon) {
    for (size_t i = 0; i < count; i++) x[i] -= scale * numerator[i] / (sqrt(denominator[i]) + epsilon);
}
