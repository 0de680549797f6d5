#!/usr/bin/env bash
# The quality benchmark: one command, run from anywhere.
#
#   bash bench/quality.sh
#
# 1. The pytorch/examples VAE (784-400-20, ReLU, sigmoid, BCE-sum + KL, Adam 1e-3,
#    batch 128) trained by Latent Lab and by Debian's PyTorch (bench/vae_reference.py)
#    on the same MNIST split for the same epochs, for several seeds; the bar: Latent
#    Lab's mean test loss per image within 1% of PyTorch's.
# 2. Autoencoder vs PCA with the same code size: models/ae2 (dense, 2-D code) and
#    the plain conv AE of 3 (same code size as dae_conv).
# 3. Denoising: PSNR of models/dae_conv on test digits noised by each kind the
#    Denoise view offers at level 0.6, against the noisy input and against
#    models/ae_conv (the same layers trained as long without noise) fed the same
#    noisy digits.
# 4. Anomaly AUROC, MNIST test vs the Fashion-MNIST subset, by models/vae16's negative ELBO.
# Writes bench/results/quality.json and the README section between the
# quality:begin and quality:end markers. Exits non-zero when the VAE misses its bar.
#
# Environment: LATENTLAB_BUILD_DIR (default build/native-release), QUALITY_SEEDS
# (default "1 2 3"), QUALITY_EPOCHS (default 10), TORCH_THREADS (default 1).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LATENTLAB_BUILD_DIR:-$root/build/native-release}
seeds=${QUALITY_SEEDS:-"1 2 3"}
epochs=${QUALITY_EPOCHS:-10}
torch_threads=${TORCH_THREADS:-1}
python=/usr/bin/python3  # Debian's python3 with python3-torch

if ! "$python" -c "import torch" 2>/dev/null; then
  echo "quality: $python cannot import torch; installing python3-torch"
  sudo_if_needed=""
  [ "$(id -u)" -eq 0 ] || sudo_if_needed=sudo
  $sudo_if_needed apt-get update
  $sudo_if_needed apt-get install -y python3-torch
fi
for model in ae2 vae16 dae_conv ae_conv; do
  [ -f "$root/models/$model.safetensors" ] || { echo "quality: models/$model.safetensors is missing (bash scripts/train_models.sh)"; exit 1; }
done

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target latentlab
latentlab() { "$build/src/cli/latentlab" "$@"; }
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)

reference_config='{"type":"vae","arch":"dense","hidden":[400],"latent":20}'
for seed in $seeds; do
  echo "== seed $seed: Latent Lab"
  latentlab train --config "$reference_config" --epochs "$epochs" --batch 128 --lr 1e-3 --seed "$seed" \
    --name "vae_reference_seed$seed" --out-dir "$work" | tee "$work/latentlab_seed$seed.log"
  echo "== seed $seed: PyTorch"
  "$python" bench/vae_reference.py --epochs "$epochs" --seed "$seed" --threads "$torch_threads" | tee "$work/torch_seed$seed.log"
done

echo "== AE vs PCA (models/ae2)"
latentlab eval --model models/ae2.safetensors --pca | tee "$work/ae2.txt"

echo "== denoising (models/dae_conv against models/ae_conv, each noise kind at level 0.6)"
noise_kinds="gaussian salt_and_pepper masking block"
for kind in $noise_kinds; do
  latentlab eval --model models/dae_conv.safetensors --noise "$kind:0.6" | tee "$work/dae_$kind.txt"
  latentlab eval --model models/ae_conv.safetensors --noise "$kind:0.6" --pca | tee "$work/plain_$kind.txt"
done

echo "== anomaly detection (models/vae16)"
latentlab eval --model models/vae16.safetensors | tee "$work/vae16.txt"

"$python" - "$work" "$root" "$seeds" "$epochs" "$noise_kinds" "$(($(date +%s) - start))" "$torch_threads" <<'EOF'
"""Collects the figures, writes bench/results/quality.json and the README section."""
import datetime
import json
import os
import platform
import re
import statistics
import sys

