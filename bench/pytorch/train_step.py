#!/usr/bin/env python3
"""PyTorch peer for `brawn bench train`: one training step of the
784-256-128-10 ReLU network with Adam (lr 1e-3) and CrossEntropyLoss, on
random MNIST-shaped data, at batch 32, 128 and 512 with 1 and 2 threads.

Prints one JSON object per measurement (the same field names brawn's
--json uses) so the two can be compared side by side. Needs Debian's
python3-torch: `apt-get install python3-torch`, then
`/usr/bin/python3 bench/pytorch/train_step.py`.
"""
import json
import statistics
import time

import torch
from torch import nn


def step_time(batch, threads, steps=60, repeats=5):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(),
                          nn.Linear(256, 128), nn.ReLU(),
                          nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, 784)
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
    for batch in (32, 128, 512):
        for threads in (1, 2):
            sec, spread = step_time(batch, threads)
            print(json.dumps({
                "op": "train-step", "impl": "pytorch-" + torch.__version__,
                "batch": batch, "threads": threads,
                "ns_per_op": round(sec * 1e9), "samples_per_s": round(batch / sec),
                "spread": round(spread, 3),
            }), flush=True)


if __name__ == "__main__":
    main()
