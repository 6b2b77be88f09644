// The peak explained: the time steps at which the most bytes are alive
// together (the max-live bound of the problem as planned: shared groups
// counted once, pins that may overlap by the bytes they cover), with what is
// alive there, largest first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/buffer_list.h"
#include "model/model.h"
#include "problem/problem.h"

namespace arenaplan {

// One memory unit alive at a peak step: a buffer, a shared group, or pinned
// buffers whose ranges overlap (Vela's scratch areas), counted once as the
// region they cover (names "a + b", shape "one pinned region [lo, hi)").
struct PeakEntry {
  std::vector<int32_t> buffers;  // the unit's buffers alive at the step
  std::string names;             // "a" or "a = b" for a shared group
  std::string shape;             // of the first buffer ("scratch" for scratch)
  std::string type;
  int64_t bytes = 0;  // bytes it takes in the arena (planned size)
};

struct PeakStep {
  int64_t time = 0;  // TFLM time step (-1: buffers never created)
  int32_t subgraph = 0;
  int32_t op = -1;      // -1: the subgraph's entry, or no op
  std::string op_name;  // "ADD", "(subgraph entry)", ...
  int64_t live_bytes = 0;
  std::vector<PeakEntry> alive;  // largest first, then by first buffer
};

struct PeakReport {
  int64_t bytes = 0;  // the largest live sum over all steps
  // The first kMaxPeakSteps steps reaching it, in time order, and how many
  // steps reach it in all (a long plateau is not spelled out step by step).
  std::vector<PeakStep> steps;
  int64_t step_count = 0;
};

constexpr size_t kMaxPeakSteps = 9;

// Live sums per step of `problem` (whose buffers are `list`'s, in order).
// Pinned buffers are counted like the others.
PeakReport ExplainPeak(const Model& model, const BufferList& list,
                       const Problem& problem);

}  // namespace arenaplan

namespace arenaplan {

// Lines for the CLI: the first peak step with its live tensors (at most
// `max_rows` rows, then a count), and the other peak steps by op.
std::string PeakText(const PeakReport& peak, size_t max_rows = 12);

}  // namespace arenaplan