import torch

work, root, seeds, epochs, noise_kinds, seconds, torch_threads = sys.argv[1:]
noise_kinds = noise_kinds.split()
seeds = [int(s) for s in seeds.split()]
BAR = 0.01


def eval_metrics(path):
    """`latentlab eval` prints one "  name value" line per metric."""
    metrics = {}
    for line in open(path):
        m = re.fullmatch(r"\s+(\w+)\s+(-?[0-9.]+)\s*", line)
        if m:
            metrics[m.group(1)] = float(m.group(2))
    return metrics


def spread(values):
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return {"mean": round(statistics.mean(values), 4), "sd": round(sd, 4), "min": round(min(values), 4),
            "max": round(max(values), 4), "runs": [round(v, 4) for v in values]}


ours, theirs, ours_epochs, theirs_epochs = [], [], [], []
for seed in seeds:
    card = json.load(open(os.path.join(work, f"vae_reference_seed{seed}.json")))
    ours.append(card["test_metrics"]["total"])
    ours_epochs.append([float(x) for x in re.findall(r"epoch\s+\d+/\d+\s+loss ([0-9.]+)",
                                                     open(os.path.join(work, f"latentlab_seed{seed}.log")).read())])
    result = json.loads(open(os.path.join(work, f"torch_seed{seed}.log")).read().strip().splitlines()[-1])
    theirs.append(result["test_loss"])
    theirs_epochs.append(result["train_loss"])
ours_s, theirs_s = spread(ours), spread(theirs)
relative = (statistics.mean(ours) - statistics.mean(theirs)) / statistics.mean(theirs)
passed = abs(relative) <= BAR

ae = eval_metrics(os.path.join(work, "ae2.txt"))
dae = {kind: eval_metrics(os.path.join(work, f"dae_{kind}.txt")) for kind in noise_kinds}
plain_by_kind = {kind: eval_metrics(os.path.join(work, f"plain_{kind}.txt")) for kind in noise_kinds}
plain = plain_by_kind[noise_kinds[0]]
vae16 = eval_metrics(os.path.join(work, "vae16.txt"))
dae_card = json.load(open(os.path.join(root, "models", "dae_conv.json")))
plain_code = dae_card["config"]["latent"]
trained_on = f'{dae_card["config"]["denoise"]["kind"]}:{dae_card["config"]["denoise"]["level"]:g}'
cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown")
machine = f"{cpu}, nproc {len(os.sched_getaffinity(0))}, {platform.system()} {platform.release()}"
date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
command = "bash bench/quality.sh"

results = {
    "date": date, "machine": machine, "command": command, "seconds": int(seconds),
    "vae_reference": {
        "model": "784-400-20 VAE (ReLU, sigmoid, BCE-sum + KL), Adam lr 1e-3, batch 128",
        "epochs": int(epochs), "seeds": seeds, "torch": torch.__version__, "torch_threads": int(torch_threads),
        "test_loss_definition": "BCE-sum + KL per test image, one posterior sample per image, mean over 2004 images",
        "latentlab_test_loss": ours_s, "pytorch_test_loss": theirs_s,
        "latentlab_train_loss_per_epoch": ours_epochs, "pytorch_train_loss_per_epoch": theirs_epochs,
        "relative_difference": round(relative, 6), "bar": BAR, "passed": passed},
    "ae_vs_pca": [{"model": "models/ae2", "code_size": 2, "ae_squared_error": ae["squared_error"],
                   "pca_squared_error": ae["pca_squared_error"]},
                  {"model": "models/ae_conv", "code_size": plain_code,
                   "ae_squared_error": plain["squared_error"], "pca_squared_error": plain["pca_squared_error"]}],
    "denoising": {"model": "models/dae_conv", "trained_on": trained_on, "plain_model": "models/ae_conv", "level": 0.6,
                  "by_kind": {kind: {"psnr_noisy": dae[kind]["psnr_noisy"], "psnr_denoised": dae[kind]["psnr_denoised"],
                                     "psnr_plain_conv_ae": plain_by_kind[kind]["psnr_denoised"],
                                     "gain_over_noisy": round(dae[kind]["psnr_denoised"] - dae[kind]["psnr_noisy"], 4),
                                     "gain_over_plain_ae": round(dae[kind]["psnr_denoised"] - plain_by_kind[kind]["psnr_denoised"], 4)}
                              for kind in noise_kinds}},
    "anomaly": {"model": "models/vae16", "score": "negative ELBO", "auroc": vae16["anomaly_auroc"]},
}
os.makedirs(os.path.join(root, "bench", "results"), exist_ok=True)
with open(os.path.join(root, "bench", "results", "quality.json"), "w") as f:
    json.dump(results, f, indent=2)
    f.write("\n")


