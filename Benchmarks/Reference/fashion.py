"""Fashion-MNIST as the reference scripts read it: Debian's `dataset-fashion-mnist` files, the same
ones Wick's FashionMNIST.load reads (IDX format, gzip'd)."""
import gzip

import numpy as np

DIRECTORY = "/usr/share/datasets/fashion-mnist"


def _idx(name, offset):
    with gzip.open(f"{DIRECTORY}/{name}", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(split, dtype=np.float32):
    """(images N x 784 scaled to [0, 1], labels N) of "train" or "t10k"."""
    images = _idx(f"{split}-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(dtype) / 255
    labels = _idx(f"{split}-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return images, labels
