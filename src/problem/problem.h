// The planning problem at the centre of arenaplan: buffers with a size, a
// half-open lifetime and an alignment, some pinned at fixed offsets, some
// declared to share one address. Solvers produce a Plan (one offset per
// buffer); the verifier (plan/verifier.h) checks it independently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace arenaplan {

struct Buffer {
  int64_t size = 0;
  // Half-open lifetime [lower, upper): TFLM's [first_time_used,
  // last_time_used + 1). lower may be -1 (TFLM's "never created").
  int64_t lower = 0;
  int64_t upper = 0;
  int64_t alignment = 1;
  std::optional<int64_t> fixed_offset;  // pinned: the plan must keep it
};

// Buffers that must sit at one address (in-place sharing). Their combined
// lifetime is the union of the members' lifetimes.
struct SharedGroup {
  std::vector<int32_t> members;
};

struct Problem {
  std::vector<Buffer> buffers;
  std::vector<SharedGroup> groups;  // each member in at most one group
  // Pinned buffers taken as given from a model's OfflineMemoryAllocation
  // (TFLM places them without checking them against each other): overlaps
  // between two pinned buffers are then accepted; every other overlap is
  // still an error.
  bool pinned_may_overlap = false;
};

struct Plan {
  std::vector<int64_t> offsets;  // one per buffer of the problem
};

// True when the two lifetimes share a time step.
inline bool LifetimesConflict(const Buffer& a, const Buffer& b) {
  return a.lower < b.upper && b.lower < a.upper;
}

// Highest offset + size over all buffers (0 when empty).
int64_t PlanHeight(const Problem& problem, const Plan& plan);

// A problem in which every shared group is collapsed into one buffer, so that
// solvers never need to know about sharing. `representative[i]` is the index
// in `collapsed` that buffer i of the original problem maps to.
struct CollapsedProblem {
  Problem collapsed;
  std::vector<int32_t> representative;
};

// Throws arenaplan::Error when the groups are inconsistent (index out of
// range, buffer in two groups, members pinned at different offsets).
CollapsedProblem CollapseGroups(const Problem& problem);

// Maps a plan of the collapsed problem back to every original buffer.
Plan ExpandPlan(const CollapsedProblem& collapsed, const Plan& collapsed_plan);

}  // namespace arenaplan

namespace arenaplan {
// Throws arenaplan::Error naming the first buffer that breaks a basic rule:
// negative size, empty lifetime (lower >= upper), alignment < 1, negative or
// misaligned fixed offset.
void ValidateProblem(const Problem& problem);
}  // namespace arenaplan
