#include "solve/tflm_greedy.h"

#include <algorithm>
#include <map>
#include <vector>

namespace arenaplan {
namespace {

// Placed buffers indexed by lifetime, so that each placement looks only at
// the buffers it conflicts with instead of walking every placed buffer as
// TFLM does (same result, far less work on long models).
class PlacedByTime {
 public:
  explicit PlacedByTime(const Problem& problem) : problem_(problem) {
    for (const Buffer& b : problem.buffers) {
      times_.push_back(b.lower);
      times_.push_back(b.upper);
    }
    std::sort(times_.begin(), times_.end());
    times_.erase(std::unique(times_.begin(), times_.end()), times_.end());
    leaves_ = times_.size();
    nodes_.resize(2 * leaves_ + 2);
  }

  void Add(int id) {
    const Buffer& b = problem_.buffers[id];
    by_lower_.emplace(b.lower, id);
    // Bottom-up segment tree over leaves [Index(lower), Index(upper)).
    for (size_t lo = Index(b.lower) + leaves_, hi = Index(b.upper) + leaves_;
         lo < hi; lo /= 2, hi /= 2) {
      if (lo & 1) nodes_[lo++].push_back(id);
      if (hi & 1) nodes_[--hi].push_back(id);
    }
  }

  // Every placed buffer whose lifetime conflicts with `wanted`'s.
  std::vector<int> Conflicting(const Buffer& wanted) const {
    std::vector<int> found;
    // Starting inside [lower, upper)...
    for (auto it = by_lower_.lower_bound(wanted.lower);
         it != by_lower_.end() && it->first < wanted.upper; ++it) {
      found.push_back(it->second);
    }
    // ...or earlier and still alive at lower.
    for (size_t node = Index(wanted.lower) + leaves_; node >= 1; node /= 2) {
      for (int id : nodes_[node]) {
        if (problem_.buffers[id].lower < wanted.lower) found.push_back(id);
      }
    }
    return found;
  }

 private:
  size_t Index(int64_t time) const {
    return static_cast<size_t>(
        std::lower_bound(times_.begin(), times_.end(), time) - times_.begin());
  }

  const Problem& problem_;
  std::vector<int64_t> times_;
  size_t leaves_ = 0;
  std::vector<std::vector<int>> nodes_;
  std::multimap<int64_t, int> by_lower_;
};

}  // namespace

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

  // TFLM keeps placed buffers in a list ordered by offset, a new entry after
  // entries of equal offset: (offset, placement number) is that order.
  std::vector<int> placed_as(n, 0);
  PlacedByTime placed(problem);
  for (int k = 0; k < n; ++k) {
    const int id = order[k];
    const Buffer& wanted = problem.buffers[id];
    int64_t candidate = 0;
    if (wanted.fixed_offset) {
      candidate = *wanted.fixed_offset;
    } else {
      std::vector<int> conflicting = placed.Conflicting(wanted);
      std::sort(conflicting.begin(), conflicting.end(), [&](int a, int b) {
        return plan.offsets[a] != plan.offsets[b]
                   ? plan.offsets[a] < plan.offsets[b]
                   : placed_as[a] < placed_as[b];
      });
      // First gap between conflicting buffers that is big enough.
      for (int other : conflicting) {
        if (plan.offsets[other] - candidate >= wanted.size) break;
        candidate = std::max(candidate,
                             plan.offsets[other] + problem.buffers[other].size);
      }
    }
    plan.offsets[id] = candidate;
    placed_as[id] = k;
    placed.Add(id);
  }
  return plan;
}

}  // namespace arenaplan
