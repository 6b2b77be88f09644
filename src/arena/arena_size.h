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
// usual MicroInterpreter(model, resolver, arena, size) figure, whose
// GreedyMemoryPlanner object sits in the tail.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arena/allocate_tensors.h"
#include "model/buffer_list.h"
#include "model/model.h"

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
  // MicroInterpreter(model, resolver, arena, size) (greedy routes only).
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
                        int64_t log_arena_size = int64_t{1} << 24);

// "exact for TFLM 90b983c2, cortex-m (32-bit Arm EABI), reference kernels".
std::string ExactFor(Abi abi, const KernelOptions& kernels);

}  // namespace arenaplan
