"""scikit-learn / NumPy's side of `make bench-compare`.

    sklearn_cases.py <case> [--jobs N] [--rounds R]

Prints `<case> <seconds per operation>`. NumPy's BLAS threads come from OPENBLAS_NUM_THREADS.
"""
import argparse

import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import Ridge
from sklearn.neighbors import KNeighborsClassifier

from common import measure


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
    else:
        raise SystemExit(f"unknown case {args.case}")
    print(args.case, seconds)


if __name__ == "__main__":
    main()
