#!/usr/bin/env bash
# Runs every test suite: this is the README's test command and what .ci/run runs.
#   native C++ suite (Release), the same suite under ASan+UBSan (clang, in the
#   tree the fuzz targets are built in), the tests that reach the thread pool
#   under ThreadSanitizer on 2 threads, the same suite compiled
#   to WASM under Node, then the Node and browser suites over the WASM build,
#   the check that the PyTorch fixtures regenerate bit for bit, the unit
#   tests of the Python bridge (python/latentlab_torch), then a short run of
#   each fuzz target.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc)

bash scripts/setup.sh || { echo "setup failed"; exit 1; }

passed=0
failed=0
failed_names=()
stage() {
  local name=$1; shift
  echo
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "=== $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failed_names+=("$name"); echo "=== $name: FAILED ($((SECONDS - start)) s)"
  fi
}
build() {
  mkdir -p build
  cmake --preset "$1" >"build/configure-$1.log" 2>&1 || { cat "build/configure-$1.log"; return 1; }
  cmake --build --preset "$1" -j "$jobs" || return 1
  # The speed benchmarks are not part of "all"; one tree builds them so they keep compiling.
  if [ "$1" = native-release ]; then cmake --build --preset "$1" -j "$jobs" --target gemm_bench train_bench; fi
}

for preset in native-release native-debug native-tsan wasm-release; do
  if stage "build $preset" build "$preset"; then
    stage "C++ suite ($preset)" ctest --preset "$preset" -j "$jobs"
  fi
done

# The hot kernels must really be SIMD in the module the page loads.
simd_in_module() {
  local count
  count=$(wasm-dis web/wasm/mjs/latentlab.wasm | grep -c 'f32x4.mul')
  echo "f32x4.mul instructions in web/wasm/mjs/latentlab.wasm: $count"
  [ "$count" -gt 0 ]
}
stage "WASM module contains v128 SIMD (wasm-dis)" simd_in_module
# The one-file page (opened from disk) that the browser suite also checks.
stage "one-file offline page (scripts/build_offline_page.mjs)" node scripts/build_offline_page.mjs
# The bundled page the demo serves (scripts/serve.sh), which the browser suite also checks.
stage "bundled page (scripts/build_page.mjs)" node scripts/build_page.mjs

if [ -d tests/node ]; then
  # Two test files at a time: the Node suite is CPU-bound and nothing in it is timed.
  stage "Node suite (WASM module)" node --test --test-concurrency=2 tests/node/
fi
if [ -d tests/browser ]; then
  # Two files at a time as well: much of the suite waits on workers and pages.
  stage "browser suite (Chromium)" node --test --test-concurrency=2 tests/browser/
fi
stage "PyTorch fixtures regenerate bit for bit" bash tests/fixtures/check_regenerates.sh
# python/latentlab_torch on its own (the PyTorch-vs-WASM comparisons run in the Node suite: tests/node/bridge.test.js).
stage "Python bridge (python3 -m unittest discover tests/python)" /usr/bin/python3 -m unittest discover tests/python
# libFuzzer + ASan/UBSan over the five parsers (tests/fuzz/README.md): the saved
# regression inputs, then 10 s of fuzzing per target (long runs: tests/fuzz/README.md).
stage "fuzz targets, 10 s each (tests/fuzz/run.sh)" bash tests/fuzz/run.sh

echo
[ ${#failed_names[@]} -gt 0 ] && echo "failed stages: ${failed_names[*]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
