#!/usr/bin/env python3
"""PyTorch peer for `brawn bench train`: one training step with Adam
(lr 1e-3) and CrossEntropyLoss, on random MNIST-shaped data, of the
784-256-128-10 ReLU network ("model": "mlp") at batch 32, 128 and 512, and
of the CNN of issue 13 ("model": "cnn", brawn's bench.CNNModule) on
[batch, 1, 28, 28] images at batch 128, each with 1 and 2 threads.
`--model mlp` or `--model cnn` measures one of them only.

Prints one JSON object per measurement (the same field names brawn's
--json uses) so the two can be compared side by side. Needs Debian's
python3-torch: `apt-get install python3-torch`, then
`/usr/bin/python3 bench/pytorch/train_step.py`.
"""
import argparse
import json
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


def step_time(build, batch, threads, steps=60, repeats=5):
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

    for _ in range(20):  # warm-up
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
    args = ap.parse_args()
    rows = [("mlp", mlp, b, 60) for b in (32, 128, 512)] + [("cnn", cnn, 128, 10)]
    for name, build, batch, steps in rows:
        if args.model and args.model != name:
            continue
        for threads in (1, 2):
            sec, spread = step_time(build, batch, threads, steps=steps)
            print(json.dumps({
                "op": "train-step", "model": name, "impl": "pytorch-" + torch.__version__,
                "batch": batch, "threads": threads,
                "ns_per_op": round(sec * 1e9), "samples_per_s": round(batch / sec),
                "spread": round(spread, 3),
            }), flush=True)


if __name__ == "__main__":
    main()
