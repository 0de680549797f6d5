#!/usr/bin/env bash
# Installs everything the builds, the demo and the tests need on Debian 12.
# Idempotent: packages already present are not touched. Uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(cmake g++ make git python3 emscripten binaryen libeigen3-dev libxtensor-dev catch2
          nlohmann-json3-dev zlib1g-dev chromium python3-torch
          clang-14 libclang-rt-14-dev)  # the fuzz targets: clang's libFuzzer and sanitizer runtimes
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# JavaScript dependencies (test runners, chart library, benchmark peers), pinned by package-lock.json.
if [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
