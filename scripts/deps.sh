#!/usr/bin/env bash
# Installs the Debian packages arenaplan needs, when they are missing.
# Sourced by the other scripts; safe to run again.
set -euo pipefail

ARENAPLAN_PACKAGES=(
  cmake g++ make clang libclang-rt-14-dev
  libflatbuffers-dev flatbuffers-compiler
  libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
)

arenaplan_install_deps() {
  local missing=()
  for pkg in "${ARENAPLAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "arenaplan: installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  arenaplan_install_deps
fi
