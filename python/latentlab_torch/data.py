"""The bundled MNIST split (data/mnist-{train,test}-*-ubyte.gz, IDX format) as float tensors in [0, 1]."""
import gzip
import os
import struct

import torch

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def read_idx(path):
    """An IDX file (gzipped or not) as a uint8 tensor of its dimensions."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        blob = f.read()
    (magic,) = struct.unpack(">I", blob[:4])
    if magic >> 8 != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes (magic {magic:#x})")
    rank = magic & 0xFF
    dims = struct.unpack(">" + "I" * rank, blob[4:4 + 4 * rank])
    return torch.frombuffer(bytearray(blob[4 + 4 * rank:]), dtype=torch.uint8).reshape(dims)


def mnist(split, data_dir=None):
    """(images [N, 784] float32 in [0, 1], labels [N] int64) of the bundled "train" or "test" split."""
    data_dir = data_dir or os.path.join(REPO, "data")
    images = read_idx(os.path.join(data_dir, f"mnist-{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data_dir, f"mnist-{split}-labels-idx1-ubyte.gz"))
    return images.reshape(len(images), -1).float() / 255.0, labels.long()
