// Linked only into Wick's own programs (the samples through SampleSupport, the benchmarks): its
// presence makes CWickCPU's load-time hook start them with the recommended OpenBLAS kernel
// instead of only advising (see wick_cpu.h).
#ifndef WICK_LAUNCHER_H
#define WICK_LAUNCHER_H
/// 1: this program re-executes itself with the recommended kernel when OpenBLAS runs a generic one.
extern int wick_launcher_linked;
#endif
