#!/usr/bin/env bash
# Fresh Debian machine -> the whole test suite.
# Installs missing packages, builds in Release and runs every test. With
# --all, or when CI=true, it also builds and runs the suite under
# AddressSanitizer + UndefinedBehaviorSanitizer and a short fuzz smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
arenaplan_install_deps --test

all=false
[ "${1:-}" = "--all" ] && all=true
[ "${CI:-}" = "true" ] && all=true
jobs="$(nproc)"

if [ ! -d ../shared/corpus ]; then
  echo "note: ../shared not found beside the checkout: tests against real" \
       "models, TFLM traces and MiniMalloc instances will be skipped" >&2
fi

if $all; then
  echo "== AddressSanitizer + UBSan build and tests"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DARENAPLAN_SANITIZE=ON -DARENAPLAN_TESTS=ON -DARENAPLAN_BENCH=OFF >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" --timeout 900
  if [ -x scripts/fuzz-smoke.sh ]; then
    echo "== fuzz smoke run"
    scripts/fuzz-smoke.sh
  fi
fi

echo "== Release build and tests"
# Tests and benchmarks on explicitly: scripts/example.sh may have switched
# them off in the same build folder.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DARENAPLAN_TESTS=ON \
  -DARENAPLAN_BENCH=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 900
