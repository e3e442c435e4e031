#!/usr/bin/env python3
"""Runs Wick and the reference implementations back to back and prints one table.

    python3 compare.py [--repeats N] [--cases a,b,...] [--wick PATH]

For each repeat, every case runs once on every side (Wick, then each reference setting), so the
sides see the same machine conditions; each run reports the median of several timed rounds. The
table shows the median over repeats with min-max, the ratio reference/Wick (above 1: Wick is
faster), and for GEMM-bound cases the GFLOP/s reached against the sgemm peak measured in the same
run. PyTorch is measured at several thread settings and the best one is kept; so is
scikit-learn's k-NN with and without n_jobs=2. Results also go to results/latest.md and
results/ratios.svg.
"""
import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-torch and python3-sklearn live here
LARGE = [784, 512, 512, 10]


def products(sizes):
    return sum(sizes[i] * sizes[i + 1] for i in range(len(sizes) - 1))


# FLOPs of the GEMMs a step needs: forward, weight gradients, and input gradients of every layer
# but the first (its input is data); inference is the forward GEMMs only.
STEP_FLOPS = 2 * 128 * (3 * products(LARGE) - LARGE[0] * LARGE[1])
INFERENCE_FLOPS = 2 * 1024 * products(LARGE)
# The convolution block's GEMMs (im2col): per image, forward W·unfolded for both layers, the
# weight gradients of both, and the input gradient of the second (the first's input is data).
CONV1 = 64 * (3 * 9) * (32 * 32)
CONV2 = 64 * (64 * 9) * (32 * 32)
CONV_BLOCK_FLOPS = 2 * 32 * (2 * CONV1 + 3 * CONV2)

# case: (description, reference kind, target ratio, flops for the GEMM-bound %)
CASES = {
    "mlp-tiny": ("training step, MLP 2-16-1 Tanh, batch 1, MSE, SGD (Float)", "torch", 30.0, None),
    "mlp-small-float": ("training step, MLP 64-128-10 ReLU, batch 64, cross-entropy, SGD (Float)", "torch", 3.0, None),
    "mlp-small-double": ("training step, MLP 64-128-10 ReLU, batch 64, cross-entropy, SGD (Double)", "torch", 3.0, None),
    "mlp-large": ("training step, MLP 784-512-512-10 ReLU, batch 128, cross-entropy, SGD (Float)", "torch", 1.25, STEP_FLOPS),
    "mlp-large-inference": ("inference, MLP 784-512-512-10, batch 1024 (Float)", "torch", 1.2, INFERENCE_FLOPS),
    "lenet": ("training step, LeNet-style CNN on 28x28 (conv 5x5 6 and 16, max pooling, 256-120-84-10), batch 64 (Float)", "torch", 1.5, None),
    "fashion-cnn": ("training step, the fashion-cnn sample's network (conv 5x5 32, BN, pool, conv 3x3 64, BN, pool, 3136-256-10 with BN, dropout), batch 64, Adam (Float)", "torch", 1.5, None),
    "fashion-cnn-inference": ("inference, the fashion-cnn network, batch 1000 (Float)", "torch", 1.2, None),
    "fashion-epoch": ("one epoch of fashion-cnn on the 60,000 Fashion-MNIST images + test accuracy (Float; first repeat only)", "torch", 1.5, None),
    "fashion-resnet": ("training step, the fashion-resnet sample's residual network (width 32: stem and max pooling, 3 blocks of ConcatTable + CAddTable, BN, dropout), batch 64, SGD with Nesterov momentum (Float)", "torch", 1.2, None),
    "conv-block": ("forward+backward, conv 3->64->64, 3x3 pad 1, ReLU, 32x32, batch 32 (Float)", "torch", 1.1, CONV_BLOCK_FLOPS),
    "pca": ("PCA fit 20000x256 -> 10 (Double) vs PCA(svd_solver='full')", "sklearn", 5.0, None),
    "knn-l2": ("k-NN predict, k=5, 2000 vs 20000x64, L2 (Double) vs brute force", "sklearn", 2.0, None),
    "knn-l1": ("k-NN predict, k=5, 2000 vs 20000x64, L1 (Double) vs brute force", "sklearn", 3.0, None),
    "knn-fashion": ("k-NN predict, k=5, L2, Fashion-MNIST 10000 test vs 60000x784 train (Float) vs brute force", "sklearn", 2.0, None),
    "pca-fashion": ("PCA fit of the 60000x784 Fashion-MNIST training images -> 50 (Double) vs PCA(svd_solver='full')", "sklearn", 3.0, None),
    "ridge": ("Ridge 100000x50 (Double) vs Ridge(solver='cholesky')", "sklearn", 2.0, None),
    "lstsq": ("least squares 100000x50 (Double) vs numpy.linalg.lstsq", "sklearn", 1.0, None),
}

