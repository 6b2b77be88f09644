#include "problem/lower_bound.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace arenaplan {

int64_t UnionLength(std::vector<std::pair<int64_t, int64_t>> ranges) {
  std::sort(ranges.begin(), ranges.end());
  int64_t covered = 0, reach = 0;
  for (const auto& [begin, end] : ranges) {
    const int64_t from = std::max(begin, reach);
    if (end > from) covered += end - from;
    reach = std::max(reach, end);
  }
  return covered;
}

int64_t MaxLiveLowerBound(const Problem& problem) {
  const Problem& p = CollapseGroups(problem).collapsed;
  // Pinned buffers that may overlap each other are counted apart at every
  // start time; beyond kMaxUnionPins the bound counts them only through
  // their highest end, still a valid (weaker) bound.
  std::vector<const Buffer*> loose_pins;
  // Events: (time, delta). Ends sort before starts at the same time because
  // lifetimes are half-open.
  std::vector<std::pair<int64_t, int64_t>> events;
  events.reserve(p.buffers.size() * 2);
  int64_t bound = 0;
  for (const Buffer& b : p.buffers) {
    if (b.fixed_offset) bound = std::max(bound, *b.fixed_offset + b.size);
    if (b.fixed_offset && problem.pinned_may_overlap) {
      loose_pins.push_back(&b);
      events.emplace_back(b.lower, 0);  // evaluate when it starts
      continue;
    }
    events.emplace_back(b.lower, b.size);
    events.emplace_back(b.upper, -b.size);
  }
  std::sort(events.begin(), events.end());
  int64_t live = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    live += events[i].second;
    // Evaluate once all events of this time step are applied.
    if (i + 1 < events.size() && events[i + 1].first == events[i].first) {
      continue;
    }
    int64_t pinned = 0;
    if (!loose_pins.empty() && loose_pins.size() <= kMaxUnionPins) {
      std::vector<std::pair<int64_t, int64_t>> ranges;
      for (const Buffer* b : loose_pins) {
        if (b->lower <= events[i].first && events[i].first < b->upper) {
          ranges.emplace_back(*b->fixed_offset, *b->fixed_offset + b->size);
        }
      }
      pinned = UnionLength(std::move(ranges));
    }
    bound = std::max(bound, live + pinned);
  }
  return bound;
}

}  // namespace arenaplan
