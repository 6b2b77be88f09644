#include "plan/tflm_route.h"

#include <algorithm>
#include <optional>

#include "plan/model_problem.h"
#include "plan/verifier.h"
#include "problem/error.h"
#include "solve/tflm_greedy.h"

namespace arenaplan {
namespace {

// `problem` without the buffers marked in `drop`; groups renumbered (a
// group loses dropped members, and disappears below two). `kept[j]` is the
// original index of buffer j.
Problem Without(const Problem& problem, const std::vector<bool>& drop,
                std::vector<int32_t>& kept) {
  Problem rest;
  rest.pinned_may_overlap = problem.pinned_may_overlap;
  std::vector<int32_t> index(problem.buffers.size(), -1);
  kept.clear();
  for (size_t i = 0; i < problem.buffers.size(); ++i) {
    if (drop[i]) continue;
    index[i] = static_cast<int32_t>(kept.size());
    kept.push_back(static_cast<int32_t>(i));
    rest.buffers.push_back(problem.buffers[i]);
  }
  for (const SharedGroup& g : problem.groups) {
    SharedGroup renumbered;
    for (int32_t m : g.members) {
      if (index[m] >= 0) renumbered.members.push_back(index[m]);
    }
    if (renumbered.members.size() >= 2) rest.groups.push_back(renumbered);
  }
  return rest;
}

int64_t RoundUp16(int64_t value) { return (value + 15) / 16 * 16; }

// Tensor pins with the `raised` preserved tensors above every other buffer
// of TFLM's layout: TFLM's greedy placement of the rest (raised tensors
// left out), then the raised tensors packed on top of its head. Once they
// are added, TFLM places every online buffer where it did without them: in
// each placement the gaps below the head are the same, and a buffer that
// went to the head's end fits below the raised ones.
std::vector<int64_t> RaisedPins(const ModelPlan& plan,
                                const std::vector<bool>& raised,
                                std::vector<int64_t> pins) {
  Problem tflm = ProblemFromBufferList(plan.list);
  for (size_t i = 0; i < tflm.buffers.size(); ++i) {
    tflm.buffers[i].fixed_offset.reset();
    if (i < plan.list.tensor_count) tflm.buffers[i].fixed_offset = pins[i];
  }
  std::vector<int32_t> kept;
  const Problem rest = Without(tflm, raised, kept);
  const int64_t head = RoundUp16(PlanHeight(rest, TflmGreedyPlan(rest)));
  // Raised tensors all live to the end, so any valid packing stacks them;
  // TFLM's greedy order does (sizes are multiples of 16).
  std::vector<bool> not_raised(raised.size());
  for (size_t i = 0; i < raised.size(); ++i) not_raised[i] = !raised[i];
  std::vector<int32_t> top_index;
  Problem top = Without(plan.problem, not_raised, top_index);
  top.groups.clear();
  const Plan stacked = TflmGreedyPlan(top);
  for (size_t k = 0; k < top_index.size(); ++k) {
    pins[top_index[k]] = head + stacked.offsets[k];
  }
  return pins;
}

// The preserved tensors on which TFLM's layout puts an online buffer while
// arenaplan keeps them alive; `first` describes the first in one line.
std::vector<int32_t> PreservedOverwritten(const ModelPlan& plan,
                                          const Plan& layout,
                                          std::string& first) {
  std::vector<int32_t> hit;
  for (int32_t p : plan.preserved) {
    const Buffer& kept = plan.problem.buffers[p];
    for (size_t o = plan.list.tensor_count; o < plan.list.buffers.size(); ++o) {
      const Buffer& online = plan.problem.buffers[o];
      if (layout.offsets[o] >= layout.offsets[p] + kept.size ||
          layout.offsets[p] >= layout.offsets[o] + online.size ||
          !LifetimesConflict(kept, online)) {
        continue;
      }
      if (hit.empty()) {
        first = plan.list.buffers[o].name + " (" + std::to_string(online.size) +
                " B at offset " + std::to_string(layout.offsets[o]) +
                ") would overwrite preserved tensor '" +
                plan.list.buffers[p].name + "' (offset " +
                std::to_string(layout.offsets[p]) + ")";
      }
      hit.push_back(p);
      break;
    }
  }
  return hit;
}

struct Candidate {
  Plan layout;
  int64_t head = 0;
  bool raised = false;
};

}  // namespace

bool ScratchComplete(const BufferList& list) {
  return list.scratch_recorded || list.scratch_ops.empty();
}

Plan SimulateTflmPlacement(const BufferList& list,
                           const std::vector<int64_t>& tensor_offsets) {
  Problem problem = ProblemFromBufferList(list);
  for (size_t i = 0; i < problem.buffers.size(); ++i) {
    problem.buffers[i].fixed_offset.reset();
    if (i < list.tensor_count) {
      problem.buffers[i].fixed_offset = tensor_offsets[i];
    }
  }
  return TflmGreedyPlan(problem);
}

void PlanTflmRoute(ModelPlan& plan, const SolveOptions& options) {
  TflmRoute route;
  route.planned_height = plan.solve.height;
  route.online_buffers = plan.list.buffers.size() - plan.list.tensor_count;
  route.scratch_complete = ScratchComplete(plan.list);
  route.preserved_guaranteed = route.scratch_complete || plan.preserved.empty();
  const size_t tensors = plan.list.tensor_count;
  const std::vector<int64_t> planned(plan.solve.plan.offsets.begin(),
                                     plan.solve.plan.offsets.begin() + tensors);
  // Simulates `pins`; a candidate when the layout keeps every promise,
  // else the preserved tensors it overwrites (and `failure` says why).
  std::string failure;
  std::vector<int32_t> overwritten;
  const auto attempt = [&](const std::vector<int64_t>& pins,
                           bool raised) -> std::optional<Candidate> {
    Candidate c{SimulateTflmPlacement(plan.list, pins), 0, raised};
    const VerifyResult check = VerifyPlan(plan.problem, c.layout);
    if (!check.ok) {  // the last attempt's reason is the one reported
      overwritten = PreservedOverwritten(plan, c.layout, failure);
      if (overwritten.empty()) failure = check.message;
      if (raised) failure += " (with preserved tensors raised)";
      return std::nullopt;
    }
    c.head = PlanHeight(plan.problem, c.layout);
    return c;
  };
  std::optional<Candidate> chosen = attempt(planned, false);
  // Raise the preserved tensors TFLM overwrites above every online buffer,
  // adding those the new layout overwrites until none is (a tensor the
  // model itself pins cannot move).
  std::vector<bool> raise(plan.problem.buffers.size(), false);
  bool raised_any = false;
  while (!chosen) {
    bool grew = false;
    for (int32_t p : overwritten) {
      if (!raise[p] && !plan.problem.buffers[p].fixed_offset) {
        raise[p] = grew = raised_any = true;
      }
    }
    if (!grew) break;
    chosen = attempt(RaisedPins(plan, raise, planned), true);
  }
  if (chosen && raised_any) {
    // Raising every movable preserved tensor, and pins from a fresh solve
    // without the raised tensors, may give a smaller head: the smallest
    // wins (the earlier on a tie).
    std::vector<bool> all(plan.problem.buffers.size(), false);
    for (int32_t p : plan.preserved) {
      all[p] = !plan.problem.buffers[p].fixed_offset;
    }
    for (const std::vector<bool>* set : {&raise, &all}) {
      std::vector<int32_t> kept;
      const Problem rest = Without(plan.problem, *set, kept);
      const SolveResult solved = Solve(rest, options);
      std::vector<int64_t> pins = planned;
      for (size_t k = 0; k < kept.size(); ++k) {
        if (static_cast<size_t>(kept[k]) < tensors) {
          pins[kept[k]] = solved.plan.offsets[k];
        }
      }
      for (const std::vector<int64_t>* base :
           {&planned, static_cast<const std::vector<int64_t>*>(&pins)}) {
        std::optional<Candidate> other =
            attempt(RaisedPins(plan, *set, *base), true);
        if (other && other->head < chosen->head) chosen = std::move(other);
      }
    }
  }
  if (!chosen) {
    throw Error(plan.label +
                    ": --tflite: no pins keep arenaplan's promises on the "
                    "device: " +
                    failure,
                ExitCode::kInfeasible);
  }
  route.preserved_raised = chosen->raised;
  RequireValidPlan(plan.problem, chosen->layout);
  plan.solve.optimal =
      chosen->head <= plan.solve.lower_bound ||
      (plan.solve.optimal && chosen->head == route.planned_height);
  plan.solve.height = chosen->head;
  plan.solve.plan = std::move(chosen->layout);
  plan.tflite_route = route;
}

std::string TflmRouteExactFor(const ModelPlan& plan,
                              const std::string& scratch) {
  const std::string text = "TFLM 90b983c2 GreedyMemoryPlanner, ";
  if (!ScratchComplete(plan.list)) return text + "tensors only";
  if (!scratch.empty()) return text + "scratch: " + scratch;
  if (plan.list.scratch_recorded) {
    return text + "scratch buffers as recorded (that kernel build only)";
  }
  return text +
         "reference kernels (no op requests scratch; other kernel "
         "libraries may add some)";
}

}  // namespace arenaplan
