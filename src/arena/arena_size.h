// arena_bytes_required: the smallest `arena_size` for which TFLM 90b983c2's
// AllocateTensors() succeeds, per route, for an arena that starts (and,
// with a size that is a multiple of 16, ends) 16-byte aligned:
//   header  route A: the C++ header's BufferPlan behind arenaplan's checking
//           planner (runtime/verifying_planner.h), which keeps nothing in
//           the arena and reports the plan's head;
//   tflite  route B: the offline-plan .tflite with TFLM's GreedyMemoryPlanner
//           (pinned tensors, scratch planned on the device around them);
//   stock   the model as it is with TFLM's GreedyMemoryPlanner.
// In all three the planner object lives outside the arena, as with
// MicroAllocator::Create(arena, size, &planner); `interpreter4` is the
// figure with TFLM's own GreedyMemoryPlanner object in the tail, as
// MicroAllocator::Create(arena, size) makes it: the usual
// MicroInterpreter(model, resolver, arena, size), or, for a model with
// resource variables, MicroAllocator::Create(arena, size) followed by
// MicroResourceVariables::Create and MicroInterpreter(model, resolver,
// allocator, variables) (what ESPHome's micro_wake_word does).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arena/allocate_tensors.h"
#include "model/buffer_list.h"
#include "model/model.h"
#include "plan/model_plan.h"

namespace arenaplan {

// Add this to the declared size when the array is not alignas(16):
// MicroAllocator::Create aligns the start up to 16 (up to 15 bytes lost)
// and every tail address only rises with the end.
constexpr int64_t kUnalignedArenaExtra = 15;

enum class ArenaRoute { kHeader, kTflite, kStock };
const char* ArenaRouteName(ArenaRoute route);  // "header", "tflite", "stock"

struct RouteArena {
  ArenaRoute route = ArenaRoute::kStock;
  int64_t head = 0;  // what the planner reports and TFLM reserves
  AllocateTensorsResult allocation;  // planner outside the arena
  int64_t bytes = 0;                 // arena_bytes_required (multiple of 16)
  // The planner object in the arena (greedy routes only); see the top.
  std::optional<int64_t> interpreter4_bytes;
};

struct ArenaRequirement {
  Abi abi = Abi::kCortexM;
  KernelOptions kernels;
  std::vector<RouteArena> routes;  // in the order asked
  // Empty when every op's arena use is modelled and TFLM can run every op:
  // the numbers are then exact for TFLM 90b983c2, the ABI and the library.
  std::vector<std::string> unmodelled;
  std::vector<std::string> unsupported;
  std::vector<std::string> notes;  // routes left out, and why
  // VAR_HANDLE ops: MicroResourceVariables is made in the arena first.
  int64_t resource_variables = 0;
  bool exact() const { return unmodelled.empty() && unsupported.empty(); }
  const RouteArena* Find(ArenaRoute route) const;
};

// The head TFLM's GreedyMemoryPlanner reaches on `list` (pinned buffers at
// their offsets, the rest placed online), as TFLM computes it.
int64_t TflmGreedyHead(const BufferList& list);

// One route: simulates AllocateTensors with the route's planner and `head`.
RouteArena RouteArenaOf(const Model& model, const BufferList& list,
                        ArenaRoute route, int64_t head, Abi abi,
                        const KernelOptions& kernels, const std::string& label,
                        bool record_events = false,
                        int64_t log_arena_size = int64_t{1} << 24);

// Every route for a verified plan. `arena_list` is TFLM's complete
// AddBuffer list for the kernel build (tensors and every scratch buffer);
// `plan_is_complete`: the plan places that very list (its scratch included),
// so its head is route A's. Route A is left out otherwise, with a note.
// Route B pins the plan's tensor offsets and lets TFLM's greedy place the
// scratch buffers around them (emit/offline_tflite.h).
ArenaRequirement ComputeArenaRequirement(const ModelPlan& plan,
                                         const BufferList& arena_list,
                                         bool plan_is_complete, Abi abi,
                                         const KernelOptions& kernels);

// "exact for TFLM 90b983c2, cortex-m (32-bit Arm EABI), reference kernels".
std::string ExactFor(Abi abi, const KernelOptions& kernels);

}  // namespace arenaplan
