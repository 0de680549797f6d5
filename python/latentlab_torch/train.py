"""Training a Latent Lab model in PyTorch, on one process or under torchrun
(DistributedDataParallel, one process per GPU; gloo on CPU). Rank 0 writes
Latent Lab's file, which the page loads as it is (docs/PYTORCH.md):

    python3 -m latentlab_torch train --config '{"type":"vae","hidden":[400],"latent":20}' --epochs 10 --out vae.safetensors
    torchrun --nproc_per_node 4 -m latentlab_torch train --config ... --out vae.safetensors

Adam, per-image mean loss (reconstruction + beta*KL), as Latent Lab's trainer.
Denoising configs are refused: Latent Lab's corruption samplers (src/data/
corruption.cpp) are not reimplemented here.
"""
import os

import torch
import torch.distributed as dist

from .data import mnist
from .model import LatentLabModel


def _distributed():
    return int(os.environ.get("WORLD_SIZE", "1")) > 1


def train(config, epochs=1, steps=None, batch_size=128, learning_rate=1e-3, seed=1, data_dir=None, log=print):
    """Trains and returns (the unwrapped model on the CPU, the per-step total losses of this rank, the rank).
    steps, when given, stops after that many optimizer steps (epochs is then an upper bound)."""
    model = LatentLabModel(config)
    if model.config.get("denoise") and model.config["denoise"].get("kind", "none") != "none":
        raise ValueError("train: denoising configs need Latent Lab's corruption, which this module does not implement; "
                         "train them with `latentlab train`, or corrupt the inputs yourself and call model.loss(noisy, clean)")
    rank, world = 0, 1
    if _distributed():
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
    local = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device(f"cuda:{local}" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(seed)  # the same initial weights on every rank
    model.to(device)
    wrapped = model
    if world > 1:
        wrapped = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local] if device.type == "cuda" else None)
    images, labels = mnist("train", data_dir)
    conditional = model.label_width > 0
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    generator = torch.Generator().manual_seed(seed)
    losses = []
    for epoch in range(epochs):
        # Each rank its equal share (unequal batch counts would hang DDP's all-reduce).
        order = torch.randperm(len(images), generator=generator)
        order = order[:len(order) // world * world][rank::world]
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            x = images[rows].to(device)
            y = labels[rows].to(device) if conditional else None
            total, reconstruction, kl = model.loss_of(wrapped(x, y), x)
            optimizer.zero_grad()
            total.backward()
            optimizer.step()
            losses.append(float(total))
            if steps is not None and len(losses) >= steps:
                break
        if rank == 0 and log:
            log(f"epoch {epoch + 1}: loss {losses[-1]:.3f} (reconstruction {float(reconstruction):.3f}, kl {float(kl):.3f})")
        if steps is not None and len(losses) >= steps:
            break
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()
    return model.cpu().eval(), losses, rank
