#include "plan/model_plan.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "plan/model_problem.h"
#include "plan/pin_checks.h"
#include "plan/verifier.h"
#include "problem/error.h"
#include "problem/lower_bound.h"
#include "solve/tflm_greedy.h"

namespace arenaplan {
namespace {

// Buffer indices of the preserved tensors, ascending.
std::vector<int32_t> PreservedBuffers(const BufferList& list,
                                      const PlanOptions& options,
                                      const std::string& label) {
  std::set<int32_t> chosen;
  for (const std::string& name : options.preserve) {
    bool found = false;
    for (size_t i = 0; i < list.buffers.size(); ++i) {
      const ModelBuffer& b = list.buffers[i];
      if (b.kind == BufferKind::kTensor && b.name == name) {
        chosen.insert(static_cast<int32_t>(i));
        found = true;
      }
    }
    if (!found) {
      throw Error(label + ": --preserve: no tensor named '" + name +
                      "' is planned in the arena",
                  ExitCode::kUsage);
    }
  }
  if (options.preserve_all) {
    for (size_t i = 0; i < list.buffers.size(); ++i) {
      if (list.buffers[i].kind == BufferKind::kTensor) {
        chosen.insert(static_cast<int32_t>(i));
      }
    }
  }
  return {chosen.begin(), chosen.end()};
}

}  // namespace

ModelPlan PlanModel(Model model, BufferList list, const std::string& label,
                    const PlanOptions& options) {
  ModelPlan result;
  result.label = label;
  result.inplace = options.inplace;
  result.preserved = PreservedBuffers(list, options, label);
  Problem unshared = ProblemFromBufferList(list);
  std::vector<bool> is_preserved(list.buffers.size(), false);
  const int64_t end_of_run = static_cast<int64_t>(list.steps.size());
  for (int32_t i : result.preserved) {
    is_preserved[i] = true;
    Buffer& b = unshared.buffers[i];
    b.upper = std::max(b.upper, end_of_run);
  }
  result.baseline_lower_bound = MaxLiveLowerBound(unshared);
  result.tflm_greedy_plan = TflmGreedyPlan(unshared);
  result.tflm_greedy_height = PlanHeight(unshared, result.tflm_greedy_plan);

  result.shared_pairs =
      FindSharedPairs(model, list, options.inplace, is_preserved);
  result.problem = unshared;
  result.problem.groups =
      GroupsFromPairs(result.shared_pairs, list.buffers.size());
  if (options.inplace != InplaceMode::kElementwise) {
    Problem elementwise = unshared;
    elementwise.groups = GroupsFromPairs(
        FindSharedPairs(model, list, InplaceMode::kElementwise, is_preserved),
        list.buffers.size());
    result.elementwise_lower_bound = MaxLiveLowerBound(elementwise);
  }

  result.solve = Solve(result.problem, options.solve);
  if (!result.problem.groups.empty() && !result.solve.optimal) {
    // Sharing never makes the arena larger than planning without it. The
    // second search gets what is left of the time limit (at least a tenth).
    SolveOptions second = options.solve;
    if (second.time_limit_seconds > 0) {
      second.time_limit_seconds =
          std::max(second.time_limit_seconds - result.solve.seconds,
                   second.time_limit_seconds / 10);
    }
    SolveResult alone = Solve(unshared, second);
    if (alone.height < result.solve.height) {
      result.sharing_dropped = true;
      result.shared_pairs.clear();
      result.problem = unshared;
      result.solve = std::move(alone);
    }
  }
  RequireValidPlan(result.problem, result.solve.plan);
  result.peak = ExplainPeak(model, list, result.problem);
  result.warnings = model.warnings;
  for (std::string& w : PinOverlapWarnings(model, list)) {
    result.warnings.push_back(std::move(w));
  }
  const int32_t unaligned = FirstUnalignedPin(list);
  if (unaligned >= 0) {
    // TFLM's greedy planner places buffers at the end of others, so after
    // a pin off the 16-byte grid the rest follow it off the grid; the
    // checking planner (runtime/) accepts only 16-aligned unpinned buffers.
    result.bound_for_16_aligned_only = true;
    const ModelBuffer& b = list.buffers[unaligned];
    std::string line =
        "subgraph " + std::to_string(b.subgraph) + " tensor " +
        std::to_string(b.index) + (b.name.empty() ? "" : " (" + b.name + ")") +
        " is pinned at offset " + std::to_string(*b.pinned_offset) +
        ", not a multiple of 16: the lower bound and the plan hold for plans "
        "that keep the other buffers 16-aligned";
    if (result.tflm_greedy_height < result.solve.height) {
      result.solve.optimal = false;
      line +=
          "; TFLM's greedy planner, placing them off the 16-byte grid, "
          "needs " +
          std::to_string(result.tflm_greedy_height) + " bytes, " +
          std::to_string(result.solve.height - result.tflm_greedy_height) +
          " less than this plan (not optimal, but the checking planner "
          "accepts only 16-aligned buffers)";
    }
    result.warnings.push_back(line);
  }
  result.model = std::move(model);
  result.list = std::move(list);
  return result;
}

ModelPlan PlanModel(Model model, BufferList list, const std::string& label,
                    const SolveOptions& options) {
  PlanOptions plan_options;
  plan_options.solve = options;
  return PlanModel(std::move(model), std::move(list), label, plan_options);
}

}  // namespace arenaplan

namespace arenaplan {
namespace {

std::string PercentBelow(int64_t value, int64_t base) {
  if (base == 0) return "0.0%";
  char text[32];
  std::snprintf(
      text, sizeof(text), "%.1f%%",
      100.0 * static_cast<double>(base - value) / static_cast<double>(base));
  return text;
}

}  // namespace

std::string SharingText(const ModelPlan& plan) {
  std::string text =
      "in-place:     " + std::string(InplaceModeName(plan.inplace)) + ", " +
      std::to_string(plan.shared_pairs.size()) +
      " shared pair(s); bound without sharing " +
      std::to_string(plan.baseline_lower_bound) + " bytes";
  if (plan.solve.lower_bound < plan.baseline_lower_bound) {
    text += ", with sharing " + std::to_string(plan.solve.lower_bound) +
            " bytes (-" +
            PercentBelow(plan.solve.lower_bound, plan.baseline_lower_bound) +
            ")";
  }
  text += "\n";
  if (plan.sharing_dropped) {
    text += "              sharing dropped: the plan without it is smaller\n";
  }
  if (plan.elementwise_lower_bound) {
    const int64_t bound = *plan.elementwise_lower_bound;
    text += "elementwise:  --inplace elementwise would bring the bound to " +
            std::to_string(bound) + " bytes (" +
            (bound < plan.solve.lower_bound
                 ? "-" + PercentBelow(bound, plan.solve.lower_bound) +
                       " from this plan's bound)\n"
                 : "no lower than this plan's bound)\n");
  }
  if (!plan.preserved.empty()) {
    text += "preserved:    " + std::to_string(plan.preserved.size()) +
            " tensor(s) kept readable after Invoke\n";
  }
  return text;
}

}  // namespace arenaplan
