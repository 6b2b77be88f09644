// A tiny float32 interpreter for test graphs (ADD, SUB, MUL, RELU, RESHAPE,
// CONCATENATION on the last axis, FULLY_CONNECTED without bias). It runs a
// subgraph either with every tensor in memory of its own or with the
// planned tensors inside one byte array at their planned offsets, element by
// element in the order TFLM's reference kernels use (element-wise ops read
// element i, then write element i). A wrong sharing rule then shows up as a
// wrong output.
#pragma once

#include <cstdint>
#include <vector>

#include "model/model_builder.h"

namespace arenaplan::testing {

// Per tensor of the subgraph: its offset in the arena, or -1 for memory of
// its own (constants, and every tensor in the reference run).
struct Placement {
  std::vector<int64_t> offsets;
  int64_t arena_bytes = 0;
};

// Every tensor in memory of its own.
Placement SeparatePlacement(const SubgraphSpec& graph);

// Runs `graph` with `inputs` (one float vector per graph input, in order)
// and returns the bytes of every graph output, in order.
std::vector<std::vector<uint8_t>> RunGraph(
    const SubgraphSpec& graph, const std::vector<std::vector<float>>& inputs,
    const Placement& placement);

}  // namespace arenaplan::testing
