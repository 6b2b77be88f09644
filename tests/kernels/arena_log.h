// Reading the ground truth's allocation logs (../shared/corpus/tflm-arena/
// <build>/<model>.alloc.csv) and writing a kernel ArenaRule's calls as the
// rows TFLM's allocator logs for them, so a rule can be checked against the
// log row by row without an allocator model.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernels/kernel_arena.h"

namespace arenaplan::testing {

struct ArenaLogRow {
  std::string phase;  // setup, init, prepare, prepare_finish, ...
  int32_t subgraph = -1;
  int32_t op = -1;
  std::string op_name;
  std::string kind;  // persistent, temp, temp_free, ...
  std::string what;  // kernel_persistent, temp_TfLiteTensor, ...
  int64_t size = 0;
  int64_t alignment = 0;
};

// The rows of one .alloc.csv; throws std::runtime_error on a malformed file.
std::vector<ArenaLogRow> ReadArenaLog(const std::string& path);

// One kernel-made arena row: kind, what, size, alignment.
struct KernelRow {
  std::string kind;
  std::string what;
  int64_t size = 0;
  int64_t alignment = 0;
  bool operator==(const KernelRow& o) const {
    return kind == o.kind && what == o.what && size == o.size &&
           alignment == o.alignment;
  }
};

// The persistent, temp and temp_free rows of op (subgraph, op) in `phase`
// ("init" or "prepare"), in log order.
std::vector<KernelRow> KernelRowsOf(const std::vector<ArenaLogRow>& log,
                                    int32_t subgraph, int32_t op,
                                    const std::string& phase);

// The rows TFLM 90b983c2 logs for `calls`: a persistent buffer (alignment
// 16); a temporary TfLiteTensor, followed, when the model gives the tensor
// both scales and zero points, by its TfLiteAffineQuantization and its
// zero-point TfLiteIntArray (one int per scale); frees in the reverse order
// of those parts. Scratch requests log no row.
std::vector<KernelRow> ExpectedRows(const std::vector<ArenaCall>& calls,
                                    const OpView& op, Abi abi);

std::string Describe(const std::vector<KernelRow>& rows);

// The tail (bytes from the arena's end) real TFLM builds for `log`'s
// persistent rows, each aligned down from the end, with two substitutions:
// for every op `own(kernel_code)` accepts, the persistent calls of `rule`'s
// Init and Prepare at the place of that op's Init / Prepare rows; and the
// scratch-handle array sized for `scratch_buffers` handles of
// `handle_bytes` (none for 0), at the start of memory planning. The logs'
// arenas end 16-aligned (64-aligned start, 2^24 bytes), so aligning the
// distance from the end aligns the address. Returns -1 when `rule` gives no
// answer for an op it owns.
int64_t ReplayTail(
    const std::vector<ArenaLogRow>& log, const Model& model,
    const std::vector<std::vector<std::vector<int32_t>>>& shapes,
    bool (*own)(int32_t kernel_code),
    const std::function<std::optional<KernelArenaUse>(const OpView&)>& rule,
    int64_t scratch_buffers, int64_t handle_bytes);

// A column of a SUMMARY.csv by its first column (the model).
std::map<std::string, int64_t> SummaryColumn(const std::string& path,
                                             const std::string& column);

// One model's host64 persistent bytes: the trace's and ReplayTail's.
struct TailCheck {
  std::string model;  // "<dir>__<name>", as the SUMMARY.csv names it
  int64_t want = 0;   // the SUMMARY.csv's `persistent_column`
  int64_t got = 0;    // ReplayTail with `own` / `rule`, 8-byte handles
};

// For every model of the trace build's `summary` (a SUMMARY.csv below
// `corpus`, ../shared/corpus) that has a log in tflm-arena/host64-reference,
// the tail ReplayTail makes of that log with `own` and `rule` and the
// summary's `scratch` count of 8-byte handles, beside the summary's
// `persistent_column`. Reads models/<dir>/<name>.tflite.
std::vector<TailCheck> Host64Tails(
    const std::string& corpus, const std::string& summary,
    const std::string& persistent_column, bool (*own)(int32_t kernel_code),
    const std::function<std::optional<KernelArenaUse>(const OpView&)>& rule);

}  // namespace arenaplan::testing
