#include "solve/tflm_greedy.h"

#include <algorithm>
#include <vector>

namespace arenaplan {

Plan TflmGreedyPlan(const Problem& problem) {
  const int n = static_cast<int>(problem.buffers.size());
  Plan plan;
  plan.offsets.assign(n, 0);
  if (n == 0) return plan;

  // Placement order: pinned buffers in AddBuffer order, then the online ones
  // from a list built in reverse AddBuffer order, stably sorted by size
  // descending (TFLM bubble-sorts that list).
  std::vector<int> order;
  std::vector<int> online;
  for (int i = 0; i < n; ++i) {
    if (problem.buffers[i].fixed_offset) order.push_back(i);
  }
  for (int i = n - 1; i >= 0; --i) {
    if (!problem.buffers[i].fixed_offset) online.push_back(i);
  }
  std::stable_sort(online.begin(), online.end(), [&](int a, int b) {
    return problem.buffers[a].size > problem.buffers[b].size;
  });
  order.insert(order.end(), online.begin(), online.end());

  // Placed buffers as a list ordered by offset; equal offsets keep insertion
  // order (a new entry goes after entries of equal offset).
  std::vector<int> by_offset;
  by_offset.reserve(n);
  for (int id : order) {
    const Buffer& wanted = problem.buffers[id];
    int64_t candidate = 0;
    if (wanted.fixed_offset) {
      candidate = *wanted.fixed_offset;
    } else {
      for (int placed : by_offset) {
        const Buffer& other = problem.buffers[placed];
        if (!LifetimesConflict(other, wanted)) continue;
        if (plan.offsets[placed] - candidate >= wanted.size) break;
        candidate = std::max(candidate, plan.offsets[placed] + other.size);
      }
    }
    plan.offsets[id] = candidate;
    auto pos = std::upper_bound(
        by_offset.begin(), by_offset.end(), candidate,
        [&](int64_t value, int entry) { return value < plan.offsets[entry]; });
    by_offset.insert(pos, id);
  }
  return plan;
}

}  // namespace arenaplan
