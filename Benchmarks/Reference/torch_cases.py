"""PyTorch's side of `make bench-compare`.

    torch_cases.py <case> --torch-threads T [--rounds R]

Prints `<case> <seconds per operation>`. OpenBLAS's own thread count comes from the environment
(OPENBLAS_NUM_THREADS), which compare.py sets: torch.set_num_threads does not limit it.
"""
import argparse

import time

import numpy as np
import torch

import fashion
from common import measure, measure_once

LARGE = [784, 512, 512, 10]


def mlp(sizes, relu, dtype):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU() if relu else torch.nn.Tanh())
    return torch.nn.Sequential(*layers).to(dtype)


def training_step(sizes, batch, relu, classes, dtype, rounds):
    torch.manual_seed(1)
    model = mlp(sizes, relu, dtype)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.rand(batch, sizes[0], dtype=dtype) * 2 - 1
    if classes:
        target = torch.arange(batch) % sizes[-1]
        criterion = torch.nn.CrossEntropyLoss()
    else:
        target = torch.rand(batch, sizes[-1], dtype=dtype) * 2 - 1
        criterion = torch.nn.MSELoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = criterion(model(x), target)
        loss.backward()
        optimizer.step()

    return measure(step, rounds)


def inference(rounds):
    torch.manual_seed(1)
    model = mlp(LARGE, True, torch.float32).eval()
    x = torch.rand(1024, 784) * 2 - 1

    def run():
        with torch.no_grad():
            model(x)

    return measure(run, rounds)


def lenet():
    """A LeNet-style network on 28x28 images (see wick-compare)."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(256, 120), torch.nn.ReLU(), torch.nn.Linear(120, 84), torch.nn.ReLU(), torch.nn.Linear(84, 10))


def image_classifier_step(make_model, make_optimizer, rounds):
    """One training step of an image classifier on 64 28x28 images: LeNet with SGD, the
    fashion-cnn network with Adam (see wick-compare)."""
    torch.manual_seed(1)
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    criterion = torch.nn.CrossEntropyLoss()
    x = torch.rand(64, 1, 28, 28)
    target = torch.arange(64) % 10

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = criterion(model(x), target)
        loss.backward()
        optimizer.step()

    return measure(step, rounds)


def fashion_cnn():
    """The network of Wick's `fashion-cnn` sample (Samples/fashion-cnn), layer for layer; the same
    initialisation rule is not needed for timing, and the epoch case reports each side's accuracy."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 5, padding=2), torch.nn.BatchNorm2d(32), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3, padding=1), torch.nn.BatchNorm2d(64), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(64 * 7 * 7, 256), torch.nn.BatchNorm1d(256), torch.nn.ReLU(), torch.nn.Dropout(0.5),
        torch.nn.Linear(256, 10))


class BasicBlock(torch.nn.Module):
    """A residual block of the fashion-resnet sample: two 3x3 convolutions with batch
    normalization, plus the input (or a strided 1x1 convolution with batch normalization)."""

    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.branch = torch.nn.Sequential(
            torch.nn.Conv2d(inputs, outputs, 3, stride, 1), torch.nn.BatchNorm2d(outputs), torch.nn.ReLU(),
            torch.nn.Conv2d(outputs, outputs, 3, 1, 1), torch.nn.BatchNorm2d(outputs))
        self.shortcut = torch.nn.Identity() if stride == 1 and inputs == outputs else torch.nn.Sequential(
            torch.nn.Conv2d(inputs, outputs, 1, stride), torch.nn.BatchNorm2d(outputs))

    def forward(self, x):
        return torch.relu(self.branch(x) + self.shortcut(x))


