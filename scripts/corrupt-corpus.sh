#!/usr/bin/env bash
# Feeds randomly corrupted models to the CLI and checks that every one is
# handled cleanly: exit 0 (a harmless corruption) or a documented error code
# with exactly one line on stderr; no crash, no hang, bounded memory and no
# output or temporary file left behind on failure. Each corrupted model runs
# through `plan` and `buffers` as they are, and again with `--kernels LIB`
# for a random kernel library (random --compiler and
# --optimize-kernels-for), so the kernel rules see the corruptions too.
#   scripts/corrupt-corpus.sh [--cli PATH] [--count N] [--seed S]
# Corrupts the models under ../shared/corpus/models when present, otherwise
# the built-in example (written with `arenaplan example`). Corruptions:
# truncation, byte flips, and poisoned 32-bit words (offsets pointed far
# outside the file, at the file's end, negative, or at another table).
set -euo pipefail
cd "$(dirname "$0")/.."
cli=""
count=300
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --cli) cli="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    *) echo "usage: $0 [--cli PATH] [--count N] [--seed S]" >&2; exit 2 ;;
  esac
done
if [ -z "$cli" ]; then
  for candidate in build-asan/arenaplan build/arenaplan; do
    if [ -x "$candidate" ]; then cli="$candidate"; break; fi
  done
fi
[ -x "$cli" ] || { echo "no arenaplan binary: build first or pass --cli" >&2; exit 2; }

exec python3 - "$cli" "$count" "$seed" <<'PY'
import os, random, resource, subprocess, sys, tempfile, time

cli, count, seed = os.path.abspath(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
corpus = "../shared/corpus/models"
work = tempfile.mkdtemp(prefix="arenaplan_corrupt_")
kept = tempfile.mkdtemp(prefix="arenaplan_corrupt_failures_")
models = []
if os.path.isdir(corpus):
    for root, _, files in os.walk(corpus):
        models += [os.path.join(root, f) for f in files if f.endswith(".tflite")]
    models.sort()
if not models:
    example = os.path.join(work, "example.tflite")
    subprocess.run([cli, "example", example], check=True)
    models = [example]
    print("note: ../shared/corpus/models not found: corrupting the built-in example")

DOCUMENTED = {0, 3, 4, 5}
LIBRARIES = ["reference", "cmsis-nn", "cmsis-nn-dsp", "cmsis-nn-mve",
             "esp-nn", "esp-nn-s3", "esp-nn-ansi"]
TIMEOUT = 60          # seconds per run (hangs)
MAX_RSS_MB = 2048     # per run

def corrupt(data):
    data = bytearray(data)
    kind = rng.choice(["truncate", "flip", "poison"])
    if kind == "truncate":
        return kind, bytes(data[: rng.randrange(len(data))])
    if kind == "flip":
        for _ in range(rng.randint(1, 16)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        return kind, bytes(data)
    # Poison 32-bit words in the first 64 KiB, where the tables are.
    limit = min(len(data), 65536) // 4
    for _ in range(rng.randint(1, 4)):
        at = 4 * rng.randrange(limit)
        value = rng.choice([0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, len(data),
                            len(data) - 4, rng.randrange(len(data)), 0,
                            rng.randrange(1 << 32)])
        data[at:at + 4] = (value & 0xFFFFFFFF).to_bytes(4, "little")
    return kind, bytes(data)

failures = []
stats = {"cases": 0, "ok": 0, "refused": 0}
by_code = {}
by_library = {}
slowest = 0.0
peak_rss = 0
for case in range(count):
    source = rng.choice(models)
    with open(source, "rb") as f:
        kind, data = corrupt(f.read())
    case_dir = os.path.join(work, "case%d" % case)
    os.mkdir(case_dir)
    model = os.path.join(case_dir, "m.tflite")
    with open(model, "wb") as f:
        f.write(data)
    library = rng.choice(LIBRARIES)
    kernels = ["--kernels", library,
               "--compiler", rng.choice(["gcc", "armclang"]),
               "--optimize-kernels-for", rng.choice(["speed", "size"])]
    report = ["--report", os.path.join(case_dir, "r.json")]
    for command in (["plan", model, "--time-limit", "1"] + report,
                    ["buffers", model],
                    ["plan", model, "--time-limit", "1"] + report + kernels,
                    ["buffers", model] + kernels):
        with_kernels = "--kernels" in command
        start = time.monotonic()
        proc = subprocess.Popen([cli] + command, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            failures.append((case, source, kind, command[0] + (
                " --kernels " + library if with_kernels else ""), "hang"))
            continue
        elapsed = time.monotonic() - start
        slowest = max(slowest, elapsed)
        code = proc.returncode
        stats["cases"] += 1
        by_code[code] = by_code.get(code, 0) + 1
        if with_kernels:
            counts = by_library.setdefault(library, {})
            counts[code] = counts.get(code, 0) + 1
        lines = err.decode("utf-8", "replace").splitlines()
        left = sorted(os.listdir(case_dir))
        problem = None
        if code not in DOCUMENTED:
            problem = "exit code %d: %r" % (code, lines[:1])
        elif code != 0 and (len(lines) != 1 or not lines[0].startswith("arenaplan: ")):
            problem = "stderr not one error line: %r" % lines[:3]
        elif code != 0 and left != ["m.tflite"]:
            problem = "left files %r" % left
        if problem:
            failures.append((case, source, kind, " ".join(
                [command[0]] + (["--kernels", library] if with_kernels else [])),
                problem))
            # Keep the input for reproduction and a regression test.
            with open(os.path.join(kept, "case%d.tflite" % case), "wb") as f:
                f.write(data)
        stats["ok" if code == 0 else "refused"] += 1
        for name in left:
            if name != "m.tflite":
                os.remove(os.path.join(case_dir, name))
    os.remove(model)
    os.rmdir(case_dir)
peak_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024

print("corrupted models: %d (%d CLI runs: plan and buffers, each without "
      "and with --kernels)" % (count, stats["cases"]))
print("source models:    %d" % len(models))
print("exit codes:       %s" % ", ".join("%d: %d" % kv for kv in sorted(by_code.items())))
for library in LIBRARIES:
    if library in by_library:
        print("  --kernels %-12s %s" % (library, ", ".join(
            "%d: %d" % kv for kv in sorted(by_library[library].items()))))
print("slowest run:      %.2f s" % slowest)
print("peak memory:      %d MB (largest child)" % peak_rss)
print("failures:         %d" % len(failures))
for f in failures[:20]:
    print("  case %d (%s, %s, %s): %s" % f)
if failures:
    print("failing inputs kept in %s" % kept)
else:
    os.rmdir(kept)
os.rmdir(work)
if peak_rss > MAX_RSS_MB:
    print("peak memory above %d MB" % MAX_RSS_MB)
    sys.exit(1)
sys.exit(1 if failures else 0)
PY
