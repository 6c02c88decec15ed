#!/usr/bin/env python3
"""PyTorch peer for `brawn bench train`: one training step with Adam
(lr 1e-3) and CrossEntropyLoss, on random MNIST-shaped data, of the
784-256-128-10 ReLU network ("model": "mlp") at batch 32, 128 and 512, and
of the CNN of issue 13 ("model": "cnn", brawn's bench.CNNModule) on
[batch, 1, 28, 28] images at batch 128, each on 1 thread and on as many
threads as the process may use CPUs (its affinity mask, as brawn's
runtime.NumCPU follows it: under `taskset -c 0`, 1 thread only).
`--model mlp` or `--model cnn` measures one of them only; `--quick` takes
fewer steps and repeats, for a check that it runs.

Prints one JSON object per measurement (the same field names brawn's
--json uses) so the two can be compared side by side, after one object
with "op": "machine": the CPU model, the CPUs the process may use, the
load average, and torch's version and default thread count. Each
measurement also carries the load average when it ended. Needs Debian's
python3-torch: `apt-get install python3-torch`, then
`/usr/bin/python3 bench/pytorch/train_step.py`.
"""
import argparse
import json
import os
import platform
import statistics
import time

import torch
from torch import nn


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(),
                         nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10)), (784,)


def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(),
                         nn.Linear(128, 10)), (1, 28, 28)


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, else what platform knows."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model"):
                    return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def usable_cpus():
    """The CPUs this process may run on, as brawn's thread counts follow."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def load_average():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def step_time(build, batch, threads, steps=60, repeats=5, warmup=20):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model, shape = build()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, *shape)
    y = torch.randint(0, 10, (batch,))

    def one():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(warmup):
        one()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(steps):
            one()
        times.append((time.perf_counter() - t0) / steps)
    return statistics.median(times), (max(times) - min(times)) / statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", choices=("mlp", "cnn"), help="measure this network only")
    ap.add_argument("--quick", action="store_true",
                    help="a few steps and 3 repeats per row: checks that it runs, figures are rough")
    args = ap.parse_args()
    cpus = usable_cpus()
    print(json.dumps({
        "op": "machine", "cpu": cpu_model(), "cpus": cpus, "load_avg": load_average(),
        "torch": torch.__version__, "torch_default_threads": torch.get_num_threads(),
    }), flush=True)
    thread_counts = [1] + ([cpus] if cpus > 1 else [])
    repeats, warmup = (3, 3) if args.quick else (5, 20)
    rows = [("mlp", mlp, b, 60) for b in (32, 128, 512)] + [("cnn", cnn, 128, 10)]
    for name, build, batch, steps in rows:
        if args.model and args.model != name:
            continue
        if args.quick:
            steps = max(steps // 10, 2)
        for threads in thread_counts:
            sec, spread = step_time(build, batch, threads, steps=steps, repeats=repeats, warmup=warmup)
            print(json.dumps({
                "op": "train-step", "model": name, "impl": "pytorch-" + torch.__version__,
                "batch": batch, "threads": torch.get_num_threads(),
                "ns_per_op": round(sec * 1e9), "samples_per_s": round(batch / sec),
                "spread": round(spread, 3), "samples": repeats, "load_avg": load_average(),
            }), flush=True)


if __name__ == "__main__":
    main()
