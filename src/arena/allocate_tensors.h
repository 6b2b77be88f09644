// TFLM's MicroInterpreter::AllocateTensors() replayed on the arena model
// (arena_allocator.h), call for call: MicroAllocator::Create, the
// MicroResourceVariables, StartModelAllocation, the builtin-data parse
// (PrepareNodeAndRegistrationDataFromFlatbuffer), every kernel's Init and
// Prepare (the kernel library's ArenaRule) with FinishPrepareNodeAllocations
// after each, FinishModelAllocation (scratch handles, the AllocationInfo
// temporaries, variable tensors, the planner's arena, the head reservation)
// and the input/output TfLiteTensors. Follows micro_interpreter.cc,
// micro_interpreter_graph.cc, micro_allocator.cc and
// micro_allocation_info.cc of TFLM 90b983c2.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "arena/arena_allocator.h"
#include "kernels/kernel_arena.h"
#include "model/buffer_list.h"
#include "model/model.h"

namespace arenaplan {

// What plans the head, as it matters to the arena.
enum class ArenaPlanner {
  kGreedy,    // TFLM's GreedyMemoryPlanner: 40 bytes of its tables per buffer
              // in the planner arena while planning
  kNoTables,  // a planner that keeps nothing in the arena (arenaplan's
              // checking planner, TFLM's NonPersistentMemoryPlannerShim)
};

struct ArenaSetup {
  Abi abi = Abi::kCortexM;
  KernelOptions kernels;
  ArenaPlanner planner = ArenaPlanner::kGreedy;
  // MicroInterpreter(model, resolver, arena, size): MicroAllocator::Create
  // puts a GreedyMemoryPlanner object in the tail, between the allocator
  // objects. false: the planner lives outside the arena
  // (MicroAllocator::Create(arena, size, &planner)).
  bool planner_in_arena = false;
  // The head the planner reports (GetMaximumMemorySize()), which TFLM
  // reserves after planning. The shim reports 0.
  int64_t head = 0;
  // Only for the log's offsets and the planner-arena size (all free
  // memory): 16 MiB, as the ground truth's armv7em32 runs.
  int64_t arena_size = int64_t{1} << 24;
};

struct AllocateTensorsResult {
  std::vector<ArenaEvent> events;
  int64_t head = 0;
  int64_t tail = 0;  // persistent bytes after AllocateTensors
  std::array<int64_t, kTailCategoryCount> tail_by_category{};
  int64_t peak = 0;  // the ground truth's planning_peak_bytes
  size_t peak_event = 0;
  // The smallest arena for which every call succeeds (a multiple of 16,
  // for an arena whose start and end are 16-byte aligned).
  int64_t min_arena = 0;
  // Ops whose arena use is not modelled ("subgraph 0 op 3 (CUSTOM:Foo):
  // reason"); min_arena is then not a statement about TFLM.
  std::vector<std::string> unmodelled;
  // Ops TFLM has no kernel for: AllocateTensors fails at any size.
  std::vector<std::string> unsupported;
  bool exact() const { return unmodelled.empty() && unsupported.empty(); }
};

// `list` is the model's complete AddBuffer list (tensors, then every scratch
// buffer, whose lifetimes tie each to its op). Throws arenaplan::Error
// ("<label>: <phase> of subgraph s op i (NAME): ...") on a model the earlier
// stages would have refused, and where an allocation's size is negative or
// the arena would pass kMaxArenaBytes (arena_allocator.h).
AllocateTensorsResult SimulateAllocateTensors(const Model& model,
                                              const BufferList& list,
                                              const ArenaSetup& setup,
                                              const std::string& label);

}  // namespace arenaplan
