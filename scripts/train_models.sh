#!/usr/bin/env bash
# Trains the pretrained models the page loads, one `latentlab train` command per
# model, into models/ (float16 safetensors + JSON model card each), then writes
# models/README.md from the cards. Deterministic: same seed, same commands.
#
#   bash scripts/train_models.sh
#   bash scripts/train_models.sh --readme    # only models/README.md, from the cards
#
# LATENTLAB_BUILD_DIR (default build/native-release, the CMake preset's folder)
# is where the CLI is built. Takes a few minutes on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LATENTLAB_BUILD_DIR:-$root/build/native-release}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target latentlab
cd "$root"
# Each model's card records its command as typed; run from the repository root
# so that command (latentlab ... --out-dir models) reproduces the model.
latentlab() { "$build/src/cli/latentlab" "$@"; }
mkdir -p models

if [[ ${1:-} != --readme ]]; then  # --readme: only rewrite models/README.md from the cards
# The Draw view's three models are trained with seeded augmentation (--augment 0.5:
# rotation, scale, shear, shift and stroke width, src/data/augment.hpp), so digits
# drawn on the pad keep their class more often; bench/drawn/run.sh measures it
# against the same commands without --augment (README: "Drawn digits").
# 2-D latent AE and VAE with the same layers: the "holes vs continuous" comparison.
latentlab train --config '{"type":"ae","arch":"dense","hidden":[256,64],"latent":2}' --epochs 50 --seed 1 --augment 0.5 --name ae2 --out-dir models --f16
latentlab train --config '{"type":"vae","arch":"dense","hidden":[256,64],"latent":2}' --epochs 50 --seed 1 --augment 0.5 --name vae2 --out-dir models --f16
# The same dense AE with 16- and 32-D codes: AE vs PCA at equal code size k (the reduce view).
latentlab train --config '{"type":"ae","arch":"dense","hidden":[256,64],"latent":16}' --epochs 50 --seed 1 --name ae16 --out-dir models --f16
latentlab train --config '{"type":"ae","arch":"dense","hidden":[256,64],"latent":32}' --epochs 50 --seed 1 --name ae32 --out-dir models --f16
# 16-D VAE for samples, interpolation and the anomaly score.
latentlab train --config '{"type":"vae","arch":"dense","hidden":[320],"latent":16}' --epochs 50 --seed 1 --augment 0.5 --name vae16 --out-dir models --f16
# The same VAE with β = 4: the KL lab's "collapsed dimensions" (more of them sit at the prior).
latentlab train --config '{"type":"vae","arch":"dense","hidden":[320],"latent":16,"beta":4}' --epochs 50 --seed 1 --name vae16_beta4 --out-dir models --f16
# Convolutional denoising AE: trained against the clean digits on a mixture of
# the four corruptions the Denoise view offers (one kind per image, its level
# uniform in [0, 0.7]), so it beats the plain AE on every kind, not only on the
# one it saw (tests/node/denoise-lesson.test.js holds it to that).
latentlab train --config '{"type":"ae","arch":"conv","channels":[16,32],"latent":32,"denoise":{"kind":"mixture","level":0.7}}' --epochs 50 --seed 1 --name dae_conv --out-dir models --f16
# The same conv AE trained without noise, as long: the denoise view's like-for-like "plain AE".
latentlab train --config '{"type":"ae","arch":"conv","channels":[16,32],"latent":32}' --epochs 50 --seed 1 --name ae_conv --out-dir models --f16
# Conditional VAE: the page picks the digit, the 2-D latent picks the style.
latentlab train --config '{"type":"cvae","arch":"dense","hidden":[256],"latent":2}' --epochs 50 --seed 1 --name cvae --out-dir models --f16
# DQN agent for CartPole-v1 (the dqn view's "pretrained agent"): the shipped defaults, seed 1, until solved.
latentlab dqn train --seed 1 --max-steps 100000 --out models/dqn_cartpole.safetensors
fi

/usr/bin/env python3 - models ae2 ae16 ae32 vae2 vae16 vae16_beta4 dae_conv ae_conv cvae <<'EOF'
"""Writes models/README.md from the model cards (never by hand)."""
import json
import os
import sys

folder, names = sys.argv[1], sys.argv[2:]
key_metrics = ["elbo", "reconstruction", "kl", "squared_error", "pca_squared_error",
               "psnr_noisy", "psnr_denoised", "psnr_gain", "anomaly_auroc"]
lines = [
    "# Pretrained models",
    "",
    "Written by `bash scripts/train_models.sh` from the model cards (`<name>.json`); do not edit by hand.",
    "Every model was trained on `data/mnist-train-*` (7996 digits) and measured on `data/mnist-test-*`",
    "(2004 digits) by the command shown, run from the repository root (`latentlab` is",
    "`build/native-release/src/cli/latentlab`). Weights are float16 safetensors; the loader converts to float32.",
    "The metrics are measured on the float32 weights just before they are saved as float16",
    "(`latentlab eval --model models/<name>.safetensors` on the float16 files agreed within 0.01 when this was written).",
    "",
    "Metrics (per test image): `reconstruction` is the summed Bernoulli cross-entropy in nats,",
    "`kl` the KL divergence to N(0, I) and `elbo` = -(reconstruction + kl), with one posterior sample per image;",
    "`squared_error` is the summed squared error of the deterministic reconstruction and `pca_squared_error` the",
    "same for PCA with as many components as the code; `psnr_*` are in dB on test digits with the model's",
    "training noise (fixed seed); `anomaly_auroc` separates MNIST test (normal) from 2000 Fashion-MNIST images",
    "by negative ELBO (VAE) or reconstruction error (AE).",
    "",
    "| model | config | parameters | file | epochs | training s (this machine) | test metrics |",
    "|---|---|---|---|---|---|---|",
]


def tidy(value):
    """Cards store float32 settings widened to double (0.4 -> 0.4000000059604645): show 6 digits."""
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {k: tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tidy(v) for v in value]
    return value


total = 0
commands = []
for name in names:
    with open(os.path.join(folder, name + ".json")) as f:
        card = json.load(f)
    size = os.path.getsize(os.path.join(folder, name + ".safetensors"))
    total += size
    metrics = card["test_metrics"]
    shown = ", ".join(f"{k} {metrics[k]:g}" for k in key_metrics if k in metrics)
    config = json.dumps(tidy(card["config"]), separators=(",", ":"))
    training = card["training"]
    lines.append(f"| `{name}` | `{config}` | {card['parameters']:,} | {size / 1e6:.2f} MB {card['storage']} | "
                 f"{training['epochs']} | {training['seconds']:g} | {shown} |")
    commands.append((name, card["command"]))
lines += ["", f"Total: {total / 1e6:.2f} MB of weights.", "", "## Commands", ""]
for name, command in commands:
    lines += [f"`{name}`:", "", f"    {command}", ""]
with open(os.path.join(folder, "README.md"), "w") as f:
    f.write("\n".join(lines))
print(f"wrote {folder}/README.md ({len(names)} models, {total / 1e6:.2f} MB of weights)")
if total > 8e6:
    sys.exit(f"train_models: the models take {total / 1e6:.2f} MB, more than the ~8 MB budget")
EOF
