// MPI for Swift: Open MPI's header, and wrappers for what Swift cannot import from it.
//
// MPI_COMM_WORLD, MPI_FLOAT, MPI_DOUBLE, MPI_SUM, MPI_IN_PLACE and friends are macros that expand
// to addresses of Open MPI's predefined objects, which Swift's importer does not turn into
// values; these one-line functions hand them over. Debian's libopenmpi-dev links the headers to
// /usr/include/<triple>/mpi (its `mpi` alternative), so no pkg-config flags are needed.
#ifndef WICK_CMPI_SHIM_H
#define WICK_CMPI_SHIM_H

#include <mpi/mpi.h>
#include <time.h>

static inline MPI_Comm wick_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype wick_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype wick_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype wick_mpi_int32(void) { return MPI_INT32_T; }
static inline MPI_Datatype wick_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op wick_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op wick_mpi_max(void) { return MPI_MAX; }
static inline void *wick_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline int wick_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }

/// Waits up to `seconds` for every process of `comm` to call this too (MPI_Ibarrier, then
/// MPI_Test every millisecond); 1 when they all did, 0 when the time ran out (the barrier is then
/// left pending: call MPI_Abort).
static inline int wick_mpi_barrier_within(MPI_Comm comm, double seconds) {
    MPI_Request request;
    if (MPI_Ibarrier(comm, &request) != MPI_SUCCESS) return 0;
    double deadline = MPI_Wtime() + seconds;
    int done = 0;
    while (!done) {
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
        if (done || MPI_Wtime() >= deadline) break;
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
    return done;
}


#endif
