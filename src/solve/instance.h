// The form the placement heuristics and the exact search work on: the free
// (unpinned, non-empty) buffers of a collapsed problem with their conflict
// lists, and the pinned buffers as fixed obstacles.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "problem/problem.h"

namespace arenaplan {

// A pinned buffer as seen by one free buffer it conflicts with in time.
struct Obstacle {
  int64_t offset = 0;
  int64_t end = 0;
};

struct Instance {
  // Free buffer k is buffer `source[k]` of the problem.
  std::vector<int32_t> source;
  std::vector<int64_t> size, alignment, lower, upper;
  // Free buffers whose lifetimes meet free buffer k's (CSR layout).
  std::vector<int64_t> conflict_begin;
  std::vector<int32_t> conflicts;
  // Pinned buffers whose lifetimes meet free buffer k's, sorted by offset.
  std::vector<std::vector<Obstacle>> obstacles;
  // Every height of a placement pushed down as far as it goes is a
  // multiple of this (gcd of sizes, alignments and pinned offsets).
  int64_t granularity = 1;
  int64_t pinned_top = 0;  // highest end of a pinned buffer

  int32_t count() const { return static_cast<int32_t>(size.size()); }
  const int32_t* ConflictsBegin(int32_t k) const {
    return conflicts.data() + conflict_begin[k];
  }
  const int32_t* ConflictsEnd(int32_t k) const {
    return conflicts.data() + conflict_begin[k + 1];
  }
};

// Number of pairs of free buffers whose lifetimes meet, in O(n log n).
int64_t CountConflictPairs(const Problem& problem);

// Builds the instance; nullopt when the free buffers have more than
// `max_pairs` conflicting pairs (too many to list). Throws
// arenaplan::Error(kInfeasible) when two pinned buffers collide and the
// problem does not allow it.
std::optional<Instance> BuildInstance(const Problem& problem,
                                      int64_t max_pairs);

// Throws arenaplan::Error(kInfeasible) naming two pinned buffers that meet
// in time and memory (unless problem.pinned_may_overlap).
void CheckPinnedBuffers(const Problem& problem);

inline int64_t AlignUp(int64_t value, int64_t alignment) {
  const int64_t rest = value % alignment;
  return rest == 0 ? value : value + alignment - rest;
}

// The lowest offset >= `from`, aligned for free buffer k, where it does not
// meet any of its obstacles.
int64_t LowestClearOffset(const Instance& instance, int32_t k, int64_t from);

// Offsets for the whole problem from offsets of the free buffers: pinned
// buffers at their fixed offset, empty buffers at 0.
Plan PlanFromInstance(const Problem& problem, const Instance& instance,
                      const std::vector<int64_t>& free_offsets);

}  // namespace arenaplan
