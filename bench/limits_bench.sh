#!/bin/sh
# Prints a Markdown table: how long `arenaplan solve` takes in all (read,
# search, verify, write) on large random problems against --time-limit, and
# its peak resident memory. This is the speed figure the Limits tests only
# guard (tests/hardening/limits_test.cc: no timed unit tests).
#
# Problems: COUNT buffers over COUNT/5 steps, lifetimes 1-8 steps, sizes
# 16-1024 bytes in steps of 16, from awk's rand() with seed 1.
# Usage: bench/limits_bench.sh [BUILD_DIR]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cli="${1:-$root/build}/arenaplan"
[ -x "$cli" ] || { echo "limits_bench: no $cli (build first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| buffers | --time-limit s | wall s | past the limit s | peak RSS MiB | proven optimal |"
echo "|---:|---:|---:|---:|---:|---|"
for count in 10000 100000; do
  for limit in 2 10; do
    awk -v n="$count" 'BEGIN {
      srand(1); steps = int(n / 5); print "id,lower,upper,size"
      for (i = 0; i < n; i++) {
        lo = int(rand() * steps); len = 1 + int(rand() * 8)
        printf "%d,%d,%d,%d\n", i, lo, lo + len, 16 * (1 + int(rand() * 64))
      }
    }' > "$work/p.csv"
    start=$(date +%s.%N)
    # GNU time is not assumed: peak RSS from the child's /proc status.
    "$cli" solve "$work/p.csv" --time-limit "$limit" -o "$work/out.csv" \
      --report "$work/r.json" > /dev/null 2>"$work/err" &
    pid=$!
    rss=0
    while kill -0 "$pid" 2>/dev/null; do
      now=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [ -n "$now" ] && rss=$now
      sleep 0.05
    done
    wait "$pid" || { echo "limits_bench: solve failed: $(cat "$work/err")" >&2; exit 1; }
    end=$(date +%s.%N)
    optimal=$(grep -q '"optimal": true' "$work/r.json" && echo yes || echo no)
    awk -v n="$count" -v l="$limit" -v s="$start" -v e="$end" -v r="$rss" \
      -v o="$optimal" 'BEGIN {
        w = e - s; p = w - l; if (p < 0) p = 0
        printf "| %d | %d | %.2f | %.2f | %.0f | %s |\n", n, l, w, p, r / 1024, o
      }'
  done
done
