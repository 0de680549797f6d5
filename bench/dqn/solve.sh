#!/usr/bin/env bash
# Steps-to-solve CartPole-v1 with the shipped DQN defaults, per seed, for
# Latent Lab (native CLI, one thread) and for the PyTorch reference of the
# same algorithm and settings (bench/dqn/dqn_torch.py, one thread).
#
#   bash bench/dqn/solve.sh [SEEDS (default 1,2,3,4,5)] [MAX_STEPS (default 100000)]
#
# "solved at step N": the 100 training episodes (with exploration) ending at
# step N had a mean return >= 475. "greedy policy solved at step N": the first
# evaluation point (every 10000 steps, 100 greedy episodes of a fresh
# environment) with a mean return >= 475. LATENTLAB_BUILD_DIR: default
# build/native-release. Takes a few minutes per implementation on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${LATENTLAB_BUILD_DIR:-$root/build/native-release}
seeds=${1:-1,2,3,4,5}
max_steps=${2:-100000}
cmake --build "$build" -j2 --target latentlab >/dev/null
"$build/src/cli/latentlab" dqn solve --seeds "$seeds" --max-steps "$max_steps" --eval-every 10000
/usr/bin/python3 "$root/bench/dqn/dqn_torch.py" --seeds "$seeds" --max-steps "$max_steps" --eval-every 10000
