#!/usr/bin/env python3
"""Writes printed.json, the fixture model's TestParsePyTorchPrint reads:
for each case, the module string as brawn writes it ("module") and
print(module) of the same network in PyTorch ("printed"), the multi-line
form with "(0): " prefixes and every keyword argument PyTorch shows. The
two must parse to the same network.

Residual is brawn's residual block (nn.Residual's documentation), as
nn/testdata/torch/gen_layers.py defines it; PyTorch has no such class. Run it
with Debian's python3-torch from this directory:

    /usr/bin/python3 gen_printed.py
"""
import json
import os
import sys

import torch
from torch import nn

# brawn's Residual block, as nn's fixtures define it.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../nn/testdata/torch"))
from gen_layers import Residual  # noqa: E402


# name: (module string as brawn writes it, which PyTorch constructs too,
# a sample's shape). PyTorch's print of AvgPool2d leaves out ceil_mode,
# count_include_pad and divisor_override, so the cases keep their
# defaults.
CASES = {
    "linear": ("Sequential(Linear(784, 256), Linear(256, 10, bias=False))", (784,)),
    "activations": ("Sequential(Linear(4, 8), ReLU(), LeakyReLU(0.2), Sigmoid(), Tanh(), Linear(8, 3), Softmax(dim=1))", (4,)),
    "inplace": ("Sequential(Linear(4, 8), ReLU(inplace=True), LeakyReLU(0.01, inplace=True), Dropout(0.2, inplace=True), Linear(8, 3))", (4,)),
    "dropout": ("Sequential(Linear(4, 8), Dropout(0.2), Dropout(), Linear(8, 3))", (4,)),
    "batchnorm1d": ("Sequential(Linear(4, 8), BatchNorm1d(8), BatchNorm1d(8, eps=0.001, momentum=0.3), Linear(8, 3))", (4,)),
    "batchnorm1d_cumulative": ("Sequential(Linear(4, 8), BatchNorm1d(8, momentum=None), Linear(8, 3))", (4,)),
    "batchnorm1d_options": ("Sequential(Linear(4, 8), BatchNorm1d(8, affine=False), ReLU(), BatchNorm1d(8, track_running_stats=False), "
                            "BatchNorm1d(8, eps=0.001, momentum=None, affine=False, track_running_stats=False), Linear(8, 3))", (4,)),
    "cnn": ("Sequential(Conv2d(1, 32, 3, padding=1), ReLU(), MaxPool2d(2), Conv2d(32, 64, 3, padding=1), ReLU(), MaxPool2d(2), Flatten(), Linear(3136, 128), ReLU(), Linear(128, 10))", (1, 28, 28)),
    "conv_options": ("Sequential(Conv2d(2, 4, 3, padding='same'), Conv2d(4, 4, (3, 2), stride=(2, 1), padding=(1, 0), dilation=2, groups=2, bias=False), Conv2d(4, 6, 1, padding='valid'), Flatten(start_dim=1, end_dim=-1), Linear(48, 2))", (2, 6, 6)),
    "pooling": ("Sequential(Conv2d(3, 4, 3), MaxPool2d(3, stride=2, padding=1, dilation=1, ceil_mode=True), AvgPool2d(2), AvgPool2d(3, stride=1, padding=1), Dropout2d(0.1), Dropout2d(inplace=True), AdaptiveAvgPool2d((1, 1)), AdaptiveAvgPool2d(1), Flatten(), Linear(4, 2))", (3, 10, 10)),
    "batchnorm2d": ("Sequential(Conv2d(1, 4, 3), BatchNorm2d(4), BatchNorm2d(4, eps=0.001, momentum=None), BatchNorm2d(4, affine=False, track_running_stats=False), Flatten(), Linear(4, 2))", (1, 3, 3)),
    "keywords": ("Sequential(Conv2d(in_channels=1, out_channels=2, kernel_size=(2, 2), stride=(2, 2), padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros'), MaxPool2d(kernel_size=(2, 2), stride=(2, 2), padding=0, ceil_mode=False), AvgPool2d(kernel_size=1, stride=None, ceil_mode=False, count_include_pad=True), Flatten(start_dim=1, end_dim=-1), Linear(in_features=8, out_features=2, bias=True))", (1, 8, 8)),
    "resnet": (("Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU(inplace=True), "
               "Residual(Sequential(Conv2d(4, 4, 3, padding=1, bias=False), BatchNorm2d(4), ReLU(), Conv2d(4, 4, 3, padding=1), BatchNorm2d(4))), "
               "ReLU(), MaxPool2d(2), "
               "Residual(Sequential(Conv2d(4, 8, 3, stride=2, padding=1), BatchNorm2d(8), ReLU(), Conv2d(8, 8, 3, padding=1), BatchNorm2d(8)), "
               "downsample=Sequential(Conv2d(4, 8, 1, stride=2, bias=False), BatchNorm2d(8))), "
               "ReLU(), AdaptiveAvgPool2d((1, 1)), Flatten(), Linear(8, 3))"), (1, 8, 8)),
}


def main():
    scope = {**vars(nn), "Residual": Residual}
    out = []
    for name, (module, shape) in CASES.items():
        m = eval(module, scope).eval()
        m(torch.zeros((2,) + shape))  # the network takes such samples
        out.append({"name": name, "module": module, "input": list(shape), "printed": str(m)})
    with open("printed.json", "w") as f:
        json.dump({"torch": torch.__version__, "cases": out}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
