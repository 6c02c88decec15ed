#!/usr/bin/env python3
"""Writes losses.json, the fixtures nn's TestLossesPyTorch compares
brawn's CrossEntropyLoss (weight, ignore_index, label_smoothing) and
BCEWithLogitsLoss (pos_weight) with.

Each case holds the logits x (rows of the output), the labels (class
indices, for CrossEntropyLoss) or targets (for BCEWithLogitsLoss), the
loss's arguments as PyTorch takes them, and PyTorch's loss and gradient
with respect to x. The inputs are drawn in float32 and written exactly;
PyTorch computes in float64 on those values, so the expected results are
exact to float64 rounding. A loss of NaN or infinity is written as the
string "nan", "inf" or "-inf" (JSON has no such numbers), its gradient as
null.

Run it with Debian's python3-torch (PyTorch 1.13) from this directory:

    /usr/bin/python3 gen_losses.py
"""
import json
import math

import torch
from torch import nn


def number(v):
    v = float(v)
    if math.isnan(v) or math.isinf(v):
        return str(v)
    return v


def run(module, x, target):
    """Returns the loss of module on x (float32, rows) and target, and the
    gradient with respect to x, in float64."""
    x64 = x.double().requires_grad_()
    loss = module(x64, target)
    grad = None
    if torch.isfinite(loss):
        loss.backward()
        grad = [number(v) for v in x64.grad.flatten()]
    return number(loss), grad


def ce_case(name, x, labels, **args):
    w = args.get("weight")
    if w is not None:
        args["weight"] = torch.tensor(w, dtype=torch.float64)
    loss, grad = run(nn.CrossEntropyLoss(**args), x, torch.tensor(labels))
    if w is not None:
        args["weight"] = w
    return {"name": name, "loss_class": "CrossEntropyLoss", "args": args,
            "shape": list(x.shape), "x": [float(v) for v in x.flatten()],
            "labels": labels, "loss": loss, "grad": grad}


def bce_case(name, x, y, **args):
    pw = args.get("pos_weight")
    if pw is not None:
        args["pos_weight"] = torch.tensor(pw, dtype=torch.float64)
    loss, grad = run(nn.BCEWithLogitsLoss(**args), x, y.double())
    if pw is not None:
        args["pos_weight"] = pw
    return {"name": name, "loss_class": "BCEWithLogitsLoss", "args": args,
            "shape": list(x.shape), "x": [float(v) for v in x.flatten()],
            "targets": [float(v) for v in y.flatten()], "loss": loss, "grad": grad}


def main():
    torch.manual_seed(23)
    x = 2 * torch.randn(6, 4)
    labels = [0, 3, 1, 1, 2, 0]
    w = [0.5, 2.0, 1.25, 3.0]
    ign = [0, -100, 1, -100, 2, 3]
    cases = []
    for red in ("mean", "sum"):
        cases += [
            ce_case(f"ce_plain_{red}", x, labels, reduction=red),
            ce_case(f"ce_weight_{red}", x, labels, weight=w, reduction=red),
            ce_case(f"ce_ignore_{red}", x, ign, reduction=red),
            ce_case(f"ce_ignore_class_{red}", x, labels, ignore_index=1, reduction=red),
            ce_case(f"ce_smooth_{red}", x, labels, label_smoothing=0.1, reduction=red),
            ce_case(f"ce_all_{red}", x, ign, weight=w, ignore_index=-100, label_smoothing=0.2, reduction=red),
            ce_case(f"ce_zero_weight_{red}", x, labels, weight=[0.0, 1.5, 0.0, 2.0], label_smoothing=0.3, reduction=red),
            ce_case(f"ce_all_ignored_{red}", x[:3], [-100, -100, -100], reduction=red),
            ce_case(f"ce_all_ignored_weight_{red}", x[:3], [2, 2, 2], weight=w, ignore_index=2, label_smoothing=0.1, reduction=red),
            ce_case(f"ce_weight_zero_sum_{red}", x[:2], [0, 2], weight=[0.0, 1.0, 0.0, 1.0], reduction=red),
            ce_case(f"ce_weight_zero_sum_smooth_{red}", x[:2], [0, 2], weight=[0.0, 1.0, 0.0, 1.0], label_smoothing=0.1, reduction=red),
            ce_case(f"ce_smooth_one_{red}", x, labels, weight=w, label_smoothing=1.0, reduction=red),
        ]
    # Logits far apart: log_softmax must stay stable.
    big = torch.tensor([[80.0, -80.0, 0.0], [-200.0, 200.0, 5.0]])
    cases.append(ce_case("ce_large_logits", big, [1, 0], weight=[1.0, 2.0, 0.5], label_smoothing=0.05))

    xb = 3 * torch.randn(5, 3)
    yb = (torch.rand(5, 3) > 0.5).float()
    soft = torch.rand(5, 3)
    for red in ("mean", "sum"):
        cases += [
            bce_case(f"bce_plain_{red}", xb, yb, reduction=red),
            bce_case(f"bce_pos_weight_{red}", xb, yb, pos_weight=[3.0, 0.5, 1.0], reduction=red),
            bce_case(f"bce_pos_weight_soft_{red}", xb, soft, pos_weight=[2.5, 0.25, 7.0], reduction=red),
        ]
    # Large logits of either sign: the loss must stay finite and exact.
    xl = torch.tensor([[40.0], [-40.0], [120.0], [-120.0], [0.0]])
    yl = torch.tensor([[1.0], [1.0], [0.0], [0.0], [1.0]])
    cases.append(bce_case("bce_pos_weight_large", xl, yl, pos_weight=[4.0]))
    cases.append(bce_case("bce_pos_weight_zero", xb, yb, pos_weight=[0.0, 1.0, 2.0]))
    with open("losses.json", "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