# Cases of seconds each: one timed call per run (no warm-up), so a repeat stays short.
LONG = {"knn-fashion", "pca-fashion", "fashion-epoch"}
# Cases run in the first repeat only (a whole training epoch on each side and thread setting).
ONCE = {"fashion-epoch"}

TORCH_SETTINGS = [(1, 2), (1, 1), (2, 1)]  # (torch threads, OpenBLAS threads)


def run(command, env_extra, notes=None):
    """Runs one case; its output is `<case> <value> [note ...]`. Notes (e.g. an accuracy) are
    appended to `notes`."""
    env = dict(os.environ)
    env.update(env_extra)
    out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=HERE, check=True).stdout
    words = out.strip().splitlines()[-1].split()
    if notes is not None and len(words) > 2:
        notes.append(" ".join(words[2:]))
    return float(words[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--wick", default=str(HERE / "Compare/.build/release/wick-compare"))
    args = parser.parse_args()
    cases = args.cases.split(",")
    wick = [args.wick]

    config = subprocess.run(wick + ["config"], capture_output=True, text=True, check=True).stdout.strip()
    # OpenBLAS's kernel. When OpenBLAS would run a generic kernel where a better one exists, Wick's
    # own programs start with the better one; here both sides get it (framework against
    # framework), and the sgemm peak each would get out of the box is reported beside.
    machine, recommended = subprocess.run(wick + ["kernel"], capture_output=True, text=True, check=True).stdout.strip().splitlines()
    recommended = recommended.split()[-1]
    out_of_box = None
    if recommended != "none" and "OPENBLAS_CORETYPE" not in os.environ:
        out_of_box = run(wick + ["sgemm-peak"], {})
        os.environ["OPENBLAS_CORETYPE"] = recommended
        machine = subprocess.run(wick + ["kernel"], capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
    torch_version = subprocess.run([SYSTEM_PYTHON, "-c", "import torch, sklearn, numpy; print('torch', torch.__version__, '/ scikit-learn', sklearn.__version__, '/ numpy', numpy.__version__)"],
                                   capture_output=True, text=True).stdout.strip()
    coretype = os.environ.get("OPENBLAS_CORETYPE", "(not set: OpenBLAS picks by CPU)")
    print(f"Wick: {config}; OPENBLAS_CORETYPE={coretype}")
    print(f"machine: {machine}")
    print(f"reference: {torch_version}")

    samples = {c: {"wick": [], "ref": [], "setting": [], "notes": []} for c in cases}
    peaks = {"sgemm": [], "dgemm": []}
    for repeat in range(args.repeats):
        for kind in peaks:
            peaks[kind].append(run(wick + [f"{kind}-peak"], {}))
        for case in cases:
            if case in ONCE and repeat > 0:
                continue
            _, reference, _, _ = CASES[case]
            rounds = ["--rounds", "1"] if case in LONG else []
            notes = []
            samples[case]["wick"].append(run(wick + [case] + rounds, {}, notes))
            best, best_setting, best_notes = None, None, []
            if reference == "torch":
                for torch_threads, blas_threads in TORCH_SETTINGS:
                    ref_notes = []
                    t = run([SYSTEM_PYTHON, "Reference/torch_cases.py", case, "--torch-threads", str(torch_threads)] + rounds,
                            {"OPENBLAS_NUM_THREADS": str(blas_threads), "OMP_NUM_THREADS": str(torch_threads)}, ref_notes)
                    if best is None or t < best:
                        best, best_setting, best_notes = t, f"{torch_threads} torch + {blas_threads} OpenBLAS threads", ref_notes
            else:
                for jobs in ([None, 2] if case.startswith("knn") else [None]):
                    command = [SYSTEM_PYTHON, "Reference/sklearn_cases.py", case] + (["--jobs", str(jobs)] if jobs else []) + rounds
                    ref_notes = []
                    t = run(command, {}, ref_notes)
                    if best is None or t < best:
                        best, best_setting, best_notes = t, "n_jobs=2" if jobs else "default", ref_notes
            samples[case]["ref"].append(best)
            samples[case]["setting"].append(best_setting)
            if notes or best_notes:
                samples[case]["notes"].append(f"Wick {' '.join(notes)}; reference {' '.join(best_notes)}")
            print(f"  repeat {repeat + 1}: {case}: Wick {samples[case]['wick'][-1] * 1e3:.3f} ms, reference {best * 1e3:.3f} ms ({best_setting})"
                  + (f" [{samples[case]['notes'][-1]}]" if notes or best_notes else ""), file=sys.stderr)

    sgemm = statistics.median(peaks["sgemm"])
    dgemm = statistics.median(peaks["dgemm"])
    lines = [
        f"Machine: {os.cpu_count()} cores; Wick: {config}; OPENBLAS_CORETYPE={coretype}; {torch_version}.",
        f"CPU and kernel: {machine}." + (
            f" OpenBLAS alone runs a generic kernel here ({out_of_box:.0f} GFLOP/s sgemm, what PyTorch and NumPy get out of the box);"
            f" both sides ran with OPENBLAS_CORETYPE={recommended}, as Wick's own programs start." if out_of_box else
            " Both sides run the kernel OpenBLAS picks (Wick's programs change it only when OpenBLAS would run a generic one)."),
        f"Measured peaks in this run (1024x1024 GEMM, OpenBLAS default threads): sgemm {sgemm:.0f} GFLOP/s, dgemm {dgemm:.0f} GFLOP/s.",
        f"{args.repeats} interleaved repeats; each figure is the median of the repeats' medians, with min-max.",
        "",
        "| case | Wick | reference (best setting) | ratio | target | met | GEMM efficiency, notes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    ratios = []
    for case in cases:
        description, _, target, flops = CASES[case]
        w, r = samples[case]["wick"], samples[case]["ref"]
        wm, rm = statistics.median(w), statistics.median(r)
        ratio = rm / wm
        ratios.append((case, ratio, target))
        setting = max(set(samples[case]["setting"]), key=samples[case]["setting"].count)
        efficiency = ""
        if flops:
            bound = flops / (sgemm * 1e9)
            efficiency = f"{flops / wm / 1e9:.0f} GFLOP/s, {bound / wm * 100:.0f}% of the sgemm bound"
        if samples[case]["notes"]:
            efficiency += ("; " if efficiency else "") + samples[case]["notes"][-1]
        lines.append(
            f"| {description} | {fmt(wm)} ({fmt(min(w))}-{fmt(max(w))}) | {fmt(rm)} ({fmt(min(r))}-{fmt(max(r))}; {setting}) "
            f"| {ratio:.2f}x | {target}x | {'yes' if ratio >= target else 'no'} | {efficiency} |")
    table = "\n".join(lines)
    print()
    print(table)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(table + "\n")
    (results / "ratios.svg").write_text(ratio_chart(ratios))
    print(f"\nwrote {results / 'latest.md'} and {results / 'ratios.svg'}")


def fmt(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def ratio_chart(ratios):
    """A horizontal bar per case: the speed ratio on a log scale, with the target marked."""
    import math
    width, row, left = 720, 28, 170
    height = 60 + row * len(ratios)
    top = max(max(r for _, r, _ in ratios), max(t for _, _, t in ratios)) * 1.5
    def x(v):
        return left + (width - left - 20) * math.log10(max(v, 0.1) / 0.1) / math.log10(top / 0.1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">Speed ratio reference / Wick (log scale; above 1: Wick is faster)</text>']
    for tick in [0.1, 1, 10, 100, 1000]:
        if tick <= top:
            parts.append(f'<line x1="{x(tick):.1f}" y1="30" x2="{x(tick):.1f}" y2="{height - 20}" stroke="#ccc"/>')
            parts.append(f'<text x="{x(tick):.1f}" y="{height - 6}" text-anchor="middle">{tick:g}x</text>')
    for i, (case, ratio, target) in enumerate(ratios):
        y = 36 + i * row
        color = "#2a9d8f" if ratio >= target else "#e76f51"
        parts.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{case}</text>')
        parts.append(f'<rect x="{x(0.1):.1f}" y="{y}" width="{x(ratio) - x(0.1):.1f}" height="{row - 8}" fill="{color}"/>')
        parts.append(f'<line x1="{x(target):.1f}" y1="{y - 2}" x2="{x(target):.1f}" y2="{y + row - 6}" stroke="black" stroke-width="2"/>')
        parts.append(f'<text x="{x(ratio) + 4:.1f}" y="{y + 14}">{ratio:.2f}x</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    main()
