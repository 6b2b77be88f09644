#include "plan/verifier.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <set>
#include <utility>
#include <vector>

#include "problem/error.h"

namespace arenaplan {
namespace {

std::string Name(size_t i) { return "buffer " + std::to_string(i); }

// One memory rectangle: a buffer, or a shared group taken as a whole.
struct Unit {
  int64_t offset, size, lower, upper;
  size_t first_buffer;  // for messages
};

}  // namespace

VerifyResult VerifyPlan(const Problem& problem, const Plan& plan,
                        std::optional<int64_t> capacity) {
  const auto fail = [](std::string message) {
    return VerifyResult{false, std::move(message)};
  };
  const size_t n = problem.buffers.size();
  if (plan.offsets.size() != n) {
    return fail("plan has " + std::to_string(plan.offsets.size()) +
                " offsets for " + std::to_string(n) + " buffers");
  }
  for (size_t i = 0; i < n; ++i) {
    const Buffer& b = problem.buffers[i];
    const int64_t offset = plan.offsets[i];
    if (offset < 0) return fail(Name(i) + ": negative offset");
    if (b.alignment > 0 && offset % b.alignment != 0) {
      return fail(Name(i) + ": offset " + std::to_string(offset) +
                  " is not a multiple of its alignment " +
                  std::to_string(b.alignment));
    }
    if (b.fixed_offset && *b.fixed_offset != offset) {
      return fail(Name(i) + ": pinned at " + std::to_string(*b.fixed_offset) +
                  " but planned at " + std::to_string(offset));
    }
    if (capacity && offset + b.size > *capacity) {
      return fail(Name(i) + ": ends at " + std::to_string(offset + b.size) +
                  ", beyond the capacity " + std::to_string(*capacity));
    }
  }

  // Shared groups become single units; their members must agree on offset.
  std::vector<int> group_of(n, -1);
  for (size_t g = 0; g < problem.groups.size(); ++g) {
    for (int32_t m : problem.groups[g].members) {
      if (m < 0 || static_cast<size_t>(m) >= n || group_of[m] != -1) {
        return fail("shared group " + std::to_string(g) +
                    " names an invalid or repeated buffer " +
                    std::to_string(m));
      }
      group_of[m] = static_cast<int>(g);
    }
  }
  std::vector<Unit> units;
  std::vector<int> unit_of_group(problem.groups.size(), -1);
  for (size_t i = 0; i < n; ++i) {
    const Buffer& b = problem.buffers[i];
    const int g = group_of[i];
    if (g >= 0 && unit_of_group[g] >= 0) {
      Unit& u = units[unit_of_group[g]];
      if (u.offset != plan.offsets[i]) {
        return fail(Name(i) + ": shares a group with " +
                    Name(u.first_buffer) + " but has another offset");
      }
      u.size = std::max(u.size, b.size);
      u.lower = std::min(u.lower, b.lower);
      u.upper = std::max(u.upper, b.upper);
      continue;
    }
    if (g >= 0) unit_of_group[g] = static_cast<int>(units.size());
    units.push_back({plan.offsets[i], b.size, b.lower, b.upper, i});
  }

  // Sweep over time. `active` holds the memory ranges alive now, which must
  // be disjoint, keyed by offset; a new range only needs checking against its
  // neighbours in memory. Pinned units that may overlap each other are kept
  // apart in `active_pinned` and checked against the others one by one
  // (models pin few buffers).
  std::vector<size_t> order(units.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return units[a].lower < units[b].lower;
  });
  const auto is_loose_pin = [&](const Unit& u) {
    return problem.pinned_may_overlap &&
           problem.buffers[u.first_buffer].fixed_offset.has_value();
  };
  const auto overlap_message = [&](const Unit& a, const Unit& b) {
    return Name(a.first_buffer) + " overlaps " + Name(b.first_buffer) +
           " in memory while both are alive";
  };
  using Ending = std::pair<int64_t, size_t>;  // (upper, unit)
  std::priority_queue<Ending, std::vector<Ending>, std::greater<Ending>> ends;
  std::set<std::pair<int64_t, size_t>> active;  // (offset, unit)
  std::set<size_t> active_pinned;
  for (size_t idx : order) {
    const Unit& u = units[idx];
    while (!ends.empty() && ends.top().first <= u.lower) {
      const size_t done = ends.top().second;
      active.erase({units[done].offset, done});
      active_pinned.erase(done);
      ends.pop();
    }
    if (u.size == 0) continue;
    auto next = active.lower_bound({u.offset, 0});
    if (next != active.end() && next->first < u.offset + u.size) {
      return fail(overlap_message(u, units[next->second]));
    }
    if (next != active.begin()) {
      const auto prev = std::prev(next);
      if (prev->first + units[prev->second].size > u.offset) {
        return fail(overlap_message(u, units[prev->second]));
      }
    }
    const bool loose = is_loose_pin(u);
    if (!loose) {
      for (size_t p : active_pinned) {
        const Unit& q = units[p];
        if (q.offset < u.offset + u.size && u.offset < q.offset + q.size) {
          return fail(overlap_message(u, q));
        }
      }
      active.insert({u.offset, idx});
    } else {
      active_pinned.insert(idx);
    }
    ends.push({u.upper, idx});
  }
  return {};
}

void RequireValidPlan(const Problem& problem, const Plan& plan) {
  const VerifyResult result = VerifyPlan(problem, plan);
  if (!result.ok) {
    throw Error("internal error: plan failed verification: " + result.message,
                ExitCode::kInternal);
  }
}

}  // namespace arenaplan
