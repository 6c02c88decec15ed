#!/usr/bin/env python3
"""Writes the Conv2d fixtures conv2d_<name>.safetensors that nn's
TestConv2dPyTorch compares brawn's Conv2d with: for each case, the input
x, the parameters weight and bias (none with bias=False), the output y, an
output gradient dy, and PyTorch's gradients dx, dweight and dbias. The
metadata holds the module as PyTorch constructs it ("module") and its
arguments under the field names of brawn's nn.Conv2dConfig ("config",
JSON).

The inputs are drawn in float32; PyTorch then computes in float64 on those
values, so the expected results are exact to float32 rounding. Run it with
Debian's python3-torch from this directory:

    /usr/bin/python3 gen_conv.py
"""
import json

import torch
from torch import nn

import safetensors_file

# name: (module string, input shape [N, C, H, W])
CASES = {
    "basic": ("Conv2d(3, 4, 3, padding=1)", (2, 3, 6, 5)),
    "stride_dilation": ("Conv2d(2, 4, (3, 2), stride=(2, 1), padding=(1, 2), dilation=(2, 1))", (3, 2, 7, 6)),
    "groups_nobias": ("Conv2d(4, 6, 3, groups=2, bias=False)", (2, 4, 5, 5)),
    "depthwise": ("Conv2d(3, 3, 3, stride=2, padding=1, groups=3)", (1, 3, 6, 7)),
    "same_even": ("Conv2d(2, 3, (2, 4), padding='same', dilation=(1, 2))", (2, 2, 5, 7)),
    "valid": ("Conv2d(1, 2, 5, padding='valid')", (1, 1, 6, 8)),
    "chunks": ("Conv2d(2, 3, 3, stride=2)", (5, 2, 9, 9)),
}


def pair(v):
    return list(v) if isinstance(v, tuple) else [v, v]


def config(m):
    """m's arguments under nn.Conv2dConfig's field names."""
    same = m.padding == "same"
    return {
        "InChannels": m.in_channels,
        "OutChannels": m.out_channels,
        "KernelSize": pair(m.kernel_size),
        "Stride": pair(m.stride),
        "Padding": [0, 0] if isinstance(m.padding, str) else pair(m.padding),
        "Same": same,
        "Dilation": pair(m.dilation),
        "Groups": m.groups,
        "NoBias": m.bias is None,
    }


def main():
    torch.manual_seed(13)
    for name, (module, shape) in CASES.items():
        m = eval("nn." + module)
        x = torch.randn(shape)
        m64 = m.double()
        x64 = x.double().requires_grad_()
        y = m64(x64)
        dy = torch.randn(y.shape)
        y.backward(dy.double())
        tensors = {"x": x, "weight": m64.weight}
        if m64.bias is not None:
            tensors["bias"] = m64.bias
        tensors.update({"y": y, "dy": dy, "dx": x64.grad, "dweight": m64.weight.grad})
        if m64.bias is not None:
            tensors["dbias"] = m64.bias.grad
        safetensors_file.write(
            f"conv2d_{name}.safetensors",
            tensors,
            {"module": module, "config": json.dumps(config(m))},
        )


if __name__ == "__main__":
    main()
