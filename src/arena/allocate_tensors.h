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
#include <optional>
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

// Every op's Init/Prepare arena use (the library's ArenaRule) on the model's
// prepared shapes: the same for every replay of one model, library and ABI.
struct KernelUses {
  std::vector<std::vector<std::vector<int32_t>>> shapes;  // PreparedShapes
  std::vector<std::vector<std::optional<KernelArenaUse>>> uses;  // [s][op]
};
KernelUses KernelUsesOf(const Model& model, const KernelOptions& kernels,
                        Abi abi, const std::string& label);

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
  // Keep every row in AllocateTensorsResult::events (the allocation log);
  // otherwise only the peak row is kept.
  bool record_events = false;
  // Precomputed KernelUsesOf(model, kernels, abi) to share between replays
  // (nullptr: computed here).
  const KernelUses* uses = nullptr;
};

struct AllocateTensorsResult {
  std::vector<ArenaEvent> events;
  int64_t head = 0;
  int64_t tail = 0;  // persistent bytes after AllocateTensors
  std::array<int64_t, kTailCategoryCount> tail_by_category{};
  int64_t peak = 0;  // the ground truth's planning_peak_bytes
  size_t peak_event = 0;
  ArenaEvent peak_row;  // the state at the peak
  // The most arena any call up to the planner's needs (Prepare
  // temporaries, the AllocationInfo array, the planner's tables): min_arena
  // is this or head + tail, whichever is larger, rounded up to 16.
  int64_t planning_need = 0;
  // peak and its row over the calls up to the planner's (no call before the
  // head reservation depends on the head).
  int64_t planning_peak = 0;
  ArenaEvent planning_peak_row;
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

// The same AllocateTensors with the planner reporting `head` instead: every
// call before the head reservation is the same, and after it the arena needs
// head + tail, so head, peak and min_arena follow (the log is dropped).
AllocateTensorsResult WithHead(AllocateTensorsResult result, int64_t head);

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
