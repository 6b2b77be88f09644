#!/usr/bin/env bash
# Fresh Debian machine -> a plan of the built-in example model.
# Installs only what building the planner needs, builds the CLI (no tests,
# no benchmarks), plans the example and writes its picture and report.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
arenaplan_install_deps
# Tests and benchmarks off: they need packages the planner does not
# (scripts/test.sh switches them on again in the same build folder).
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DARENAPLAN_TESTS=OFF \
  -DARENAPLAN_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)" --target arenaplan
echo
echo "\$ build/arenaplan plan --example --kernels reference --html build/example.html --report build/example-report.json"
./build/arenaplan plan --example --kernels reference --html build/example.html \
  --report build/example-report.json
echo
echo "Next: build/arenaplan plan --example --inplace elementwise   (HARD_SWISH writes over its dying input)"
echo "      build/arenaplan plan --example --kernels cmsis-nn    (the scratch CMSIS-NN's kernels request)"
echo "      build/arenaplan plan YOUR_MODEL.tflite --kernels LIB --html arena.html"
