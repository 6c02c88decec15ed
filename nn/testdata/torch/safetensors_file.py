"""Writes safetensors files by hand, for the fixture scripts in this
directory: an 8-byte little-endian header length, a JSON header naming each
tensor's dtype, shape and byte range, then the tensors' raw little-endian
bytes (https://github.com/huggingface/safetensors, the format brawn's
checkpoint package reads). Only float32 tensors, which is all the fixtures
need.
"""
import json
import struct


def write(path, tensors, metadata=None):
    """Writes tensors (a dict of name to torch.Tensor, stored in the
    dict's order as float32, row-major) and metadata (a dict of str to str)
    to path."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        data = t.detach().to("cpu").float().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # data aligned to 8 bytes, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
