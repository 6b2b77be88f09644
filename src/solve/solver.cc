#include "solve/solver.h"

#include <chrono>

#include "problem/lower_bound.h"
#include "solve/tflm_greedy.h"

namespace arenaplan {

SolveResult Solve(const Problem& problem, const SolveOptions& options) {
  (void)options;
  const auto start = std::chrono::steady_clock::now();
  ValidateProblem(problem);
  const CollapsedProblem collapsed = CollapseGroups(problem);
  SolveResult result;
  result.plan = ExpandPlan(collapsed, TflmGreedyPlan(collapsed.collapsed));
  result.method = "tflm-greedy";
  result.height = PlanHeight(problem, result.plan);
  result.lower_bound = MaxLiveLowerBound(problem);
  result.optimal = result.height == result.lower_bound;
  result.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  return result;
}

}  // namespace arenaplan
