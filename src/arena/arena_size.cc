#include "arena/arena_size.h"

#include "arena/abi_layout.h"
#include "plan/model_problem.h"
#include "solve/tflm_greedy.h"

namespace arenaplan {

const char* ArenaRouteName(ArenaRoute route) {
  switch (route) {
    case ArenaRoute::kHeader:
      return "header";
    case ArenaRoute::kTflite:
      return "tflite";
    case ArenaRoute::kStock:
      return "stock";
  }
  return "?";
}

const RouteArena* ArenaRequirement::Find(ArenaRoute route) const {
  for (const RouteArena& r : routes) {
    if (r.route == route) return &r;
  }
  return nullptr;
}

int64_t TflmGreedyHead(const BufferList& list) {
  const Problem problem = ProblemFromBufferList(list);
  return PlanHeight(problem, TflmGreedyPlan(problem));
}

RouteArena RouteArenaOf(const Model& model, const BufferList& list,
                        ArenaRoute route, int64_t head, Abi abi,
                        const KernelOptions& kernels, const std::string& label,
                        int64_t log_arena_size) {
  RouteArena out;
  out.route = route;
  out.head = head;
  ArenaSetup setup;
  setup.abi = abi;
  setup.kernels = kernels;
  setup.head = head;
  setup.arena_size = log_arena_size;
  setup.planner = route == ArenaRoute::kHeader ? ArenaPlanner::kNoTables
                                               : ArenaPlanner::kGreedy;
  out.allocation = SimulateAllocateTensors(model, list, setup, label);
  out.bytes = out.allocation.min_arena;
  if (route != ArenaRoute::kHeader) {
    setup.planner_in_arena = true;
    out.interpreter4_bytes =
        SimulateAllocateTensors(model, list, setup, label).min_arena;
  }
  return out;
}

std::string ExactFor(Abi abi, const KernelOptions& kernels) {
  return std::string("TFLM 90b983c2, ") + AbiName(abi) +
         (abi == Abi::kHost64 ? " (LP64)" : " (32-bit Arm EABI)") + ", " +
         KernelLibraryName(kernels.library) + " kernels";
}

}  // namespace arenaplan
