// CPU features, the kernel decision, the self-check and the launcher (see wick_cpu.h).
#define _GNU_SOURCE
#include "wick_cpu.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cblas.h>
#include <lapacke.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define WICK_X86 1
#endif

char *openblas_get_corename(void);

unsigned wick_cpu_features(void) {
    unsigned features = 0;
#ifdef WICK_X86
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (c & bit_SSE3) features |= WICK_CPU_SSE3;
    int osxsave = (c & bit_OSXSAVE) != 0, avx = (c & bit_AVX) != 0, fma = (c & bit_FMA) != 0;
    unsigned long long xcr0 = 0;
    if (osxsave) {
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        xcr0 = ((unsigned long long)hi << 32) | lo;
    }
    int ymm = (xcr0 & 0x6) == 0x6;     // SSE and AVX state saved by the OS
    int zmm = (xcr0 & 0xe6) == 0xe6;   // and the opmask and upper ZMM state
    if (avx && ymm) features |= WICK_CPU_AVX;
    if (fma && ymm) features |= WICK_CPU_FMA;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if ((b & bit_AVX2) && ymm) features |= WICK_CPU_AVX2;
        if (zmm) {
            if (b & bit_AVX512F) features |= WICK_CPU_AVX512F;
            if (b & bit_AVX512BW) features |= WICK_CPU_AVX512BW;
            if (b & bit_AVX512DQ) features |= WICK_CPU_AVX512DQ;
            if (b & bit_AVX512VL) features |= WICK_CPU_AVX512VL;
        }
    }
#endif
    return features;
}

void wick_cpu_brand(char *buffer, int size) {
    if (size <= 0) return;
    buffer[0] = 0;
#ifdef WICK_X86
    unsigned words[12], maximum = __get_cpuid_max(0x80000000, 0);
    if (maximum < 0x80000004) return;
    for (unsigned leaf = 0; leaf < 3; leaf++)
        __get_cpuid(0x80000002 + leaf, &words[4 * leaf], &words[4 * leaf + 1], &words[4 * leaf + 2], &words[4 * leaf + 3]);
    char text[49];
    memcpy(text, words, 48);
    text[48] = 0;
    char *start = text;
    while (*start == ' ') start++;
    int length = (int)strlen(start);
    while (length > 0 && start[length - 1] == ' ') length--;
    if (length >= size) length = size - 1;
    memcpy(buffer, start, (size_t)length);
    buffer[length] = 0;
#endif
}

/// The widest vectors a kernel uses: 0 for OpenBLAS's SSE kernels, 1 AVX, 2 AVX2, 3 AVX-512;
/// -1 for a name Wick does not know (then it changes nothing).
static int kernel_level(const char *name) {
    static const char *const sse[] = {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai",
                                      "Coppermine", "Northwood", "Banias", "Opteron", "Opteron_SSE3", "Barcelona",
                                      "Bobcat", "Nano", "Generic"};
    static const char *const avx[] = {"Sandybridge", "Bulldozer", "Piledriver", "Steamroller", "Excavator"};
    static const char *const avx2[] = {"Haswell", "Zen"};
    static const char *const avx512[] = {"SkylakeX", "Cooperlake", "SapphireRapids"};
    if (!name) return -1;
    for (size_t i = 0; i < sizeof sse / sizeof *sse; i++) if (!strcasecmp(name, sse[i])) return 0;
    for (size_t i = 0; i < sizeof avx / sizeof *avx; i++) if (!strcasecmp(name, avx[i])) return 1;
    for (size_t i = 0; i < sizeof avx2 / sizeof *avx2; i++) if (!strcasecmp(name, avx2[i])) return 2;
    for (size_t i = 0; i < sizeof avx512 / sizeof *avx512; i++) if (!strcasecmp(name, avx512[i])) return 3;
    return -1;
}

wick_kernel_action wick_kernel_decision(unsigned features, const char *current_kernel, int variable_set,
                                        const char **recommended) {
    const char *best = NULL;
    unsigned avx512 = WICK_CPU_AVX512F | WICK_CPU_AVX512BW | WICK_CPU_AVX512DQ | WICK_CPU_AVX512VL;
    if ((features & avx512) == avx512) best = "SkylakeX";
    else if ((features & (WICK_CPU_AVX2 | WICK_CPU_FMA)) == (WICK_CPU_AVX2 | WICK_CPU_FMA)) best = "Haswell";
    else if (features & WICK_CPU_AVX) best = "Sandybridge";
    if (recommended) *recommended = NULL;
    if (variable_set) return WICK_KERNEL_VARIABLE_SET;
    // Only OpenBLAS's generic SSE kernels are replaced: a vector kernel it chose (even a narrower
    // one than the CPU has, as Haswell on some AVX-512 processors) was chosen on purpose.
    if (kernel_level(current_kernel) != 0 || best == NULL) return WICK_KERNEL_KEEP;
    if (recommended) *recommended = best;
    return WICK_KERNEL_SWITCH;
}

const char *wick_blas_kernel(void) {
    const char *name = openblas_get_corename();
    return name ? name : "";
}

/// A value in [-1, 1) from a small linear congruential generator (the check needs no quality).
static double next_value(unsigned *state) {
    *state = *state * 1664525u + 1013904223u;
    return (double)(*state >> 8) / (double)(1u << 23) - 1;
}

