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
  // Wall-clock budget for the whole solve; 0 = no limit. A search cut by
  // the clock returns the best plan found so far, which can differ between
  // runs; a finished search (a proof) or a node_limit run is deterministic.
  double time_limit_seconds = 5.0;
  // Deterministic budget: search nodes for the exact search (0 = no limit).
  // With a node limit the result does not depend on timing as long as the
  // time limit is not reached first.
  int64_t node_limit = 0;
  // Worker threads for the exact search (1 or more). The result does not
  // depend on it except through timing.
  int threads = 2;
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
  int64_t nodes = 0;   // exact search nodes explored
};

// Places the buffers (shared groups at one address) minimising the height.
// Never returns a plan higher than TflmGreedyPlan on the collapsed problem.
// Throws arenaplan::Error(kInfeasible) when pinned buffers collide.
SolveResult Solve(const Problem& problem, const SolveOptions& options);

}  // namespace arenaplan
