#!/usr/bin/env python3
"""Checks that Python's torchfile (github.com/bshillingford/python-torchfile) reads a .t7 model
that Wick wrote, with Torch7's class names and fields and the same weights as Wick's.

    check-torchfile.py MODEL.t7 NPY_FOLDER

NPY_FOLDER holds `<position>.<name>.npy` for each parameter (and batch-normalization statistic)
of the model's modules, as `torch7-model --export-npy` writes them. Exits non-zero on any
difference. `make check-torch7` builds the sample, writes an MLP and a convolutional network,
and runs this on both.
"""
import glob
import os
import sys

import numpy as np
import torchfile

# The fields Torch7's nn modules have, by class (besides output, gradInput, train, _type).
FIELDS = {
    b"nn.Linear": [b"weight", b"bias", b"gradWeight", b"gradBias"],
    b"nn.SpatialConvolution": [b"weight", b"bias", b"gradWeight", b"gradBias", b"nInputPlane", b"nOutputPlane",
                               b"kW", b"kH", b"dW", b"dH", b"padW", b"padH"],
    b"nn.SpatialBatchNormalization": [b"weight", b"bias", b"running_mean", b"running_var", b"eps", b"momentum", b"affine"],
    b"nn.SpatialMaxPooling": [b"kW", b"kH", b"dW", b"dH", b"padW", b"padH", b"ceil_mode"],
    b"nn.Dropout": [b"p", b"v2"],
    b"nn.View": [b"size", b"numElements"],
    b"nn.Reshape": [b"size", b"nelement"],
    b"nn.ReLU": [b"threshold", b"val"],
}


def field(obj, name):
    return obj._obj.get(name.encode() if isinstance(name, str) else name)


def main(model_path, npy_folder):
    model = torchfile.load(model_path)
    failures = []
    if model.torch_typename() != b"nn.Sequential":
        failures.append("top-level class %r, expected nn.Sequential" % model.torch_typename())
    modules = field(model, "modules")
    for name in (b"output", b"gradInput", b"train", b"_type"):
        if name not in model._obj:
            failures.append("nn.Sequential has no field %s" % name.decode())
    checked = 0
    for i, module in enumerate(modules, start=1):
        typename = module.torch_typename()
        for name in FIELDS.get(typename, []) + [b"output", b"gradInput", b"train"]:
            if name not in module._obj:
                failures.append("module %d (%s) has no field %s" % (i, typename.decode(), name.decode()))
        if field(module, "train") is not False:
            failures.append("module %d (%s) is not in evaluation mode" % (i, typename.decode()))
        for path in sorted(glob.glob(os.path.join(npy_folder, "%d.*.npy" % i))):
            name = os.path.basename(path)[len("%d." % i):-len(".npy")]
            expected = np.load(path)
            found = field(module, name)
            if found is None:
                failures.append("module %d (%s) has no %s" % (i, typename.decode(), name))
                continue
            found = np.asarray(found)
            if found.shape != expected.shape or found.dtype != expected.dtype or not np.array_equal(found, expected):
                failures.append("module %d (%s).%s: %s %s differs from Wick's %s %s" % (
                    i, typename.decode(), name, found.dtype, found.shape, expected.dtype, expected.shape))
            checked += 1
    if checked == 0:
        failures.append("no parameters found in %s" % npy_folder)
    for f in failures:
        print("check-torchfile: " + f, file=sys.stderr)
    if failures:
        sys.exit(1)
    print("check-torchfile: %s: %d modules with Torch7's fields, %d tensors identical to Wick's" % (
        model_path, len(modules), checked))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