/// sgemm and dgemm of odd sizes (a transposed), against long double sums.
static int check_products(void) {
    enum { M = 37, N = 29, K = 53 };
    static float af[K * M], bf[K * N], cf[M * N];
    static double ad[K * M], bd[K * N], cd[M * N];
    unsigned state = 7;
    for (int i = 0; i < K * M; i++) ad[i] = next_value(&state), af[i] = (float)ad[i];
    for (int i = 0; i < K * N; i++) bd[i] = next_value(&state), bf[i] = (float)bd[i];
    // C (M x N) = Aᵀ B, A stored K x M, B K x N, row-major.
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, M, N, K, 1, af, M, bf, N, 0, cf, N);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, M, N, K, 1, ad, M, bd, N, 0, cd, N);
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < N; j++) {
            long double exact = 0, magnitude = 0;
            for (int k = 0; k < K; k++) {
                exact += (long double)ad[k * M + i] * bd[k * N + j];
                magnitude += fabsl((long double)ad[k * M + i] * bd[k * N + j]);
            }
            if (!(fabsl(cf[i * N + j] - exact) <= 4 * K * 6e-8L * magnitude + 1e-30L)) return 0;
            if (!(fabsl(cd[i * N + j] - exact) <= 4 * K * 1.2e-16L * magnitude + 1e-300L)) return 0;
        }
    }
    return 1;
}

/// dgesv on a diagonally dominant system: the residual of the solution is at rounding level.
static int check_solve(void) {
    enum { N = 41 };
    static double a[N * N], a0[N * N], b[N], x[N];
    lapack_int pivots[N];
    unsigned state = 11;
    for (int i = 0; i < N * N; i++) a[i] = next_value(&state);
    for (int i = 0; i < N; i++) a[i * N + i] += N;
    for (int i = 0; i < N; i++) b[i] = x[i] = next_value(&state);
    memcpy(a0, a, sizeof a);
    if (LAPACKE_dgesv(LAPACK_ROW_MAJOR, N, 1, a, N, pivots, x, 1) != 0) return 0;
    for (int i = 0; i < N; i++) {
        long double r = -(long double)b[i];
        for (int j = 0; j < N; j++) r += (long double)a0[i * N + j] * x[j];
        if (!(fabsl(r) <= 1e-12L * N)) return 0;
    }
    return 1;
}

int wick_blas_self_check(void) { return check_products() && check_solve(); }

static const char *const check_variable = "WICK_BLAS_KERNEL_CHECK";
static const char *const choice_variable = "WICK_BLAS_KERNEL";

static void describe_cpu(char *buffer, int size) {
    char brand[64];
    wick_cpu_brand(brand, sizeof brand);
    snprintf(buffer, (size_t)size, "%s", brand[0] ? brand : "this CPU");
}

/// The kernel to switch to, as this process's environment and OpenBLAS's choice decide, or NULL
/// (nothing to change, or WICK_BLAS_KERNEL=default). WICK_BLAS_KERNEL=pretend-generic, for Wick's
/// tests, acts as if OpenBLAS had loaded its generic kernel, so that the restart and the check of
/// the chosen kernel run on a machine where OpenBLAS picks a good one itself.
static const char *kernel_to_switch_to(void) {
    const char *choice = getenv(choice_variable);
    if (choice && !strcmp(choice, "default")) return NULL;
    const char *current = choice && !strcmp(choice, "pretend-generic") ? "Prescott" : wick_blas_kernel();
    const char *recommended = NULL;
    if (wick_kernel_decision(wick_cpu_features(), current, getenv("OPENBLAS_CORETYPE") != NULL, &recommended)
            != WICK_KERNEL_SWITCH)
        return NULL;
    return recommended;
}

void wick_launch_with_recommended_kernel(int argc, char **argv) {
    (void)argc;
    const char *checking = getenv(check_variable);
    if (checking && getenv("OPENBLAS_CORETYPE")) {
        // The re-executed process: OpenBLAS loaded the kernel Wick chose. Trust it once checked.
        unsetenv(check_variable);
        if (wick_blas_self_check()) return;
        fprintf(stderr, "Wick: OpenBLAS's %s kernel failed Wick's check (matrix products and a solve against "
                        "a reference); running with OpenBLAS's own choice instead\n", wick_blas_kernel());
        unsetenv("OPENBLAS_CORETYPE");
        setenv(choice_variable, "default", 1);
        execv("/proc/self/exe", argv);
        return;  // exec failed: go on with the kernel already loaded, which passed nothing worse
    }
    const char *recommended = kernel_to_switch_to();
    if (recommended == NULL || argv == NULL) return;
    setenv("OPENBLAS_CORETYPE", recommended, 1);
    setenv(check_variable, recommended, 1);
    execv("/proc/self/exe", argv);
    // exec failed (no /proc): keep OpenBLAS's kernel, and say what would help.
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv(check_variable);
    wick_advise_blas_kernel();
}

void wick_advise_blas_kernel(void) {
    const char *recommended = kernel_to_switch_to();
    if (recommended == NULL) return;
    char cpu[80];
    describe_cpu(cpu, sizeof cpu);
    fprintf(stderr,
            "Wick: OpenBLAS runs its generic %s kernels on %s, which can run its %s kernels: start the program "
            "with OPENBLAS_CORETYPE=%s for faster matrix products (a 1024x1024 sgemm ran 2.7x to 4.6x faster "
            "with SkylakeX than with Prescott on the AVX-512 machines Wick was measured on; Docs/GettingStarted.md). "
            "WICK_BLAS_KERNEL=default silences this.\n",
            wick_blas_kernel(), cpu, recommended, recommended);
}

/// Defined (as 1) by the CWickLauncher target, which only Wick's own programs link.
extern int wick_launcher_linked __attribute__((weak));

/// At load: Wick's own programs switch kernels; any other program is told how to.
__attribute__((constructor)) static void wick_cpu_at_load(int argc, char **argv, char **envp) {
    (void)envp;
    if (&wick_launcher_linked != NULL) wick_launch_with_recommended_kernel(argc, argv);
    else wick_advise_blas_kernel();
}
