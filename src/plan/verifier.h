// Independent check of a plan. Shares no code with any solver, so a solver
// bug cannot hide itself. Every plan that leaves the tool passes through it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "problem/problem.h"

namespace arenaplan {

struct VerifyResult {
  bool ok = true;
  std::string message;  // the first violation found, empty when ok
};

// Checks, in O(n log n): one non-negative offset per buffer; every offset a
// multiple of its buffer's alignment; pinned buffers at their fixed offset;
// members of a shared group at one offset; no two buffers whose lifetimes
// conflict overlapping in memory unless they are in one shared group; and,
// when given, the plan's height within `capacity`.
VerifyResult VerifyPlan(const Problem& problem, const Plan& plan,
                        std::optional<int64_t> capacity = std::nullopt);

// VerifyPlan, throwing arenaplan::Error(kInternal) on a violation. Used on
// every path that writes a plan.
void RequireValidPlan(const Problem& problem, const Plan& plan);

}  // namespace arenaplan
