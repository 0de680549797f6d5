#!/usr/bin/env bash
# Sets up, builds the WASM module and serves the demo on http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
bash scripts/setup.sh
cmake --preset wasm-release >/dev/null
cmake --build --preset wasm-release -j "$(nproc)"
port=${PORT:-8000}
echo "Latent Lab: http://127.0.0.1:$port/"
exec python3 -m http.server --bind 127.0.0.1 --directory web "$port"
