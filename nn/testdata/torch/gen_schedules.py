#!/usr/bin/env python3
"""Writes schedules.json, the fixtures nn's TestSchedulesPyTorch compares
brawn's OneCycleLR and CosineAnnealingWarmRestarts with: for each case,
the schedule's class and arguments (PyTorch's names), the optimizer's
rate before the schedule ("lr"), and the rate of its first parameter
group after construction and after each step() ("lrs": last_epoch 0, 1,
...), as float64. OneCycleLR runs its whole cycle, total_steps steps;
PyTorch raises on the next one.

Run it with Debian's python3-torch (PyTorch 1.13) from this directory:

    /usr/bin/python3 gen_schedules.py
"""
import json
import warnings

import torch
from torch.optim import lr_scheduler


def lrs(cls, lr, steps, **args):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    s = getattr(lr_scheduler, cls)(opt, **args)
    out = [opt.param_groups[0]["lr"]]
    for _ in range(steps):
        opt.step()
        s.step()
        out.append(opt.param_groups[0]["lr"])
    return {"class": cls, "lr": lr, "args": args, "lrs": out}


def onecycle(lr=0.05, **args):
    args.setdefault("cycle_momentum", False)
    total = args.get("total_steps") or args["epochs"] * args["steps_per_epoch"]
    return lrs("OneCycleLR", lr, total, **args)


def main():
    warnings.simplefilter("ignore")
    cases = {
        "onecycle_default": onecycle(max_lr=0.1, total_steps=100),
        "onecycle_linear": onecycle(max_lr=0.1, total_steps=50, anneal_strategy="linear"),
        "onecycle_three_phase": onecycle(max_lr=0.02, total_steps=60, three_phase=True),
        "onecycle_three_phase_linear": onecycle(max_lr=1.5, total_steps=41, three_phase=True, pct_start=0.45, anneal_strategy="linear"),
        "onecycle_epochs": onecycle(max_lr=0.3, epochs=3, steps_per_epoch=7),
        "onecycle_factors": onecycle(max_lr=0.01, total_steps=23, pct_start=0.25, div_factor=10.0, final_div_factor=100.0),
        "onecycle_no_rise": onecycle(max_lr=0.1, total_steps=10, pct_start=0.0),
        "onecycle_fractional_phase": onecycle(max_lr=0.1, total_steps=10, pct_start=0.25),
        "onecycle_short": onecycle(max_lr=0.004, total_steps=3, pct_start=0.5),
        "restarts_constant": lrs("CosineAnnealingWarmRestarts", 0.1, 23, T_0=5, eta_min=0.001),
        "restarts_double": lrs("CosineAnnealingWarmRestarts", 0.1, 40, T_0=3, T_mult=2),
        "restarts_triple_from_one": lrs("CosineAnnealingWarmRestarts", 0.5, 30, T_0=1, T_mult=3, eta_min=0.01),
        "restarts_default": lrs("CosineAnnealingWarmRestarts", 0.01, 9, T_0=2),
    }
    with open("schedules.json", "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
