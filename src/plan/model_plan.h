// The model path end to end: a validated model's buffer list becomes a
// problem, is solved, compared with TFLM's greedy and verified.
#pragma once

#include <string>

#include "model/buffer_list.h"
#include "model/model.h"
#include "problem/problem.h"
#include "solve/solver.h"

namespace arenaplan {

struct ModelPlan {
  std::string label;  // the model's file name, for messages
  Model model;
  BufferList list;
  Problem problem;
  SolveResult solve;          // the plan arenaplan gives (verified)
  Plan tflm_greedy_plan;      // what TFLM's own planner would do
  int64_t tflm_greedy_height = 0;
};

// Solves and verifies. Throws arenaplan::Error(kInfeasible) when the
// model's pinned buffers overlap while alive together.
ModelPlan PlanModel(Model model, BufferList list, const std::string& label,
                    const SolveOptions& options);

}  // namespace arenaplan
