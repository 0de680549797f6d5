#!/usr/bin/env bash
# Builds the fuzz targets in the sanitizer tree (cmake --preset native-debug:
# clang 14, ASan + UBSan, the suite and libFuzzer targets in one tree),
# writes the seed corpora from the shipped models and data, replays every
# saved regression input, then fuzzes the targets, as many at once as there are cores.
#
#   bash tests/fuzz/run.sh                    # 10 s per target (the test command's stage)
#   SECONDS_PER_TARGET=0 RUNS=1000000 nice -n 19 bash tests/fuzz/run.sh    # a long run
#   TARGETS="idx mnistify" bash tests/fuzz/run.sh
#
# Inputs the fuzzer finds interesting go to build/native-debug/fuzz/corpus/<target>/ (kept
# between runs); a crash is written to build/native-debug/fuzz/crashes/<target>/ and fails
# the run. Once fixed, copy the crash into tests/fuzz/regressions/<target>/.
set -uo pipefail
cd "$(dirname "$0")/../.."
targets=${TARGETS:-"model_file idx model_config train_config mnistify"}
seconds=${SECONDS_PER_TARGET:-10}
runs=${RUNS:--1}
tree=build/native-debug
build=$tree/fuzz
mkdir -p "$build"

cmake --preset native-debug >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }
cmake --build --preset native-debug -j "${JOBS:-$(nproc)}" --target fuzz_make_seeds $(for t in $targets; do echo "fuzz_$t"; done) || exit 1
rm -rf "$build/seeds"
"$tree/tests/fuzz/fuzz_make_seeds" . "$build/seeds" || exit 1

# One target on each core at a time (each fuzzes on one thread); every
# target's report is printed in order once all have finished.
fuzz_target() {
  local target=$1
  local binary=$tree/tests/fuzz/fuzz_$target
  local regressions=tests/fuzz/regressions/$target
  local corpus=$build/corpus/$target
  local crashes=$build/crashes/$target
  mkdir -p "$corpus" "$crashes" "$regressions"
  # Every saved regression input must pass as is.
  if compgen -G "$regressions/*" >/dev/null; then
    "$binary" -runs=0 "$regressions"/* >"$build/$target-regressions.log" 2>&1 ||
      { echo "fuzz $target: a regression input fails again:"; tail -30 "$build/$target-regressions.log"; return 1; }
  fi
  local limits=(-max_len=65536 -timeout=20 -rss_limit_mb=2560 -malloc_limit_mb=2048 -print_final_stats=1)
  [ "$seconds" -gt 0 ] && limits+=(-max_total_time="$seconds")
  [ "$runs" -gt 0 ] && limits+=(-runs="$runs")
  "$binary" "${limits[@]}" -artifact_prefix="$crashes/" "$corpus" "$build/seeds/$target" "$regressions" \
    >"$build/$target.log" 2>&1
  local status=$?
  local stats
  stats=$(grep -E '^stat::number_of_executed_units' "$build/$target.log" | awk '{print $2}')
  # libFuzzer also saves its slowest input (slow-unit-*): wall time, so a loaded
  # or paused machine makes one; it is reported apart from real findings.
  echo "fuzz $target: ${stats:-?} executions, exit $status, crashes saved: $(ls "$crashes" | grep -vc '^slow-unit-'), slow inputs saved: $(ls "$crashes" | grep -c '^slow-unit-')"
  if [ "$status" -ne 0 ]; then
    grep -m1 -E 'ERROR|contract broken|unclassified|runtime error' "$build/$target.log"
    return 1
  fi
}

parallel=${JOBS:-$(nproc)}
rm -f "$build"/*-status.txt
for target in $targets; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n; done
  { fuzz_target "$target"; echo $? >"$build/$target-status.txt"; } >"$build/$target-report.txt" 2>&1 &
done
wait
failed=0
for target in $targets; do
  cat "$build/$target-report.txt"
  [ "$(cat "$build/$target-status.txt" 2>/dev/null)" = 0 ] || failed=1
done
exit $failed
