#!/usr/bin/env python3
"""Writes the fixtures layers_<name>.safetensors that nn's TestLayersPyTorch
compares brawn's pooling, BatchNorm1d, BatchNorm2d and Residual layers with. Each case is
a torch.nn.Sequential, or a module m wrapped as Sequential(m), so that its
state_dict names are those of brawn's Sequential ("0.weight",
"0.f.0.weight", ...); it runs once in the case's mode on an input x, and
then backward with an output gradient dy. A file holds x, dy, the output y, PyTorch's input gradient dx, the
parameters and buffers before the step ("param.NAME", "buffer.NAME"), the
parameter gradients ("grad.NAME") and the buffers after the step
("after.NAME": running statistics move in training). num_batches_tracked
is written as float32. The metadata holds the case's name ("case"), the
module as PyTorch constructs it ("module") and the mode ("mode": "train"
or "eval").

Dropout2d has no fixture: its mask comes from brawn's generator, not
PyTorch's.

Residual is brawn's residual block (nn.Residual's documentation), defined
below; PyTorch has no such class.

The inputs are drawn in float32; PyTorch computes in float64 on those
values, so the expected results are exact to float32 rounding. Run it with
Debian's python3-torch from this directory:

    /usr/bin/python3 gen_layers.py
"""
import torch
from torch import nn

import safetensors_file


class Residual(nn.Module):
    """brawn's nn.Residual: f(x) + x, or f(x) + downsample(x)."""

    def __init__(self, f, downsample=None):
        super().__init__()
        self.f = f
        self.downsample = downsample

    def forward(self, x):
        s = x if self.downsample is None else self.downsample(x)
        return self.f(x) + s


BLOCK = ("Residual(Sequential(Conv2d(3, 3, 3, padding=1), BatchNorm2d(3), ReLU(), "
         "Conv2d(3, 3, 3, padding=1), BatchNorm2d(3)))")
DOWN = ("Residual(Sequential(Conv2d(2, 4, 3, stride=2, padding=1), BatchNorm2d(4), ReLU(), "
        "Conv2d(4, 4, 3, padding=1), BatchNorm2d(4)), "
        "downsample=Sequential(Conv2d(2, 4, 1, stride=2, bias=False), BatchNorm2d(4)))")

RESNET = ("Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU(), "
          "Residual(Sequential(Conv2d(4, 4, 3, padding=1), BatchNorm2d(4), ReLU(), Conv2d(4, 4, 3, padding=1), BatchNorm2d(4))), "
          "ReLU(), MaxPool2d(2), "
          "Residual(Sequential(Conv2d(4, 8, 3, stride=2, padding=1), BatchNorm2d(8), ReLU(), Conv2d(8, 8, 3, padding=1), BatchNorm2d(8)), "
          "downsample=Sequential(Conv2d(4, 8, 1, stride=2, bias=False), BatchNorm2d(8))), "
          "ReLU(), AdaptiveAvgPool2d(1), Flatten(), Linear(8, 3))")

