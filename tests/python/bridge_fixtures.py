#!/usr/bin/python3
"""PyTorch's side of tests/node/bridge.test.js, which compares it with WASM.

    bridge_fixtures.py shipped OUT_DIR     outputs of every models/*.safetensors through latentlab_torch
    bridge_fixtures.py torch OUT_DIR       models trained 20 steps in PyTorch, and a pytorch/examples VAE
    bridge_fixtures.py examples OUT_DIR    only the pytorch/examples VAE (for tests/browser/bridge.test.js)
    bridge_fixtures.py outputs MODEL OUT   outputs of one Latent Lab file (e.g. written by WASM)

An outputs file is safetensors (F32) with "inputs" [N, 784], "codes" [N, Z]
(encode), "decoded" [N, 784] (decode of "latents"), "latents" [N, Z] (a fixed
normal draw), "reconstructions" [N, 784], for a VAE "mu" and "logvar", for a
conditional model "labels" (as floats); its metadata names the model file.
Everything runs in float32, as a PyTorch user runs it.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from latentlab_torch import load, model_from_state_dict, save, write_safetensors  # noqa: E402
from latentlab_torch.data import REPO, mnist  # noqa: E402
from latentlab_torch.train import train  # noqa: E402

torch.set_num_threads(1)
COUNT = 16


def inputs():
    images, labels = mnist("test")
    rows = torch.arange(COUNT) * (len(images) // COUNT)  # the split is sorted by class: every class appears
    return images[rows], labels[rows]


def outputs(model, path, out):
    images, labels = inputs()
    y = labels if model.label_width else None
    latents = torch.randn(COUNT, model.config["latent"], generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        result = {"inputs": images, "codes": model.encode(images, y), "latents": latents,
                  "decoded": model.decode(latents, y), "reconstructions": model.reconstruct(images, y)}
        if model.variational:
            result["mu"], result["logvar"] = model.encode_distribution(images, y)
        if y is not None:
            result["labels"] = labels.float()
    with open(out, "wb") as f:
        f.write(write_safetensors(result, {"model": os.path.relpath(path, REPO) if path.startswith(REPO) else path,
                                           "config": model.config_json}))


def shipped(out_dir):
    models = os.path.join(REPO, "models")
    # models/dqn_* are DQN agents (format latentlab-dqn), not models the bridge converts.
    for name in sorted(n for n in os.listdir(models) if n.endswith(".safetensors") and not n.startswith("dqn_")):
        path = os.path.join(models, name)
        outputs(load(path), path, os.path.join(out_dir, "outputs-" + name))


class ExamplesVae(torch.nn.Module):
    """pytorch/examples vae/main.py's VAE, its names and code as written there (784-400-20 there; 784-64-8 here)."""

    def __init__(self, hidden=64, latent=8):
        super().__init__()
        self.fc1 = torch.nn.Linear(784, hidden)
        self.fc21 = torch.nn.Linear(hidden, latent)
        self.fc22 = torch.nn.Linear(hidden, latent)
        self.fc3 = torch.nn.Linear(latent, hidden)
        self.fc4 = torch.nn.Linear(hidden, 784)

    def encode(self, x):
        h1 = torch.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def decode(self, z):
        return torch.sigmoid(self.fc4(torch.relu(self.fc3(z))))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 784))
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.decode(z), mu, logvar


def examples_vae(out_dir):
    """Trained (300 steps) as pytorch/examples trains it, saved three ways a PyTorch user saves it."""
    torch.manual_seed(3)
    model = ExamplesVae()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    images, _ = mnist("train")
    for step in range(300):
        x = images[step % 120 * 64:(step % 120 + 1) * 64]
        recon, mu, logvar = model(x)
        loss = torch.nn.functional.binary_cross_entropy(recon, x, reduction="sum") \
            - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    state = model.state_dict()
    with open(os.path.join(out_dir, "examples-vae.safetensors"), "wb") as f:
        f.write(write_safetensors(state, {"format": "pt"}))  # what safetensors.torch.save_file writes
    # The same weights with the heads swapped under the right names: only a number can tell.
    swapped = dict(state, **{"fc21.weight": state["fc22.weight"], "fc21.bias": state["fc22.bias"],
                             "fc22.weight": state["fc21.weight"], "fc22.bias": state["fc21.bias"]})
    with open(os.path.join(out_dir, "examples-vae-swapped.safetensors"), "wb") as f:
        f.write(write_safetensors(swapped, {"format": "pt"}))
    torch.save(torch.nn.DataParallel(model).state_dict(), os.path.join(out_dir, "examples-vae-dataparallel.pt"))
    test_images, _ = inputs()
    with torch.no_grad():
        mu, logvar = model.encode(test_images)
        result = {"inputs": test_images, "mu": mu, "logvar": logvar, "reconstructions": model.decode(mu)}
    config = {"type": "vae", "arch": "dense", "hidden": [64], "latent": 8}
    ours, mapping = model_from_state_dict(state, config)
    with open(os.path.join(out_dir, "examples-vae-expected.safetensors"), "wb") as f:
        f.write(write_safetensors(result, {"config": json.dumps(config), "names": json.dumps(mapping[2])}))


def torch_trained(out_dir):
    configs = {"vae-dense": {"type": "vae", "hidden": [64], "latent": 4},
               "ae-conv": {"type": "ae", "arch": "conv", "channels": [4, 8], "latent": 6, "activation": "leaky_relu"},
               "cvae-dense": {"type": "cvae", "hidden": [32], "latent": 2, "activation": "tanh"}}
    for name, config in configs.items():
        model, losses, _ = train(config, steps=20, batch_size=64, seed=2, log=None)
        path = os.path.join(out_dir, f"torch-{name}.safetensors")
        save(model, path, {"training": json.dumps({"steps": len(losses), "first_loss": losses[0], "last_loss": losses[-1]})})
        outputs(model, path, os.path.join(out_dir, f"outputs-torch-{name}.safetensors"))
    examples_vae(out_dir)


def main():
    command, *rest = sys.argv[1:]
    if command == "shipped":
        shipped(rest[0])
    elif command == "torch":
        torch_trained(rest[0])
    elif command == "examples":
        examples_vae(rest[0])
    elif command == "outputs":
        outputs(load(rest[0]), rest[0], rest[1])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
