// Reading the ground truth of ../shared/corpus/tflm-arena/ and measuring a
// corpus model the way its SUMMARY.csv does.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "arena/arena_size.h"
#include "model/buffer_list.h"
#include "model/model.h"

namespace arenaplan {

struct CorpusModel {
  Model model;
  BufferList list;             // tensors and scratch (derived, or recorded)
  std::string scratch_source;  // "derived", a recording's path, or "none"
};

// `name` is "<source>__<model>" (../shared/corpus/models/<source>/
// <model>.tflite). The scratch buffers come from the library's ScratchRule,
// else from the matching TFLM trace, else (reference kernels, no op that
// requests scratch) there are none; nullopt with `why` otherwise.
std::optional<CorpusModel> LoadCorpusModel(const std::string& name,
                                           const KernelOptions& kernels,
                                           std::string* why);

struct AllocLog {
  std::vector<ArenaEvent> rows;  // up to the first invoke row
  int64_t arena_size = 0;        // the arena the log was recorded in
};
AllocLog ReadAllocLog(const std::string& path);

struct ModelMeasures {
  RouteArena stock;  // planner outside the arena, TFLM greedy
  RouteArena shim;   // TFLM greedy's offsets behind a planner without tables
  // SUMMARY.csv's columns (min_arena_shim -1 when the shim cannot run it).
  std::map<std::string, int64_t> columns;
};
ModelMeasures Measure(const CorpusModel& input, Abi abi,
                      const KernelOptions& kernels, int64_t arena_size,
                      const std::string& label);

// "" when `got`'s rows equal the log's; else the first differing row of
// both, column by column.
std::string FirstDifferingRow(const AllocLog& truth,
                              const AllocateTensorsResult& got);

}  // namespace arenaplan