def pm(s):
    return f"{s['mean']:.2f} ± {s['sd']:.2f}"


denoise_rows = "\n".join(
    f'| denoising, {kind} at 0.6 (`dae_conv`, trained on {trained_on}), PSNR in dB | {d["psnr_denoised"]:.2f} | noisy input: {d["psnr_noisy"]:.2f}; '
    f'plain conv AE (`ae_conv`, same layers, no noise in training): {d["psnr_plain_conv_ae"]:.2f} | '
    f'{d["gain_over_noisy"]:+.2f} dB over noisy, {d["gain_over_plain_ae"]:+.2f} dB over the plain AE |'
    for kind, d in results["denoising"]["by_kind"].items())
section = f"""Measured by `{command}` on {date}; machine: {machine}; PyTorch {torch.__version__} (Debian).
Figures are per test image on the 2004-digit test split; every model is listed with its command in
[models/README.md](models/README.md); all figures are also in `bench/results/quality.json`.

| check | Latent Lab | reference | result |
|---|---|---|---|
| pytorch/examples VAE (784-400-20), {epochs} epochs, test loss in nats (BCE-sum + KL), mean ± sd over seeds {", ".join(map(str, seeds))} | {pm(ours_s)} | PyTorch: {pm(theirs_s)} | {relative * 100:+.2f} %: **{"PASS" if passed else "FAIL"}** (bar ±{BAR * 100:g} %) |
| autoencoder vs PCA, 2-D code (`ae2`, dense), squared error | {ae["squared_error"]:.2f} | PCA, 2 components: {ae["pca_squared_error"]:.2f} | AE {(1 - ae["squared_error"] / ae["pca_squared_error"]) * 100:.0f} % lower |
| autoencoder vs PCA, {plain_code}-D code (`ae_conv`, the plain conv AE below), squared error | {plain["squared_error"]:.2f} | PCA, {plain_code} components: {plain["pca_squared_error"]:.2f} | AE {(1 - plain["squared_error"] / plain["pca_squared_error"]) * 100:.0f} % lower |
{denoise_rows}
| anomaly AUROC, MNIST test vs 2000 Fashion-MNIST (`vae16`, negative ELBO) | {vae16["anomaly_auroc"]:.4f} | chance: 0.5 | |

The VAE's test loss is measured the same way on both sides: one posterior sample per test image (as the
PyTorch example's `test()` does), BCE summed over pixels plus KL, averaged over the images.
"""
readme_path = os.path.join(root, "README.md")
readme = open(readme_path).read()
pattern = re.compile(r"(<!-- quality:begin[^\n]*-->\n).*?(<!-- quality:end -->)", re.S)
if not pattern.search(readme):
    sys.exit("quality: README.md has no quality:begin / quality:end markers")
with open(readme_path, "w") as f:
    f.write(pattern.sub(lambda m: m.group(1) + section + m.group(2), readme, count=1))

print(section)
print(f"Latent Lab {pm(ours_s)} vs PyTorch {pm(theirs_s)}: {relative * 100:+.2f} % -> {'PASS' if passed else 'FAIL'}")
sys.exit(0 if passed else 1)
EOF
