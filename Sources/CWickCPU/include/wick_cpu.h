// Which OpenBLAS kernel runs, what the CPU could run, and Wick's choice between them (issue:
// "Run at the machine's speed"). Debian's OpenBLAS (DYNAMIC_ARCH) picks its kernels by CPU model
// when the library loads; on a CPU it does not know it falls back to its generic SSE3 kernels
// (Prescott), a fifth of the speed of the AVX-512 ones on such a machine. OpenBLAS reads the
// variable OPENBLAS_CORETYPE at that moment only, so a program that wants another kernel must
// have it in its environment when it starts: Wick's own programs re-execute themselves with it
// (wick_launch_with_recommended_kernel, run by the CWickLauncher target). See Docs/Design.md.
#ifndef WICK_CPU_H
#define WICK_CPU_H

/// CPU features that OpenBLAS's kernels use, each reported only when the operating system also
/// saves the registers it needs (XGETBV).
enum {
    WICK_CPU_SSE3 = 1 << 0,
    WICK_CPU_AVX = 1 << 1,
    WICK_CPU_AVX2 = 1 << 2,
    WICK_CPU_FMA = 1 << 3,
    WICK_CPU_AVX512F = 1 << 4,
    WICK_CPU_AVX512BW = 1 << 5,
    WICK_CPU_AVX512DQ = 1 << 6,
    WICK_CPU_AVX512VL = 1 << 7,
};

/// The features of this CPU (CPUID leaves 1 and 7; 0 on processors other than x86-64).
unsigned wick_cpu_features(void);

/// The CPU's brand string (CPUID leaves 0x80000002...4), trimmed, into `buffer` of `size` bytes;
/// an empty string where there is none.
void wick_cpu_brand(char *buffer, int size);

/// What Wick does about OpenBLAS's kernel.
typedef enum {
    /// OPENBLAS_CORETYPE is set (by the user or the machine): never overridden.
    WICK_KERNEL_VARIABLE_SET = 0,
    /// OpenBLAS already runs a kernel that uses the CPU's widest vectors it knows of, or a
    /// kernel Wick does not know: nothing to do.
    WICK_KERNEL_KEEP = 1,
    /// OpenBLAS runs a generic SSE kernel on a CPU with AVX, AVX2+FMA or AVX-512: switch to the
    /// recommended kernel.
    WICK_KERNEL_SWITCH = 2,
} wick_kernel_action;

/// The decision table: given the CPU's features, the kernel OpenBLAS runs
/// (openblas_get_corename(), any case) and whether OPENBLAS_CORETYPE is set, the action, and in
/// `recommended` (when not NULL) the kernel to use: "SkylakeX" (AVX-512 F, BW, DQ, VL),
/// "Haswell" (AVX2 and FMA) or "Sandybridge" (AVX), or NULL.
wick_kernel_action wick_kernel_decision(unsigned features, const char *current_kernel, int variable_set,
                                        const char **recommended);

/// OpenBLAS's kernel in use (openblas_get_corename()).
const char *wick_blas_kernel(void);

/// Checks the kernels now loaded: single and double matrix products of odd sizes, transposed and
/// not, against the same sums in long double, and a LAPACK solve (dgesv) against its residual.
/// Returns 1 when all agree within rounding, 0 otherwise.
int wick_blas_self_check(void);

/// What Wick's own programs (samples, benchmarks) run first: when the decision is
/// WICK_KERNEL_SWITCH, re-executes the program (/proc/self/exe, same arguments) with
/// OPENBLAS_CORETYPE set to the recommended kernel; the new process checks that kernel with
/// wick_blas_self_check and, if it fails, says so and re-executes once more with OpenBLAS's own
/// choice. WICK_BLAS_KERNEL=default in the environment keeps OpenBLAS's own choice silently;
/// WICK_BLAS_KERNEL=pretend-generic (for Wick's tests) acts as if OpenBLAS ran Prescott.
/// Returns normally whenever no re-execution happens.
void wick_launch_with_recommended_kernel(int argc, char **argv);

/// For a program that is not Wick's own: when the decision is WICK_KERNEL_SWITCH, says once on
/// standard error which variable to set (unless WICK_BLAS_KERNEL=default).
void wick_advise_blas_kernel(void);

#endif
