#!/usr/bin/env bash
# Installs the Debian packages arenaplan needs, when they are missing.
# Sourced by the other scripts; safe to run again.
#   scripts/deps.sh          what building and running the planner needs
#   scripts/deps.sh --test   that plus everything the test suite uses
set -euo pipefail

# Building the `arenaplan` CLI (scripts/example.sh).
ARENAPLAN_BUILD_PACKAGES=(
  cmake g++ make
  libflatbuffers-dev flatbuffers-compiler
  libcli11-dev nlohmann-json3-dev
)
# The test suite, benchmarks, sanitizer and fuzz builds, and the Cortex-M4
# compile of the runtime and the example firmware, and qemu-system-arm
# to run the runtime tests on a Cortex-M4 (scripts/test.sh).
ARENAPLAN_TEST_PACKAGES=(
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
)

# arenaplan_install_deps [--test]
arenaplan_install_deps() {
  local wanted=("${ARENAPLAN_BUILD_PACKAGES[@]}")
  [ "${1:-}" = "--test" ] && wanted+=("${ARENAPLAN_TEST_PACKAGES[@]}")
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "arenaplan: installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # unsafe-io: dpkg skips its fsyncs (a crash mid-install means reinstalling).
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-unsafe-io "${missing[@]}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  arenaplan_install_deps "$@"
fi
