#!/usr/bin/env python3
"""On-paper scaling of Wick's data-parallel training to more nodes (Docs/Distributed.md).

Weak scaling, as Horovod reports it: every node keeps its per-node batch and its measured step
time t (Docs/Benchmarks.md, 2-core node), and each step adds one ring allreduce of the flat Float
gradient of S bytes, which Wick does not overlap with the backward pass:

    T_allreduce(p) = 2 (p - 1) alpha + 2 (p - 1) / p * S / B       (ring: reduce-scatter + allgather)
    efficiency(p)  = t / (t + T_allreduce(p)),  speed-up = p * efficiency

alpha is the latency of one message and B the bandwidth of one link. The 2 (p - 1) / p * S / B
term is Patarasuk and Yuan's bandwidth-optimal bound ("Bandwidth optimal all-reduce algorithms
for clusters of workstations", 2009), which the ring algorithm meets; the 2 (p - 1) alpha term is
its 2 (p - 1) steps. Open MPI picks other algorithms for small messages (recursive doubling:
log2(p) alpha + log2(p) S / B), so for the small networks the ring figure is an upper bound.

Usage: python3 scripts/distributed-scaling.py
"""

# (name, Float parameters, step time in seconds at the per-node batch) from Docs/Benchmarks.md
# (its latest run), parameter counts as Wick's getParameters() counts them.
# The 64-128-10 step is the fifth session's 35.45 us: the sixth session's table has it at 35.56 us
# in one repeat and in the machine's slow mode (83-93 us) in the two others.
NETWORKS = [
    ("MLP 64-128-10, batch 64", 9_610, 35.45e-6),
    ("LeNet-style CNN, batch 64", 44_426, 1.42e-3),
    ("MLP 784-512-512-10, batch 128", 669_706, 2.45e-3),
    ("fashion-cnn network, batch 64", 825_674, 21.60e-3),
    ("fashion-resnet network, batch 64", 308_746, 46.82e-3),
]

# (name, alpha in seconds, bandwidth in bytes per second): assumed, not measured here.
NETWORK_LINKS = [
    ("10 GbE, TCP (alpha 20 us, 1.25 GB/s)", 20e-6, 1.25e9),
    ("InfiniBand EDR (alpha 2 us, 12.5 GB/s)", 2e-6, 12.5e9),
]


def allreduce_seconds(p, size_bytes, alpha, bandwidth):
    return 2 * (p - 1) * alpha + 2 * (p - 1) / p * size_bytes / bandwidth


def main():
    for link, alpha, bandwidth in NETWORK_LINKS:
        print(f"\n{link}")
        print("| network | gradient | step (1 node) | p | allreduce | efficiency | speed-up |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, parameters, step in NETWORKS:
            size = 4 * parameters
            for p in (8, 64):
                t = allreduce_seconds(p, size, alpha, bandwidth)
                efficiency = step / (step + t)
                print(f"| {name} | {size / 1e6:.3f} MB | {step * 1e3:.3f} ms | {p} | {t * 1e3:.3f} ms "
                      f"| {efficiency * 100:.0f}% | {p * efficiency:.1f}x |")


if __name__ == "__main__":
    main()
