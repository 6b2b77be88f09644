// The model path end to end: a validated model's buffer list becomes a
// problem (preserved tensors live to the end, in-place pairs share one
// address), is solved, compared with TFLM's greedy and verified.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/buffer_list.h"
#include "model/model.h"
#include "plan/inplace.h"
#include "plan/peak.h"
#include "problem/problem.h"
#include "solve/solver.h"

namespace arenaplan {

struct PlanOptions {
  SolveOptions solve;
  InplaceMode inplace = InplaceMode::kSafe;
  // Tensors the application reads after Invoke: they live to the last time
  // step and never share in place.
  std::vector<std::string> preserve;
  bool preserve_all = false;  // every planned tensor (not scratch)
};

// The layout TFLM reaches on the device from an offline-plan .tflite
// (plan/tflm_route.h); set when one is requested. The plan then is that
// layout: solve.height is the head TFLM reaches.
struct TflmRoute {
  int64_t planned_height = 0;     // the solver's plan, before the simulation
  size_t online_buffers = 0;      // placed by TFLM's greedy planner (scratch)
  bool scratch_complete = false;  // every scratch buffer TFLM adds is known
  // Preserved tensors were raised above every online buffer (the plan's
  // pins let TFLM put scratch on them).
  bool preserved_raised = false;
  // Preserved tensors proven intact (false only when scratch is unknown).
  bool preserved_guaranteed = true;
};

struct ModelPlan {
  std::string label;  // the model's file name, for messages
  Model model;
  BufferList list;
  Problem problem;  // with the preserved lifetimes and the groups
  InplaceMode inplace = InplaceMode::kSafe;
  std::vector<SharedPair> shared_pairs;  // the sharing the plan uses
  std::vector<int32_t> preserved;        // buffers kept to the end
  // True when sharing was found but the plan without it came out smaller
  // (possible only when neither plan is proven optimal); the plan then
  // shares nothing.
  bool sharing_dropped = false;
  int64_t baseline_lower_bound = 0;  // the same problem without sharing
  // The bound --inplace elementwise would give; set when mode differs.
  std::optional<int64_t> elementwise_lower_bound;
  SolveResult solve;      // the plan arenaplan gives (verified)
  PeakReport peak;        // where solve.lower_bound is reached
  Plan tflm_greedy_plan;  // TFLM's own planner on the unshared problem
  int64_t tflm_greedy_height = 0;
  std::optional<TflmRoute> tflite_route;
  // A pinned offset is not a multiple of 16: solve.lower_bound and
  // solve.optimal then hold for plans that keep the unpinned buffers
  // 16-aligned (the checking planner requires it), while TFLM's greedy
  // planner puts them off that grid and may need less; when it does,
  // solve.optimal is false.
  bool bound_for_16_aligned_only = false;
  // One line each, without the file name: the model's (Model::warnings),
  // then the plan's (pins, alignment).
  std::vector<std::string> warnings;
};

// Solves and verifies. Pinned buffers are taken as given, as TFLM does, also
// when they overlap (then a line in `warnings`). Throws
// arenaplan::Error(kUsage) for a --preserve name no planned tensor has.
ModelPlan PlanModel(Model model, BufferList list, const std::string& label,
                    const PlanOptions& options);

// Default plan options (in-place mode safe, nothing preserved).
ModelPlan PlanModel(Model model, BufferList list, const std::string& label,
                    const SolveOptions& options);

}  // namespace arenaplan

namespace arenaplan {

// CLI lines on sharing: the mode, the pairs' count, the bound without and
// with sharing, and what --inplace elementwise would reach when not used.
std::string SharingText(const ModelPlan& plan);

}  // namespace arenaplan
