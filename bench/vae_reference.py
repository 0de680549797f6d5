#!/usr/bin/python3
"""The PyTorch reference for the quality bar: the pytorch/examples VAE
(fc1 784->400, fc21/fc22 400->20, fc3 20->400, fc4 400->784, ReLU, sigmoid,
loss = BCE summed over pixels + KL, Adam lr 1e-3, batch 128), trained with
Debian's PyTorch on Latent Lab's MNIST train split (data/, 7996 images),
shuffled every epoch, seeded.

The test loss is measured the way Latent Lab's evaluate_model measures it: one
posterior sample z = mu + sigma * eps per test image (as the PyTorch example's
test() does too), loss = BCE-sum + KL for that image, averaged over the 2004
test images, in nats per image.

Prints one line per epoch and, last, one JSON line (the bench parses it):
  {"test_loss": ..., "test_reconstruction": ..., "test_kl": ..., "train_loss": [...], "seconds": ...}

usage: /usr/bin/python3 bench/vae_reference.py [--epochs 10] [--seed 1] [--threads 1] [--data-dir data]
"""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, count, rows, cols = struct.unpack(">IIII", raw[:16])
    if magic != 0x00000803:
        raise ValueError(f"{path}: magic {magic:#010x}, expected 0x00000803 (images)")
    expected = 16 + count * rows * cols
    if len(raw) != expected:
        raise ValueError(f"{path}: {len(raw)} bytes, expected {expected} for {count}x{rows}x{cols}")
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, rows * cols)
    return torch.from_numpy(pixels.astype(np.float32) / 255.0)


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def loss_terms(recon, x, mu, logvar):
    """Summed over the batch: (BCE, KL), as in the PyTorch example."""
    bce = F.binary_cross_entropy(recon, x, reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce, kl


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--data-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train = read_idx_images(os.path.join(args.data_dir, "mnist-train-images-idx3-ubyte.gz"))
    test = read_idx_images(os.path.join(args.data_dir, "mnist-test-images-idx3-ubyte.gz"))

    model = Vae()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    shuffle = torch.Generator().manual_seed(args.seed)
    train_losses = []
    start = time.perf_counter()
    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        for batch in torch.randperm(len(train), generator=shuffle).split(args.batch):
            x = train[batch]
            optimizer.zero_grad()
            recon, mu, logvar = model(x)
            bce, kl = loss_terms(recon, x, mu, logvar)
            loss = bce + kl
            loss.backward()
            optimizer.step()
            total += loss.item()
        train_losses.append(total / len(train))
        print(f"epoch {epoch + 1:3d}/{args.epochs}  train loss {train_losses[-1]:.4f}  "
              f"({time.perf_counter() - start:.1f} s)", flush=True)
    seconds = time.perf_counter() - start

    model.eval()
    bce_sum = kl_sum = 0.0
    with torch.no_grad():
        for x in test.split(256):
            recon, mu, logvar = model(x)  # one posterior sample per image
            bce, kl = loss_terms(recon, x, mu, logvar)
            bce_sum += bce.item()
            kl_sum += kl.item()
    n = len(test)
    result = {"test_loss": (bce_sum + kl_sum) / n, "test_reconstruction": bce_sum / n, "test_kl": kl_sum / n,
              "train_loss": [round(v, 4) for v in train_losses], "epochs": args.epochs, "seed": args.seed,
              "threads": args.threads, "seconds": round(seconds, 1), "torch": torch.__version__}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
