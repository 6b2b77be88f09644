#include "solve/instance.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "problem/error.h"

namespace arenaplan {
namespace {

bool IsFree(const Buffer& b) { return !b.fixed_offset && b.size > 0; }

}  // namespace

int64_t CountConflictPairs(const Problem& problem) {
  std::vector<int64_t> lowers, uppers;
  for (const Buffer& b : problem.buffers) {
    if (!IsFree(b)) continue;
    lowers.push_back(b.lower);
    uppers.push_back(b.upper);
  }
  std::sort(lowers.begin(), lowers.end());
  std::sort(uppers.begin(), uppers.end());
  // Buffer i meets every buffer that starts before it (ties: earlier in
  // sorted order) and has not ended by its start.
  int64_t pairs = 0;
  for (size_t i = 0; i < lowers.size(); ++i) {
    const int64_t ended =
        std::upper_bound(uppers.begin(), uppers.end(), lowers[i]) -
        uppers.begin();
    pairs += static_cast<int64_t>(i) - ended;
  }
  return pairs;
}

void CheckPinnedBuffers(const Problem& problem) {
  if (problem.pinned_may_overlap) return;
  std::vector<int32_t> pinned;
  for (size_t i = 0; i < problem.buffers.size(); ++i) {
    const Buffer& b = problem.buffers[i];
    if (b.fixed_offset && b.size > 0) pinned.push_back(static_cast<int32_t>(i));
  }
  std::sort(pinned.begin(), pinned.end(), [&](int32_t a, int32_t b) {
    return *problem.buffers[a].fixed_offset < *problem.buffers[b].fixed_offset;
  });
  for (size_t i = 0; i < pinned.size(); ++i) {
    const Buffer& a = problem.buffers[pinned[i]];
    const int64_t end = *a.fixed_offset + a.size;
    for (size_t j = i + 1; j < pinned.size(); ++j) {
      const Buffer& b = problem.buffers[pinned[j]];
      if (*b.fixed_offset >= end) break;
      if (LifetimesConflict(a, b)) {
        throw Error("pinned buffers " + std::to_string(pinned[i]) + " and " +
                        std::to_string(pinned[j]) +
                        " overlap in memory while both are live",
                    ExitCode::kInfeasible);
      }
    }
  }
}

std::optional<Instance> BuildInstance(const Problem& problem,
                                      int64_t max_pairs) {
  CheckPinnedBuffers(problem);
  if (CountConflictPairs(problem) > max_pairs) return std::nullopt;
  Instance in;
  std::vector<int32_t> pinned;
  int64_t granularity = 0;
  for (size_t i = 0; i < problem.buffers.size(); ++i) {
    const Buffer& b = problem.buffers[i];
    if (b.fixed_offset && b.size > 0) {
      pinned.push_back(static_cast<int32_t>(i));
      in.pinned_top = std::max(in.pinned_top, *b.fixed_offset + b.size);
      granularity = std::gcd(granularity, *b.fixed_offset);
      granularity = std::gcd(granularity, b.size);
    }
    if (!IsFree(b)) continue;
    in.source.push_back(static_cast<int32_t>(i));
    in.size.push_back(b.size);
    in.alignment.push_back(b.alignment);
    in.lower.push_back(b.lower);
    in.upper.push_back(b.upper);
    granularity = std::gcd(granularity, b.size);
    granularity = std::gcd(granularity, b.alignment);
  }
  in.granularity = std::max<int64_t>(granularity, 1);
  const int32_t n = in.count();

  // Conflict lists by a sweep over buffers sorted by start time.
  std::vector<int32_t> by_lower(n);
  std::iota(by_lower.begin(), by_lower.end(), 0);
  std::sort(by_lower.begin(), by_lower.end(), [&](int32_t a, int32_t b) {
    return in.lower[a] != in.lower[b] ? in.lower[a] < in.lower[b] : a < b;
  });
  std::vector<std::vector<int32_t>> lists(n);
  std::vector<int32_t> active;
  for (int32_t k : by_lower) {
    size_t kept = 0;
    for (int32_t other : active) {
      if (in.upper[other] <= in.lower[k]) continue;
      active[kept++] = other;
      lists[k].push_back(other);
      lists[other].push_back(k);
    }
    active.resize(kept);
    active.push_back(k);
  }
  in.conflict_begin.assign(n + 1, 0);
  for (int32_t k = 0; k < n; ++k) {
    std::sort(lists[k].begin(), lists[k].end());
    in.conflict_begin[k + 1] = in.conflict_begin[k] + lists[k].size();
  }
  in.conflicts.reserve(in.conflict_begin[n]);
  for (auto& list : lists) {
    in.conflicts.insert(in.conflicts.end(), list.begin(), list.end());
    std::vector<int32_t>().swap(list);
  }

  in.obstacles.assign(n, {});
  if (!pinned.empty()) {
    for (int32_t k = 0; k < n; ++k) {
      const Buffer& free_buffer = problem.buffers[in.source[k]];
      for (int32_t p : pinned) {
        const Buffer& b = problem.buffers[p];
        if (LifetimesConflict(b, free_buffer)) {
          in.obstacles[k].push_back(
              {*b.fixed_offset, *b.fixed_offset + b.size});
        }
      }
      std::sort(in.obstacles[k].begin(), in.obstacles[k].end(),
                [](const Obstacle& a, const Obstacle& b) {
                  return a.offset < b.offset;
                });
    }
  }
  return in;
}

int64_t LowestClearOffset(const Instance& instance, int32_t k, int64_t from) {
  int64_t offset = AlignUp(from, instance.alignment[k]);
  const int64_t size = instance.size[k];
  for (const Obstacle& o : instance.obstacles[k]) {
    if (o.offset >= offset + size) break;
    if (o.end > offset) offset = AlignUp(o.end, instance.alignment[k]);
  }
  return offset;
}

Plan PlanFromInstance(const Problem& problem, const Instance& instance,
                      const std::vector<int64_t>& free_offsets) {
  Plan plan;
  plan.offsets.assign(problem.buffers.size(), 0);
  for (size_t i = 0; i < problem.buffers.size(); ++i) {
    if (problem.buffers[i].fixed_offset) {
      plan.offsets[i] = *problem.buffers[i].fixed_offset;
    }
  }
  for (int32_t k = 0; k < instance.count(); ++k) {
    plan.offsets[instance.source[k]] = free_offsets[k];
  }
  return plan;
}

}  // namespace arenaplan
