#!/bin/sh
# Prints the Cortex-M4 flash and RAM of the runtime's planners as a Markdown
# table, beside TFLM's planners as measured in issue 12 (quoted: TFLM's code
# is not built here).
#
# Each planner is linked into bench/runtime_size/firmware.cc (used only
# through tflite::MicroMemoryPlanner, as TFLM does) with arm-none-eabi-g++
# -Os -mcpu=cortex-m4 -mthumb -ffunction-sections -fdata-sections and
# --gc-sections, against the TFLM stand-in headers of tests/runtime and the
# example's golden header. From the link map it sums, per section kind,
# every input section the linker kept from the runtime objects (so only what
# a firmware links, inline base-class defaults included). RAM kept = the
# planner object (from the symbol table) plus what the planner needs per
# buffer for the model's lifetime.
#
# Usage: bench/runtime_size.sh   (needs gcc-arm-none-eabi)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cxx="arm-none-eabi-g++ -Os -mcpu=cortex-m4 -mthumb -std=c++11 -Wall -Wextra
  -Werror -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics
  -ffunction-sections -fdata-sections -I$root/runtime
  -I$root/tests/runtime/tflm_stand_in -I$root/tests/emit/golden"
buffers=$(sed -n 's/^constexpr int kBufferCount = \([0-9]*\);/\1/p' \
  "$root/tests/emit/golden/example_plan.h")

# link NAME DEFINES OBJECTS...: firmware $work/NAME.elf and its map.
link() {
  name=$1 defines=$2
  shift 2
  mkdir -p "$work/$name"
  objects=""
  for source in "$@"; do
    # shellcheck disable=SC2086
    $cxx $defines -c "$root/runtime/$source.cc" -o "$work/$name/$source.o"
    objects="$objects $work/$name/$source.o"
  done
  # shellcheck disable=SC2086
  $cxx $defines -c "$root/bench/runtime_size/firmware.cc" -o "$work/$name/firmware.o"
  # Runtime objects first: inline base-class defaults count for them.
  # shellcheck disable=SC2086
  arm-none-eabi-g++ -mcpu=cortex-m4 -mthumb -nostdlib -Wl,--gc-sections \
    -Wl,-e,main -Wl,-Map,"$work/$name.map" $objects "$work/$name/firmware.o" \
    -o "$work/$name.elf"
}

# sizes NAME OBJECT...: ".text .rodata .data .bss" the map keeps from them.
sizes() {
  name=$1
  shift
  awk -v objects="$*" '
    function hex(text,    i, value) {
      value = 0
      for (i = 3; i <= length(text); ++i) {
        value = value * 16 + index("0123456789abcdef", tolower(substr(text, i, 1))) - 1
      }
      return value
    }
    BEGIN { n = split(objects, o, " "); for (i = 1; i <= n; ++i) want[o[i]] = 1 }
    /^Linker script and memory map/ { on = 1; next }
    !on { next }
    /^ [.A-Za-z_]/ && NF == 1 { pending = $1; next }
    {
      section = ""; size = ""; file = ""
      if (pending != "" && $1 ~ /^0x/ && NF == 3) {
        section = pending; size = $2; file = $3
      } else if ($0 ~ /^ [.A-Za-z_]/ && NF == 4 && $2 ~ /^0x/) {
        section = $1; size = $3; file = $4
      }
      pending = ""
      if (section == "") next
      n = split(file, parts, "/")
      if (!(parts[n] in want)) next
      bytes = hex(size)
      if (section ~ /^\.text/) t += bytes
      else if (section ~ /^\.rodata/) r += bytes
      else if (section ~ /^\.data/) d += bytes
      else if (section ~ /^\.bss/ || section ~ /^COMMON/) b += bytes
    }
    END { printf "%d %d %d %d\n", t, r, d, b }' "$work/$name.map"
}

# object_bytes NAME SYMBOL: the size of a data symbol of the firmware.
object_bytes() {
  arm-none-eabi-nm -S -C "$work/$1.elf" | awk -v s="$2" '
    $0 ~ ("[ :]" s "$") {
      value = 0
      for (i = 1; i <= length($2); ++i) {
        value = value * 16 + index("0123456789abcdef", tolower(substr($2, i, 1))) - 1
      }
      print value
      exit
    }'
}

link verifying "-DBENCH_PLANNER=1" verifying_planner
link full "-DBENCH_PLANNER=2 -DARENAPLAN_FULL_CHECK" verifying_planner \
  full_check_planner
link recording "-DBENCH_PLANNER=3" recording_planner

greedy=$((1320 + 243))
row() {
  label=$1 ram=$2
  set -- $3
  total=$(($1 + $2))
  percent=$(awk -v a="$total" -v b="$greedy" 'BEGIN { printf "%.1f", 100 * a / b }')
  echo "| $label | $1 | $2 | $total | $percent % | $3 | $4 | $ram |"
}

echo "| planner | .text | .rodata | .text + .rodata | of greedy's | .data | .bss | RAM kept after AllocateTensors |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
object=$(object_bytes verifying planner)
row "arenaplan VerifyingPlanner (digest check)" "$object B, whatever the model" \
  "$(sizes verifying verifying_planner.o)"
object=$(object_bytes full planner)
records=$(object_bytes full planner_records)
row "arenaplan FullCheckPlanner (ARENAPLAN_FULL_CHECK)" \
  "$object B + 16 B per buffer ($records B for the example's $buffers)" \
  "$(sizes full verifying_planner.o full_check_planner.o)"
object=$(object_bytes recording planner)
row "arenaplan RecordingPlanner (+ the planner it wraps)" "$object B" \
  "$(sizes recording recording_planner.o)"
echo "| TFLM GreedyMemoryPlanner (quoted, issue 12) | 1320 | 243 | 1563 | 100.0 % | 0 | 0 | none (its tables are arena temp) |"
echo "| TFLM NonPersistentMemoryPlannerShim (quoted, issue 12) | 130 | 201 | 331 | 21.2 % | 0 | 0 | none |"
echo
for name in verifying full recording; do
  init=$(arm-none-eabi-nm -S "$work/$name.elf" | awk '/_GLOBAL__sub_I/ {
      value = 0
      for (i = 1; i <= length($2); ++i) {
        value = value * 16 + index("0123456789abcdef", tolower(substr($2, i, 1))) - 1
      }
      total += value
    } END { print total + 0 }')
  note=""
  [ "$name" = recording ] && note=" (with the stand-in it wraps)"
  echo "- $name: constructing the planner as a file-scope static adds $init B of start-up code (+ 4 B .init_array) in the user's file$note"
done
