#!/usr/bin/env bash
# Sets up, builds the WASM module and serves the demo on http://127.0.0.1:8000/
# (PORT=... to change it; ISOLATION=0 serves without the COOP/COEP headers,
# so the page runs single-threaded).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
bash scripts/setup.sh
cmake --preset wasm-release >/dev/null
cmake --build --preset wasm-release -j "$(nproc)"
node scripts/build_offline_page.mjs
port=${PORT:-8000}
isolation=()
[ "${ISOLATION:-1}" = 0 ] && isolation=(--no-isolation)
exec python3 scripts/serve.py --port "$port" "${isolation[@]}"
