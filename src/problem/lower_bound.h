#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "problem/problem.h"

namespace arenaplan {

// The max-live bound: the largest total size of buffers alive at one time
// step (shared groups counted once), and at least the end of every pinned
// buffer. No plan can be lower. O(n log n).
int64_t MaxLiveLowerBound(const Problem& problem);

// Pinned buffers that may overlap (problem.pinned_may_overlap) take the
// union of their ranges at a time step, not the sum. Counting the union
// costs (time steps x pins), so beyond this many pins callers fall back.
constexpr size_t kMaxUnionPins = 4096;

// Bytes covered by the union of the given [begin, end) ranges.
int64_t UnionLength(std::vector<std::pair<int64_t, int64_t>> ranges);

}  // namespace arenaplan
