#!/usr/bin/env bash
# Fresh Debian machine -> a plan of the built-in example model.
# Installs missing packages, builds the CLI, plans the example.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
arenaplan_install_deps
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target arenaplan
./build/arenaplan plan --example --report build/example-report.json
echo "JSON report: build/example-report.json"
