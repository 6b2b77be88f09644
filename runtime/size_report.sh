#!/bin/sh
# Prints the Cortex-M4 code size of the runtime (arm-none-eabi-g++ -Os) as a
# Markdown table, compiled against the TFLM stand-in headers of the tests.
# Usage: runtime/size_report.sh   (from the checkout; needs gcc-arm-none-eabi)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags="-Os -mcpu=cortex-m4 -mthumb -std=c++11 -Wall -Wextra -Werror
  -ffreestanding -fno-exceptions -fno-rtti -ffunction-sections
  -fdata-sections -I$root/runtime -I$root/tests/runtime/tflm_stand_in"
echo "| object | .text (incl. read-only data) | .data | .bss |"
echo "|---|---:|---:|---:|"
for source in verifying_planner recording_planner; do
  # shellcheck disable=SC2086
  arm-none-eabi-g++ $flags -c "$root/runtime/$source.cc" -o "$work/$source.o"
  arm-none-eabi-size "$work/$source.o" | awk -v name="$source.o" \
    'NR == 2 { printf "| %s | %d | %d | %d |\n", name, $1, $2, $3 }'
done
