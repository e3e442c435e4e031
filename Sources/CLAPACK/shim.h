// OpenBLAS's CBLAS (with openblas_set_num_threads) and the LAPACKE C interface.
// Installed by Debian's libopenblas-dev and liblapacke-dev.
#include <cblas.h>
#include <lapacke.h>
