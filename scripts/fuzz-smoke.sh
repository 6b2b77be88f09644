#!/usr/bin/env bash
# Short fuzz run of every libFuzzer target (CI): builds the fuzzers with
# clang in build-fuzz-smoke, generates the seed corpora from the project's
# own models, runs each target for FUZZ_SECONDS (default 20) and fails on
# any finding (crash, sanitizer report, leak, timeout, out-of-memory).
# Long sessions: see fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-20}"
build="${FUZZ_BUILD_DIR:-build-fuzz-smoke}"

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DARENAPLAN_FUZZ=ON -DARENAPLAN_TESTS=OFF -DARENAPLAN_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target arenaplan_fuzz_seeds fuzz_model \
  fuzz_recording fuzz_csv fuzz_problem_csv fuzz_model_roundtrip fuzz_kernels \
  fuzz_custom_options

work="$build/fuzz-smoke"
rm -rf "$work"
mkdir -p "$work/artifacts"
"$build/fuzz/arenaplan_fuzz_seeds" "$work/seeds"

status=0
for target in model recording csv problem_csv model_roundtrip kernels \
    custom_options; do
  seeds="$work/seeds/$target"
  mkdir -p "$work/corpus/$target" "$seeds"
  # Past findings (tests/hardening/crashers/<target>-*) run first.
  cp tests/hardening/crashers/"$target"-* "$seeds"/ 2>/dev/null || true
  echo "== fuzz_$target for ${seconds}s"
  # A fixed seed makes the smoke run repeatable: a finding in CI replays.
  if ! "$build/fuzz/fuzz_$target" -seed=1 -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/${target}-" \
      "$work/corpus/$target" "$seeds" >"$work/$target.log" 2>&1; then
    echo "fuzz_$target: FINDING (log: $work/$target.log)" >&2
    grep -E "ERROR|SUMMARY|Test unit written" "$work/$target.log" >&2 || true
    status=1
  fi
  grep -E "^stat::number_of_executed_units" "$work/$target.log" || true
done
exit "$status"
