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

/// Winograd F(2x2, 3x3)'s input transform (Lavin and Gray, 2016) of one padded plane: for each
/// tile (ty, tx) of `tiles_down x tiles_across`, d the 4x4 block of `plane` (rows `padded_width`
/// apart) from row 2·ty, column 2·tx, entry ξ = 4i + j of Bᵀ d B goes to
/// `into[ξ·step + ty·tiles_across + tx]`. Tiles are done 8 at a time along a row: the plane is read
/// up to `2·⌈tiles_across/8⌉·8 + 2` scalars past the start of the last block row, and a row's
/// last vector writes up to 7 entries past its last tile.
void wick_winograd_input_f(const float *plane, long padded_width, long tiles_down, long tiles_across,
                           float *into, long step);
/// Winograd F(2x2, 3x3)'s output transform: for each tile t = ty·tiles_across + tx, m the 4x4
/// block with entry ξ at `from[ξ·step + t]`, the 2x2 block Aᵀ m A goes to rows 2·ty, 2·ty + 1 and
/// columns 2·tx, 2·tx + 1 of `plane` (rows `width` apart, `width` at least
/// 2·⌈tiles_across/8⌉·8). Reads up to 7 entries past a row's last tile.
void wick_winograd_output_f(const float *from, long step, long tiles_down, long tiles_across, float *plane,
                            long width);
#endif
