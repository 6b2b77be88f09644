// The one entry point every caller uses to place a problem's buffers.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "problem/problem.h"

namespace arenaplan {

struct SolveProgress {
  int64_t best_height = 0;
  int64_t lower_bound = 0;
  double elapsed_seconds = 0;
};

struct SolveOptions {
  // Wall-clock budget for the whole solve; 0 = no limit.
  double time_limit_seconds = 5.0;
  // Called now and then during long searches (from the solving thread).
  std::function<void(const SolveProgress&)> progress;
  // Set from outside (e.g. on SIGINT) to stop the search early; the best
  // plan found so far is returned.
  const std::atomic<bool>* cancel = nullptr;
};

struct SolveResult {
  Plan plan;
  int64_t height = 0;
  int64_t lower_bound = 0;
  bool optimal = false;  // height proved minimal
  double seconds = 0;
  std::string method;  // which solver produced the plan
};

// Places the buffers (shared groups at one address) minimising the height.
// Never returns a plan higher than TflmGreedyPlan on the collapsed problem.
// Throws arenaplan::Error(kInfeasible) when pinned buffers collide.
SolveResult Solve(const Problem& problem, const SolveOptions& options);

}  // namespace arenaplan
