// Helpers for the hardening tests: running the CLI under a time limit while
// measuring its peak memory, and hostile models that the model builder
// cannot express (tables shared many times over, control-flow bombs).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/model_builder.h"

namespace arenaplan::hardening {

// A non-constant int8 tensor.
TensorSpec Activation(std::string name, std::vector<int32_t> shape);

// One RELU from tensor "in" to tensor "out", both [1, 16] int8.
ModelSpec ReluModel();

struct LimitedRun {
  int exit_code = -1;  // -1 when killed by a signal
  bool timed_out = false;
  double seconds = 0;
  int64_t max_rss_kb = 0;  // peak resident memory of the CLI process
  std::string out;
  std::string err;
};

// Runs the CLI with `args`, killing it after `timeout_seconds`.
LimitedRun RunCliLimited(const std::vector<std::string>& args,
                         double timeout_seconds = 60);

// Starts the CLI, sends SIGINT after `interrupt_after_seconds`, waits.
LimitedRun RunCliInterrupted(const std::vector<std::string>& args,
                             double interrupt_after_seconds,
                             double timeout_seconds = 60);

size_t LineCount(const std::string& text);

// Names in `dir` (files left behind, temporary files included).
std::vector<std::string> DirectoryEntries(const std::string& dir);

// A model whose one subgraph lists the same tensor table `copies` times;
// that tensor has a shape of `rank` ones. Small on disk, huge decoded.
std::vector<uint8_t> SharedTensorModel(int32_t copies, int32_t rank);

// Subgraph k runs subgraph k+1 twice (CALL_ONCE), `levels` deep; the last
// one has an op reading `leaf_inputs` tensor references: the lifetime pass
// would visit 2^levels * leaf_inputs references.
std::vector<uint8_t> CallBombModel(int levels, int leaf_inputs);

// A chain of `count` RELUs (count + 1 activation tensors) over [1, 16] int8.
std::vector<uint8_t> ChainModel(int count);

// A MiniMalloc problem CSV with `count` buffers (deterministic pseudo-random
// lifetimes within `steps` and sizes).
std::string RandomProblemCsv(int count, int steps, uint32_t seed);

}  // namespace arenaplan::hardening
