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
                        bool record_events, int64_t log_arena_size) {
  RouteArena out;
  out.route = route;
  out.head = head;
  ArenaSetup setup;
  setup.abi = abi;
  setup.kernels = kernels;
  setup.head = head;
  setup.arena_size = log_arena_size;
  setup.record_events = record_events;
  setup.planner = route == ArenaRoute::kHeader ? ArenaPlanner::kNoTables
                                               : ArenaPlanner::kGreedy;
  out.allocation = SimulateAllocateTensors(model, list, setup, label);
  out.bytes = out.allocation.min_arena;
  if (route != ArenaRoute::kHeader) {
    setup.planner_in_arena = true;
    setup.record_events = false;
    out.interpreter4_bytes =
        SimulateAllocateTensors(model, list, setup, label).min_arena;
  }
  return out;
}

ArenaRequirement ComputeArenaRequirement(const ModelPlan& plan,
                                         const BufferList& arena_list,
                                         bool plan_is_complete, Abi abi,
                                         const KernelOptions& kernels) {
  ArenaRequirement out;
  out.abi = abi;
  out.kernels = kernels;
  int64_t handles = 0;
  for (const ModelSubgraph& sg : plan.model.subgraphs) {
    for (const ModelOperator& op : sg.operators) {
      handles += OperatorName(op) == "VAR_HANDLE";
    }
  }
  out.resource_variables = handles;
  // One replay per planner placement serves every head (WithHead).
  const KernelUses uses = KernelUsesOf(plan.model, kernels, abi, plan.label);
  ArenaSetup setup;
  setup.abi = abi;
  setup.kernels = kernels;
  setup.uses = &uses;
  const AllocateTensorsResult greedy =
      SimulateAllocateTensors(plan.model, arena_list, setup, plan.label);
  setup.planner_in_arena = true;
  const AllocateTensorsResult greedy4 =
      SimulateAllocateTensors(plan.model, arena_list, setup, plan.label);
  setup.planner_in_arena = false;
  setup.planner = ArenaPlanner::kNoTables;
  const AllocateTensorsResult none =
      SimulateAllocateTensors(plan.model, arena_list, setup, plan.label);
  const auto add = [&](ArenaRoute route, int64_t head) {
    RouteArena r;
    r.route = route;
    r.head = head;
    r.allocation = WithHead(route == ArenaRoute::kHeader ? none : greedy, head);
    r.bytes = r.allocation.min_arena;
    // The planner object in the arena: MicroAllocator::Create(arena, size),
    // made by MicroInterpreter(model, resolver, arena, size) or, with
    // resource variables, by the application before them.
    if (route != ArenaRoute::kHeader) {
      r.interpreter4_bytes = WithHead(greedy4, head).min_arena;
    }
    out.routes.push_back(std::move(r));
  };
  if (plan_is_complete) {
    add(ArenaRoute::kHeader, plan.solve.height);
  } else {
    out.notes.push_back(
        "header: the plan lacks the kernels' scratch buffers (pass "
        "--recorded), so its head is not the device's");
  }
  // Route B: the plan's tensor offsets pinned, scratch placed online
  // (plan/tflm_route.h; when --tflite made the plan that layout, the same).
  // With preserved tensors PlanTflmRoute may raise them first: only the
  // layout it made is stated.
  if (plan.preserved.empty() || plan.tflite_route) {
    BufferList pinned = arena_list;
    for (size_t i = 0; i < plan.list.tensor_count && i < pinned.buffers.size();
         ++i) {
      pinned.buffers[i].pinned_offset =
          static_cast<int32_t>(plan.solve.plan.offsets[i]);
    }
    add(ArenaRoute::kTflite, TflmGreedyHead(pinned));
  } else {
    out.notes.push_back(
        "tflite: with preserved tensors, pass --tflite to have route B's "
        "layout made and its arena stated");
  }
  // PlanModel's greedy figure is TFLM's unless --preserve lengthened lives.
  const bool same_list =
      arena_list.buffers.size() == plan.list.buffers.size() &&
      plan.preserved.empty();
  add(ArenaRoute::kStock,
      same_list ? plan.tflm_greedy_height : TflmGreedyHead(arena_list));
  if (handles > 0) {
    out.notes.push_back(
        "includes MicroResourceVariables::Create(allocator, " +
        std::to_string(handles) +
        ") made in the arena before the interpreter (one per VAR_HANDLE op)");
  }
  out.unmodelled = greedy.unmodelled;
  out.unsupported = greedy.unsupported;
  return out;
}

std::string ExactFor(Abi abi, const KernelOptions& kernels) {
  return std::string("TFLM 90b983c2, ") + AbiName(abi) +
         (abi == Abi::kHost64 ? " (LP64)" : " (32-bit Arm EABI)") + ", " +
         KernelLibraryName(kernels.library) + " kernels";
}

}  // namespace arenaplan