def fashion_resnet(w=32):
    """The network of Wick's `fashion-resnet` sample at its default width (Samples/fashion-resnet)."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, w, 3, 1, 1), torch.nn.BatchNorm2d(w), torch.nn.ReLU(), torch.nn.MaxPool2d(2, 2),
        BasicBlock(w, w, 1), BasicBlock(w, 2 * w, 2), BasicBlock(2 * w, 4 * w, 2),
        torch.nn.AvgPool2d(4), torch.nn.Flatten(), torch.nn.Dropout(0.3), torch.nn.Linear(4 * w, 10))


def fashion_cnn_inference(rounds):
    """The fashion-cnn network in evaluation mode on a batch of 1000 images."""
    torch.manual_seed(1)
    model = fashion_cnn().eval()
    x = torch.rand(1000, 1, 28, 28)

    def run():
        with torch.no_grad():
            model(x)

    return measure(run, rounds)


def fashion_epoch(rounds):
    """One epoch of the fashion-cnn sample's training (batch 64, shuffled, Adam 2e-3) on the 60,000
    training images; prints the test accuracy after it as a note."""
    torch.manual_seed(1)
    train_x, train_y = fashion.load("train")
    test_x, test_y = fashion.load("t10k")
    train_x, train_y = torch.from_numpy(train_x).reshape(-1, 1, 28, 28), torch.from_numpy(train_y)
    test_x = torch.from_numpy(test_x).reshape(-1, 1, 28, 28)
    accuracies = []

    def epoch():
        model = fashion_cnn()
        optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
        criterion = torch.nn.CrossEntropyLoss()
        model.train()
        order = torch.randperm(len(train_y))
        for start in range(0, len(order), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad(set_to_none=True)
            criterion(model(train_x[batch]), train_y[batch]).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            predictions = torch.cat([model(test_x[i:i + 1000]).argmax(1) for i in range(0, len(test_x), 1000)])
        accuracies.append(float((predictions.numpy() == test_y).mean()))

    seconds = measure_once(epoch, rounds)
    return seconds, f"accuracy={accuracies[-1]:.4f}"


def convolution_block(rounds):
    """Forward and backward of 3 -> 64 -> 64 planes, 3x3 with padding 1 and ReLU, on 32 32x32
    images, with a fixed output gradient (see wick-compare)."""
    torch.manual_seed(1)
    block = torch.nn.Sequential(torch.nn.Conv2d(3, 64, 3, padding=1), torch.nn.ReLU(),
                                torch.nn.Conv2d(64, 64, 3, padding=1), torch.nn.ReLU())
    x = torch.rand(32, 3, 32, 32)
    gradient = torch.rand(32, 64, 32, 32) * 2 - 1

    def step():
        for p in block.parameters():
            p.grad = None
        block(x).backward(gradient)

    return measure(step, rounds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case")
    parser.add_argument("--torch-threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--width", type=int, default=32, help="fashion-resnet's first stage width")
    args = parser.parse_args()
    torch.set_num_threads(args.torch_threads)
    cases = {
        "mlp-tiny": lambda r: training_step([2, 16, 1], 1, False, False, torch.float32, r),
        "mlp-small-float": lambda r: training_step([64, 128, 10], 64, True, True, torch.float32, r),
        "mlp-small-double": lambda r: training_step([64, 128, 10], 64, True, True, torch.float64, r),
        "mlp-large": lambda r: training_step(LARGE, 128, True, True, torch.float32, r),
        "mlp-large-inference": inference,
        "lenet": lambda r: image_classifier_step(lenet, lambda p: torch.optim.SGD(p, lr=0.01), r),
        "conv-block": convolution_block,
        "fashion-cnn": lambda r: image_classifier_step(fashion_cnn, lambda p: torch.optim.Adam(p, lr=2e-3), r),
        "fashion-cnn-inference": fashion_cnn_inference,
        "fashion-resnet": lambda r: image_classifier_step(lambda: fashion_resnet(args.width), lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4), r),
        "fashion-epoch": fashion_epoch,
    }
    result = cases[args.case](args.rounds)
    if isinstance(result, tuple):
        print(args.case, *result)
    else:
        print(args.case, result)


if __name__ == "__main__":
    main()
