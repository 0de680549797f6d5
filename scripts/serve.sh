#!/usr/bin/env bash
# Sets up, builds the WASM module and the bundled page (scripts/build_page.mjs)
# and serves the demo on http://127.0.0.1:8000/ (PORT=... to change it;
# ISOLATION=0 serves without the COOP/COEP headers, so the page runs
# single-threaded; BUNDLED=0 serves web/'s modules as they are, for editing
# them without rebuilding).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
bash scripts/setup.sh
cmake --preset wasm-release >/dev/null
cmake --build --preset wasm-release -j "$(nproc)"
node scripts/build_offline_page.mjs
options=()
[ "${ISOLATION:-1}" = 0 ] && options+=(--no-isolation)
if [ "${BUNDLED:-1}" != 0 ]; then
  node scripts/build_page.mjs
  options+=(--page build/page)
fi
exec python3 scripts/serve.py --port "${PORT:-8000}" "${options[@]}"
