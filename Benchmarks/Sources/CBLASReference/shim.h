// OpenBLAS's CBLAS, called directly as the reference the benchmarks compare Wick with (Wick's own
// C modules are internal to it). Installed by Debian's libopenblas-dev.
#include <cblas.h>
