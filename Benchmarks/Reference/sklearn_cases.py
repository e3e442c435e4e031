"""scikit-learn / NumPy's side of `make bench-compare`.

    sklearn_cases.py <case> [--jobs N] [--rounds R]

Prints `<case> <seconds per operation>`. NumPy's BLAS threads come from OPENBLAS_NUM_THREADS.
"""
import argparse

import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import Ridge
from sklearn.neighbors import KNeighborsClassifier

import fashion
from common import measure, measure_once


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(4)
    if args.case == "pca":
        x = rng.standard_normal((20000, 256))
        seconds = measure(lambda: PCA(n_components=10, svd_solver="full").fit(x), args.rounds)
    elif args.case in ("knn-l2", "knn-l1"):
        train, queries = rng.standard_normal((20000, 64)), rng.standard_normal((2000, 64))
        labels = rng.integers(0, 10, 20000)
        metric = "euclidean" if args.case == "knn-l2" else "manhattan"
        knn = KNeighborsClassifier(n_neighbors=5, algorithm="brute", metric=metric, n_jobs=args.jobs).fit(train, labels)
        seconds = measure(lambda: knn.predict(queries), args.rounds)
    elif args.case == "ridge":
        x, y = rng.standard_normal((100000, 50)), rng.standard_normal((100000, 1))
        seconds = measure(lambda: Ridge(alpha=1.0, solver="cholesky").fit(x, y), args.rounds)
    elif args.case == "lstsq":
        x, y = rng.standard_normal((100000, 50)), rng.standard_normal((100000, 1))
        seconds = measure(lambda: np.linalg.lstsq(x, y, rcond=None), args.rounds)
    elif args.case == "knn-fashion":
        train, train_labels = fashion.load("train", np.float32)
        test, test_labels = fashion.load("t10k", np.float32)
        knn = KNeighborsClassifier(n_neighbors=5, algorithm="brute", n_jobs=args.jobs).fit(train, train_labels)
        predictions = []
        seconds = measure_once(lambda: predictions.append(knn.predict(test)), args.rounds)
        print(args.case, seconds, f"accuracy={np.mean(predictions[-1] == test_labels):.4f}")
        return
    elif args.case == "pca-fashion":
        train, _ = fashion.load("train", np.float64)
        seconds = measure_once(lambda: PCA(n_components=50, svd_solver="full").fit(train), args.rounds)
    else:
        raise SystemExit(f"unknown case {args.case}")
    print(args.case, seconds)


if __name__ == "__main__":
    main()
