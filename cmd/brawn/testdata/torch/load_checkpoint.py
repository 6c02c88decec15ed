#!/usr/bin/env python3
"""Loads a brawn checkpoint into PyTorch the way the README says: the
module from the "brawn.pytorch_module" metadata (brawn's Residual block
as nn/testdata/torch/gen_layers.py defines it), the state_dict from the
tensors not named "brawn.*", through load_state_dict(strict=True). Then, in eval mode, it
runs the float32 samples of INPUT (raw little-endian, [n, features]) as
[n, *brawn.input_shape] and writes the outputs to OUTPUT (raw
little-endian float32, [n, outputs]).

Usage: load_checkpoint.py CHECKPOINT INPUT OUTPUT
Needs Debian's python3-torch; reads safetensors without the safetensors
package (8-byte header length, JSON header, raw data).
"""
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

# brawn's Residual block, as the layer fixtures define it.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "nn", "testdata", "torch"))
from gen_layers import Residual  # noqa: E402

DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        b = f.read()
    n = struct.unpack("<Q", b[:8])[0]
    header = json.loads(b[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = b[8 + n:]
    tensors = {}
    for name, e in header.items():
        lo, hi = e["data_offsets"]
        a = np.frombuffer(data[lo:hi], dtype=DTYPES[e["dtype"]]).reshape(e["shape"])
        tensors[name] = torch.from_numpy(a.copy())
    return tensors, meta


def main():
    ckpt, inp, out = sys.argv[1:4]
    tensors, meta = read_safetensors(ckpt)
    names = {k: getattr(nn, k) for k in dir(nn) if not k.startswith("_")}
    names["Residual"] = Residual
    model = eval(meta["brawn.pytorch_module"], {"__builtins__": {}}, names)
    sd = {k: v for k, v in tensors.items() if not k.startswith("brawn.")}
    model.load_state_dict(sd, strict=True)
    model.eval()
    shape = json.loads(meta.get("brawn.input_shape", "null"))
    x = torch.from_numpy(np.fromfile(inp, dtype="<f4").copy())
    x = x.reshape([-1] + shape) if shape else x.reshape(-1, model[0].in_features)
    with torch.no_grad():
        y = model(x)
    y.numpy().astype("<f4").tofile(out)


if __name__ == "__main__":
    main()
