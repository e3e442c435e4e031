#!/usr/bin/env bash
# Runs a Wick program under Open MPI's mpirun on this machine, loopback only:
#     scripts/mpirun.sh NP PROGRAM [ARGUMENTS...]
# Settings that this (containerised, 2-core, root) machine needs, kept in one place:
# - as root, Open MPI refuses to start unless both OMPI_ALLOW_RUN_AS_ROOT variables are set;
# - --oversubscribe: more processes than the cores Open MPI counts;
# - --bind-to none: each process may use any core (Open MPI binds to a core by default for
#   2 processes, which would put a process's BLAS threads on one core);
# - MPIRUN_ARGS: anything more (e.g. "--hostfile hosts" for several machines, Docs/Distributed.md).
set -euo pipefail
np=$1; shift
if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
# shellcheck disable=SC2086
exec mpirun -np "$np" --oversubscribe --bind-to none ${MPIRUN_ARGS:-} "$@"
