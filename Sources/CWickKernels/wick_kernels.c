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

size_t wick_first_at_most_f(const float *restrict values, const float *restrict shift, size_t start, size_t count,
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
