"""safetensors reading and writing with torch only (the `safetensors` package
is not installable here). The format (https://github.com/huggingface/safetensors):

    [u64 little-endian: header length L][L bytes: JSON header][data buffer]

The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin,
end]} plus an optional "__metadata__" of string -> string. As in
src/io/safetensors.cpp, F32, F16 and BF16 are read (and widened to float32),
F32 or F16 written, and the tensors must tile the data buffer exactly.
"""
import json
import struct
import sys

import torch

_DTYPES = {"F32": (torch.float32, 4), "F16": (torch.float16, 2), "BF16": (torch.bfloat16, 2)}
_MAX_HEADER = 100_000_000
if sys.byteorder != "little":  # tensors are read and written in the machine's byte order
    raise ImportError("latentlab_torch.safetensors_io assumes a little-endian machine")


class SafetensorsError(ValueError):
    """A file that is not readable safetensors (corrupt, truncated, foreign dtype)."""


def read_safetensors(data):
    """bytes -> (metadata dict, {name: float32 tensor}) in the file's data order."""
    data = bytes(data)
    if len(data) < 8:
        raise SafetensorsError(f"safetensors: file is {len(data)} bytes, shorter than the 8-byte header length")
    (length,) = struct.unpack("<Q", data[:8])
    if length > _MAX_HEADER or length > len(data) - 8:
        raise SafetensorsError(f"safetensors: header length {length} does not fit the {len(data)}-byte file")
    try:
        header = json.loads(data[8:8 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SafetensorsError(f"safetensors: header is not valid JSON: {error}") from None
    if not isinstance(header, dict):
        raise SafetensorsError("safetensors: header is not a JSON object")
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise SafetensorsError('safetensors: "__metadata__" is not an object of strings')
    buffer = data[8 + length:]
    entries = []
    for name, entry in header.items():
        try:
            dtype, shape, (begin, end) = entry["dtype"], entry["shape"], entry["data_offsets"]
        except (TypeError, KeyError, ValueError):
            raise SafetensorsError(f"safetensors: tensor '{name}' has no dtype, shape and data_offsets") from None
        if dtype not in _DTYPES:
            raise SafetensorsError(f"safetensors: tensor '{name}' has unsupported dtype '{dtype}' (supported: F32, F16, BF16)")
        torch_dtype, itemsize = _DTYPES[dtype]
        count = 1
        for dim in shape:
            if not isinstance(dim, int) or dim < 0:
                raise SafetensorsError(f"safetensors: tensor '{name}' has a bad shape {shape}")
            count *= dim
        if not (isinstance(begin, int) and isinstance(end, int) and 0 <= begin <= end <= len(buffer)):
            raise SafetensorsError(f"safetensors: tensor '{name}': data_offsets [{begin}, {end}] out of range "
                                   f"of the {len(buffer)}-byte data buffer")
        if end - begin != count * itemsize:
            raise SafetensorsError(f"safetensors: tensor '{name}': data_offsets span {end - begin} bytes but shape "
                                   f"{shape} of {dtype} needs {count * itemsize}")
        entries.append((begin, end, name, torch_dtype, shape))
    entries.sort()
    covered = 0
    for begin, end, name, _, _ in entries:
        if begin != covered:
            raise SafetensorsError(f"safetensors: tensor '{name}' does not start where the previous one ends")
        covered = end
    if covered != len(buffer):
        raise SafetensorsError(f"safetensors: the data buffer has {len(buffer)} bytes but the tensors cover {covered}")
    tensors = {}
    for begin, end, name, torch_dtype, shape in entries:
        raw = bytearray(buffer[begin:end])  # frombuffer wants a writable buffer
        values = torch.frombuffer(raw, dtype=torch_dtype) if raw else torch.empty(0, dtype=torch_dtype)
        tensors[name] = values.reshape(shape).to(torch.float32)
    return metadata, tensors


def write_safetensors(tensors, metadata=None, float16=False):
    """{name: tensor} (written in this order) -> bytes; header padded to 8 bytes like Latent Lab's writer."""
    header = {"__metadata__": dict(metadata)} if metadata else {}
    blobs, offset = [], 0
    for name, tensor in tensors.items():
        if name == "__metadata__":
            raise ValueError("safetensors: '__metadata__' is not a valid tensor name")
        t = tensor.detach().to("cpu", torch.float16 if float16 else torch.float32).contiguous()
        if float16 and not torch.isfinite(t).all() and torch.isfinite(tensor).all():
            raise ValueError(f"safetensors: tensor '{name}' holds a value beyond the F16 range (65504)")
        blob = t.view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": "F16" if float16 else "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)