# name: (module string, input shape [N, C, H, W], or [N, C] for
# BatchNorm1d, mode); a module that is not a Sequential is wrapped in one.
CASES = {
    "maxpool_basic": ("MaxPool2d(2)", (2, 3, 6, 5), "train"),
    "maxpool_stride_pad_dilation": ("MaxPool2d((3, 2), stride=(2, 1), padding=(1, 1), dilation=(2, 1))", (3, 2, 9, 7), "train"),
    "maxpool_ceil": ("MaxPool2d(3, stride=2, padding=1, ceil_mode=True)", (1, 2, 8, 7), "train"),
    "avgpool_basic": ("AvgPool2d(2)", (2, 3, 6, 5), "train"),
    "avgpool_pad": ("AvgPool2d(3, stride=2, padding=1)", (2, 2, 7, 8), "train"),
    "avgpool_exclude_pad": ("AvgPool2d((3, 2), stride=(2, 1), padding=(1, 1), count_include_pad=False)", (2, 2, 7, 6), "train"),
    "avgpool_ceil_pad": ("AvgPool2d(3, stride=2, padding=1, ceil_mode=True)", (2, 1, 6, 7), "train"),
    "avgpool_ceil_divisor": ("AvgPool2d(3, stride=2, ceil_mode=True, divisor_override=5)", (1, 2, 8, 8), "train"),
    "adaptive_global": ("AdaptiveAvgPool2d(1)", (2, 3, 7, 5), "train"),
    "adaptive_overlap": ("AdaptiveAvgPool2d((3, 4))", (2, 2, 7, 10), "train"),
    "adaptive_none": ("AdaptiveAvgPool2d((None, 2))", (1, 2, 5, 5), "train"),
    "bn2d_train": ("BatchNorm2d(3)", (2, 3, 4, 5), "train"),
    "bn2d_train_batch1": ("BatchNorm2d(2, momentum=0.3)", (1, 2, 3, 3), "train"),
    "bn2d_eval": ("BatchNorm2d(3, eps=0.001)", (2, 3, 4, 5), "eval"),
    "bn2d_no_affine": ("BatchNorm2d(2, affine=False)", (3, 2, 3, 4), "train"),
    "bn2d_no_stats_eval": ("BatchNorm2d(2, track_running_stats=False)", (2, 2, 3, 3), "eval"),
    "bn2d_cumulative": ("BatchNorm2d(2, momentum=None)", (2, 2, 2, 3), "train"),
    "residual_identity": (BLOCK, (2, 3, 5, 6), "train"),
    "residual_downsample": (DOWN, (2, 2, 7, 6), "train"),
    "residual_eval": (DOWN, (1, 2, 7, 6), "eval"),
    "resnet_small": (RESNET, (2, 1, 12, 10), "train"),
    # 2×2 windows with whole and partial vectors of outputs per row (the
    # kernels' fast path), odd planes, and ceil_mode's overhang (not it).
    "maxpool_2x2_wide": ("MaxPool2d(2)", (2, 3, 7, 37), "train"),
    "avgpool_2x2_wide": ("AvgPool2d(2)", (2, 3, 7, 37), "train"),
    "maxpool_2x2_ceil": ("MaxPool2d(2, ceil_mode=True)", (1, 2, 5, 7), "train"),
    # BatchNorm1d's affine and track_running_stats, in both modes.
    "bn1d_train": ("BatchNorm1d(4)", (5, 4), "train"),
    "bn1d_no_affine": ("BatchNorm1d(4, affine=False)", (5, 4), "train"),
    "bn1d_no_affine_eval": ("BatchNorm1d(4, eps=0.001, affine=False)", (3, 4), "eval"),
    "bn1d_no_stats": ("BatchNorm1d(3, momentum=0.3, track_running_stats=False)", (4, 3), "train"),
    "bn1d_no_stats_eval": ("BatchNorm1d(3, track_running_stats=False)", (2, 3), "eval"),
    "bn1d_bare_eval": ("BatchNorm1d(5, affine=False, track_running_stats=False)", (3, 5), "eval"),
    "bn1d_cumulative_no_affine": ("Sequential(Linear(3, 4), BatchNorm1d(4, momentum=None, affine=False), ReLU(), Linear(4, 2))", (6, 3), "train"),
}


def randomize(m):
    """Moves parameters and running statistics off their initial values,
    so that the fixtures exercise them."""
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)):
                if mod.affine:
                    mod.weight.copy_(1 + 0.3 * torch.randn(mod.weight.shape))
                    mod.bias.copy_(0.2 * torch.randn(mod.bias.shape))
                if mod.track_running_stats:
                    mod.running_mean.copy_(0.5 * torch.randn(mod.running_mean.shape))
                    mod.running_var.copy_(0.5 + torch.rand(mod.running_var.shape))
                    mod.num_batches_tracked.fill_(3)


def main():
    torch.manual_seed(17)
    scope = {**vars(nn), "Residual": Residual}
    for name, (module, shape, mode) in CASES.items():
        m = eval(module, scope)
        if not isinstance(m, nn.Sequential):
            m = nn.Sequential(m)
        randomize(m)
        m = m.double()
        m.train(mode == "train")
        state = {k: v.clone() for k, v in m.state_dict().items()}
        params = dict(m.named_parameters())
        x = torch.randn(shape)
        x64 = x.double().requires_grad_()
        y = m(x64)
        dy = torch.randn(y.shape)
        y.backward(dy.double())
        tensors = {"x": x, "dy": dy, "y": y, "dx": x64.grad}
        for k, v in state.items():
            tensors[("param." if k in params else "buffer.") + k] = v
        for k, p in params.items():
            tensors["grad." + k] = p.grad
        for k, v in m.state_dict().items():
            if k not in params:
                tensors["after." + k] = v
        safetensors_file.write(
            f"layers_{name}.safetensors",
            tensors,
            {"case": name, "module": module, "mode": mode},
        )


if __name__ == "__main__":
    main()
