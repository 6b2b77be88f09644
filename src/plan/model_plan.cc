#include "plan/model_plan.h"

#include "plan/model_problem.h"
#include "plan/verifier.h"
#include "problem/error.h"
#include "solve/tflm_greedy.h"

namespace arenaplan {

ModelPlan PlanModel(Model model, BufferList list, const std::string& label,
                    const SolveOptions& options) {
  ModelPlan result;
  result.label = label;
  result.problem = ProblemFromBufferList(list);
  result.tflm_greedy_plan = TflmGreedyPlan(result.problem);
  result.tflm_greedy_height =
      PlanHeight(result.problem, result.tflm_greedy_plan);
  result.solve = Solve(result.problem, options);
  RequireValidPlan(result.problem, result.solve.plan);
  result.model = std::move(model);
  result.list = std::move(list);
  return result;
}

}  // namespace arenaplan
