#!/usr/bin/env bash
# The speed benchmark (issue 6): one command, run from anywhere.
#
#   bash bench/speed.sh
#
# Trains V1 (the pytorch/examples VAE), A1 (dense MSE autoencoder) and C1 (conv
# autoencoder) with the same data, batch order, batch size and optimizer on
# Latent Lab WASM (Node, through web/latentlab.js), Latent Lab native, TF.js
# 4.22's WASM backend with one thread, PyTorch native with one thread (when
# python3-torch is installed), and V1 once more in a headless Chromium Web
# Worker; then the threads build with min(4, cores) threads, in Node and in
# the Chromium Worker; measures batch-1 encode+decode and manifold-grid decoding, GEMM
# GFLOP/s, a per-op profile of a WASM training step and the page's gzipped
# size. Prints the figures and ratios, writes bench/results/speed.json and the
# README section between the speed:begin and speed:end markers.
#
# Builds what it needs with the CMake presets (build/native-release and
# build/wasm-release; override with LATENTLAB_NATIVE_BUILD / LATENTLAB_WASM_BUILD),
# plus, on an x86-64 CPU with AVX2 and FMA, a second native build with
# -march=x86-64-v3 -fno-math-errno (build/native-x86-64-v3, or
# LATENTLAB_NATIVE_TUNED_BUILD) reported beside the preset's as what those
# flags would give; the targets are checked on the preset's build.
# and installs what is missing through scripts/setup.sh (Debian packages; npm ci,
# which brings the TF.js peers, dev dependencies of the benchmark only) and,
# for PyTorch's timing, OpenBLAS (Debian's default BLAS would make it crawl).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
native=${LATENTLAB_NATIVE_BUILD:-build/native-release}
wasm=${LATENTLAB_WASM_BUILD:-build/wasm-release}
export NODE_PATH=/usr/share/nodejs

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

bash scripts/setup.sh
if ! dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q "install ok installed"; then
  echo "speed: installing libopenblas0-pthread for PyTorch's timing"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libopenblas0-pthread
fi

# Configured every time (quick when nothing changed): a build folder made before
# bench/train_bench.cpp existed would not know that target otherwise.
if [ "$native" = build/native-release ]; then cmake --preset native-release >/dev/null
else cmake -S . -B "$native" -DCMAKE_BUILD_TYPE=Release >/dev/null; fi
cmake --build "$native" -j2 --target train_bench gemm_bench

tuned_args=()
if grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo && grep -qw bmi2 /proc/cpuinfo &&
   grep -qw movbe /proc/cpuinfo && grep -qw f16c /proc/cpuinfo; then
  tuned=${LATENTLAB_NATIVE_TUNED_BUILD:-build/native-x86-64-v3}
  cmake -S . -B "$tuned" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ \
    "-DCMAKE_CXX_FLAGS=-march=x86-64-v3 -fno-math-errno" >/dev/null
  cmake --build "$tuned" -j2 --target train_bench
  tuned_args=(--native-tuned "$tuned")
fi

if [ "$wasm" = build/wasm-release ]; then cmake --preset wasm-release >/dev/null
else
  emcmake cmake -S . -B "$wasm" -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch;--stack-size=4096" >/dev/null
fi
# The module flavours also copy themselves to web/wasm/, where the client loads them.
cmake --build "$wasm" -j2 --target latentlab_wasm_cjs latentlab_wasm_mjs latentlab_wasm_threads_cjs \
  latentlab_wasm_threads_mjs train_bench gemm_bench

node bench/speed.mjs --native "$native" --wasm "$wasm" "${tuned_args[@]}" --command "bash bench/speed.sh"
