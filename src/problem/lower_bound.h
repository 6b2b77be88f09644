#pragma once

#include <cstdint>

#include "problem/problem.h"

namespace arenaplan {

// The max-live bound: the largest total size of buffers alive at one time
// step (shared groups counted once), and at least the end of every pinned
// buffer. No plan can be lower. O(n log n).
int64_t MaxLiveLowerBound(const Problem& problem);

}  // namespace arenaplan
