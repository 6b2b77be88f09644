#include "problem/problem.h"

#include <algorithm>
#include <numeric>

#include "problem/error.h"

namespace arenaplan {

int64_t PlanHeight(const Problem& problem, const Plan& plan) {
  int64_t height = 0;
  for (size_t i = 0; i < problem.buffers.size() && i < plan.offsets.size();
       ++i) {
    height = std::max(height, plan.offsets[i] + problem.buffers[i].size);
  }
  return height;
}

CollapsedProblem CollapseGroups(const Problem& problem) {
  const int32_t n = static_cast<int32_t>(problem.buffers.size());
  CollapsedProblem result;
  result.representative.assign(n, -1);
  std::vector<int32_t> group_of(n, -1);
  for (size_t g = 0; g < problem.groups.size(); ++g) {
    for (int32_t member : problem.groups[g].members) {
      if (member < 0 || member >= n) {
        throw Error("shared group " + std::to_string(g) + ": buffer " +
                    std::to_string(member) + " out of range (" +
                    std::to_string(n) + " buffers)");
      }
      if (group_of[member] != -1) {
        throw Error("buffer " + std::to_string(member) +
                    " is declared in two shared groups");
      }
      group_of[member] = static_cast<int32_t>(g);
    }
  }
  std::vector<int32_t> group_slot(problem.groups.size(), -1);
  for (int32_t i = 0; i < n; ++i) {
    const Buffer& b = problem.buffers[i];
    const int32_t g = group_of[i];
    if (g >= 0 && group_slot[g] >= 0) {
      Buffer& merged = result.collapsed.buffers[group_slot[g]];
      merged.size = std::max(merged.size, b.size);
      merged.lower = std::min(merged.lower, b.lower);
      merged.upper = std::max(merged.upper, b.upper);
      merged.alignment = std::lcm(merged.alignment, b.alignment);
      if (b.fixed_offset) {
        if (merged.fixed_offset && *merged.fixed_offset != *b.fixed_offset) {
          throw Error("shared group " + std::to_string(g) +
                          ": members pinned at different offsets",
                      ExitCode::kInfeasible);
        }
        merged.fixed_offset = b.fixed_offset;
      }
      result.representative[i] = group_slot[g];
      continue;
    }
    result.representative[i] =
        static_cast<int32_t>(result.collapsed.buffers.size());
    if (g >= 0) group_slot[g] = result.representative[i];
    result.collapsed.buffers.push_back(b);
  }
  return result;
}

Plan ExpandPlan(const CollapsedProblem& collapsed, const Plan& collapsed_plan) {
  Plan plan;
  plan.offsets.reserve(collapsed.representative.size());
  for (int32_t rep : collapsed.representative) {
    plan.offsets.push_back(collapsed_plan.offsets.at(rep));
  }
  return plan;
}

}  // namespace arenaplan

namespace arenaplan {

void ValidateProblem(const Problem& problem) {
  for (size_t i = 0; i < problem.buffers.size(); ++i) {
    const Buffer& b = problem.buffers[i];
    const std::string where = "buffer " + std::to_string(i) + ": ";
    if (b.size < 0) throw Error(where + "negative size " + std::to_string(b.size));
    if (b.lower >= b.upper) {
      throw Error(where + "empty lifetime [" + std::to_string(b.lower) + ", " +
                  std::to_string(b.upper) + ")");
    }
    if (b.alignment < 1) {
      throw Error(where + "alignment " + std::to_string(b.alignment) +
                  " is not positive");
    }
    if (b.fixed_offset) {
      if (*b.fixed_offset < 0) {
        throw Error(where + "negative fixed offset " +
                        std::to_string(*b.fixed_offset),
                    ExitCode::kInfeasible);
      }
      if (*b.fixed_offset % b.alignment != 0) {
        throw Error(where + "fixed offset " + std::to_string(*b.fixed_offset) +
                        " breaks its alignment " + std::to_string(b.alignment),
                    ExitCode::kInfeasible);
      }
    }
  }
}

}  // namespace arenaplan
