"""PyTorch, one CPU thread, as the native reference column of bench/speed.sh.

Reads one JSON object on stdin from bench/speed.mjs: {"data": <repo>/data,
"protocol": {...}, "order": [row ids of the first epoch], "models": {"V1": ...}}
and prints one line "RESULT <json>" (progress on stderr). The models mirror
Latent Lab's configs V1, A1 and C1 (the MSE autoencoder applies a sigmoid
before the MSE); batches follow the same order; Adam with the same settings.
Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (speed.mjs does).
"""
import gzip
import json
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


def load_images(data_dir):
    with gzip.open(f"{data_dir}/mnist-train-images-idx3-ubyte.gz", "rb") as f:
        raw = f.read()
    count = int.from_bytes(raw[4:8], "big")
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16).astype(np.float32) / np.float32(255)
    return torch.from_numpy(pixels.reshape(count, 784).copy())


class V1(nn.Module):
    latent = 20

    def __init__(self):
        super().__init__()
        self.fc1, self.fc_mu, self.fc_logvar = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def encode(self, x):
        h = F.relu(self.fc1(x))
        return self.fc_mu(h), self.fc_logvar(h)

    def decode_logits(self, z):
        return self.fc4(F.relu(self.fc3(z)))

    def loss(self, x):
        mu, logvar = self.encode(x)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        bce = F.binary_cross_entropy_with_logits(self.decode_logits(z), x, reduction="sum")
        kl = 0.5 * torch.sum(logvar.exp() + mu.pow(2) - 1 - logvar)
        return (bce + kl) / x.shape[0]

    def encode_decode(self, x):
        return torch.sigmoid(self.decode_logits(self.encode(x)[0]))

    def decode(self, z):
        return torch.sigmoid(self.decode_logits(z))


class A1(nn.Module):
    latent = 32

    def __init__(self):
        super().__init__()
        relu = nn.ReLU
        self.encoder = nn.Sequential(nn.Linear(784, 512), relu(), nn.Linear(512, 128), relu(), nn.Linear(128, 32))
        self.decoder = nn.Sequential(nn.Linear(32, 128), relu(), nn.Linear(128, 512), relu(), nn.Linear(512, 784))

    def loss(self, x):
        return F.mse_loss(torch.sigmoid(self.decoder(self.encoder(x))), x, reduction="sum") / x.shape[0]


class C1(nn.Module):
    latent = 16

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(1, 16, 3, 2, 1), nn.ReLU(), nn.Conv2d(16, 32, 3, 2, 1), nn.ReLU(),
                                     nn.Flatten(), nn.Linear(1568, 16))
        self.decoder = nn.Sequential(nn.Linear(16, 1568), nn.ReLU(), nn.Unflatten(1, (32, 7, 7)),
                                     nn.ConvTranspose2d(32, 16, 3, 2, 1, 1), nn.ReLU(),
                                     nn.ConvTranspose2d(16, 1, 3, 2, 1, 1), nn.Flatten())

    def loss(self, x):
        logits = self.decoder(self.encoder(x.view(-1, 1, 28, 28)))
        return F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / x.shape[0]


def train_run(model_class, images, batches, protocol):
    torch.manual_seed(protocol["seed"])
    model = model_class()
    optimizer = torch.optim.Adam(model.parameters(), lr=protocol["learningRate"], eps=1e-8)

    def step(rows):
        optimizer.zero_grad()
        loss = model.loss(images[rows])
        loss.backward()
        optimizer.step()
        return loss.item()

    for b in range(protocol["warmup"]):
        step(batches[b])
    start = time.perf_counter()
    for b in range(protocol["warmup"], protocol["warmup"] + protocol["steps"]):
        loss = step(batches[b])
    seconds = time.perf_counter() - start
    return protocol["steps"] * protocol["batchSize"] / seconds, loss


def inference_runs(images, protocol):
    torch.manual_seed(protocol["seed"])
    model = V1()
    side = protocol["gridSide"]
    codes = torch.zeros(side * side, model.latent)
    steps = torch.tensor([-2 + 4 * i / (side - 1) for i in range(side)])
    codes[:, 0] = steps.repeat(side)
    codes[:, 1] = steps.repeat_interleave(side)
    image = images[:1].clone()
    latency, grid = [], []
    with torch.no_grad():
        for _ in range(20):
            model.encode_decode(image).numpy()
        for _ in range(protocol["runs"]):
            start = time.perf_counter()
            for _ in range(protocol["latencyCalls"]):
                model.encode_decode(image).numpy()
            latency.append((time.perf_counter() - start) * 1e3 / protocol["latencyCalls"])
            start = time.perf_counter()
            for _ in range(protocol["gridCalls"]):
                model.decode(codes).numpy()
            grid.append((time.perf_counter() - start) * 1e3 / protocol["gridCalls"])
    return {"latencyMs": statistics.median(latency), "gridMs": statistics.median(grid), "latencyRuns": latency,
            "gridRuns": grid}


def main():
    args = json.load(sys.stdin)
    torch.set_num_threads(1)
    protocol = args["protocol"]
    images = load_images(args["data"])
    order = torch.tensor(args["order"], dtype=torch.long)
    size = protocol["batchSize"]
    batches = [order[b * size:(b + 1) * size] for b in range(protocol["warmup"] + protocol["steps"])]
    result = {"engine": "pytorch-native", "version": torch.__version__, "threads": torch.get_num_threads(),
              "models": {}}
    classes = {"V1": V1, "A1": A1, "C1": C1}
    for name in args["models"]:
        runs = []
        for r in range(protocol["runs"]):
            speed, loss = train_run(classes[name], images, batches, protocol)
            runs.append(speed)
            print(f"pytorch {name} run {r + 1}: {speed:.0f} examples/s (loss {loss:.2f})", file=sys.stderr)
        entry = {"trainRuns": runs, "trainExamplesPerSecond": statistics.median(runs)}
        if name == "V1":
            entry.update(inference_runs(images, protocol))
        result["models"][name] = entry
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
