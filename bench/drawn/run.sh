#!/usr/bin/env bash
# Class keeping of reconstructions on drawn-looking digits, before and after
# training with data augmentation (issue 12, point 3).
#
#   bash bench/drawn/run.sh
#
# "Before" are the models trained without augmentation: the commands of
# scripts/train_models.sh without --augment, retrained here into
# bench/drawn/out/before (the trainer is deterministic, so these are the
# models main shipped before augmentation). "After" are trained with
# --augment $AUGMENT (default 0.5) into bench/drawn/out/after. Existing files
# are reused (delete bench/drawn/out to retrain). Then bench/drawn/run.mjs
# prints the table. Needs the native CLI and the WASM build (web/wasm/cjs, mjs).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${LATENTLAB_BUILD_DIR:-$root/build/native-release}
augment=${AUGMENT:-0.5}
out=$root/bench/drawn/out
cmake --build "$build" -j2 --target latentlab >/dev/null
cd "$root"
train() {  # name config epochs
  local name=$1 config=$2 epochs=$3
  for when in before after; do
    local extra=()
    [[ $when == after ]] && extra=(--augment "$augment")
    [[ -f $out/$when/$name.safetensors ]] && continue
    nice -n 10 "$build/src/cli/latentlab" train --config "$config" --epochs "$epochs" --seed 1 --name "$name" \
      --out-dir "$out/$when" --f16 --quiet "${extra[@]}"
  done
}
train ae2 '{"type":"ae","arch":"dense","hidden":[256,64],"latent":2}' 50
train vae2 '{"type":"vae","arch":"dense","hidden":[256,64],"latent":2}' 50
train vae16 '{"type":"vae","arch":"dense","hidden":[320],"latent":16}' 50
node bench/drawn/run.mjs "$out/before" "$out/after" ae2 vae2 vae16
