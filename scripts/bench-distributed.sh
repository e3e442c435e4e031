#!/usr/bin/env bash
# `make bench-distributed`: what data-parallel training gains on this machine, measured back to
# back in one run (compare only the ratios: the machine may be shared and its CPU changes).
#
# For the digits MLP (digits-mlp's network, 200 epochs of batches of 32) and the fashion-cnn
# network (TRAIN_LIMIT Fashion-MNIST images, default 6000, 1 epoch of batches of 64), it runs
#   A: 1 process, 2 OpenBLAS threads        (scripts/mpirun.sh 1 ... --blas-threads 2)
#   B: 2 processes, 1 OpenBLAS thread each  (scripts/mpirun.sh 2 ... --blas-threads 1)
# alternately, REPEATS times (default 5), and prints each run's training throughput (images/s,
# from the Trainer's epoch times, validation excluded), the medians and B/A. Then it times one
# allreduce of the 784-512-512-10 MLP's flat Float gradient on 2 processes against a memcpy of the
# same size (distributed-training --measure-allreduce), and counts the allocations of a training
# step outside MPI's calls, on 1 and 2 processes (wick-distributed-check allocations: must be 0).
# Environment: SWIFT (default swift), JOBS (default 2), REPEATS, TRAIN_LIMIT.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
JOBS=${JOBS:-2}
REPEATS=${REPEATS:-5}
TRAIN_LIMIT=${TRAIN_LIMIT:-6000}
"$SWIFT" build -c release -j "$JOBS" --product distributed-training
"$SWIFT" build -c release -j "$JOBS" --product wick-distributed-check
bin=.build/release/distributed-training

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
"$bin" --verbose --measure-allreduce | sed -n 's/^machine: /OpenBLAS: /p'
echo "Open MPI: $(mpirun --version | head -n 1)"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
throughput() { sed -n 's/.*s (\([0-9]*\) images\/s over all processes).*/\1/p'; }

for case in digits fashion; do
    if [ "$case" = digits ]; then
        args=(--dataset digits --epochs 200 --quiet --output .build/bench-distributed)
    else
        args=(--dataset fashion --train-limit "$TRAIN_LIMIT" --test-limit 1000 --epochs 1 --quiet --output .build/bench-distributed)
    fi
    echo
    echo "$case: ${args[*]}"
    one=() two=() ratios=()
    for r in $(seq 1 "$REPEATS"); do
        a=$(scripts/mpirun.sh 1 "$bin" "${args[@]}" --blas-threads 2 | throughput)
        b=$(scripts/mpirun.sh 2 "$bin" "${args[@]}" --blas-threads 1 | throughput)
        one+=("$a") two+=("$b") ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')")
        echo "  run $r: 1 process x 2 threads $a images/s, 2 processes x 1 thread $b images/s (B/A ${ratios[-1]})"
    done
    echo "  median: 1 process x 2 threads $(printf '%s\n' "${one[@]}" | median) images/s," \
         "2 processes x 1 thread $(printf '%s\n' "${two[@]}" | median) images/s, median B/A $(printf '%s\n' "${ratios[@]}" | median)"
done

echo
echo "allreduce on 2 processes:"
scripts/mpirun.sh 2 "$bin" --measure-allreduce

echo
echo "allocations of a training step (release build; Wick's code, MPI's calls left out):"
.build/release/wick-distributed-check allocations single | grep -v PASSED
scripts/mpirun.sh 2 .build/release/wick-distributed-check allocations | grep -v PASSED
