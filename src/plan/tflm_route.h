// Route B on the device: an offline-plan .tflite pins the tensors, and TFLM's
// GreedyMemoryPlanner (greedy_memory_planner.cc, facts doc §5-6) places every
// other buffer, the kernels' scratch buffers, around those pins at
// AllocateTensors, with TFLM's own lifetimes
// (AllocationInfoBuilder::MarkAllocationLifetimes). A preserved tensor lives
// to the end only in arenaplan's problem: on the device TFLM may put scratch
// on it once its last reader has run.
//
// Before a .tflite is written, the layout TFLM will reach is simulated with
// the bit-exact greedy replica (solve/tflm_greedy.h) and verified against
// arenaplan's own problem: preserved tensors intact to the end, shared pairs
// shared only as declared, every offset 16-aligned. That layout becomes the
// plan, so the arena stated is the head TFLM reaches. When the plan's pins
// fail, preserved tensors are raised above every online buffer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/model_plan.h"

namespace arenaplan {

// True when every scratch buffer TFLM will add is in `list`: recorded, or
// no op requests scratch in TFLM's reference kernels.
bool ScratchComplete(const BufferList& list);

// The layout TFLM's GreedyMemoryPlanner reaches for `list` with every tensor
// buffer pinned at `tensor_offsets[i]` (i < list.tensor_count; a model's own
// pins are replaced) and every scratch buffer placed online, lifetimes as
// TFLM computes them. One offset per buffer of `list`.
Plan SimulateTflmPlacement(const BufferList& list,
                           const std::vector<int64_t>& tensor_offsets);

// Makes `plan` the layout TFLM will reach from an offline-plan .tflite:
// simulates it, verifies it against plan.problem and, when preserved tensors
// are overwritten, tries pins with the preserved tensors raised above every
// online buffer (the plan's other pins, then a fresh solve without the
// preserved tensors; the smaller head wins). Sets plan.solve (plan, height,
// optimal) to that layout and plan.tflite_route. Throws
// arenaplan::Error(kInfeasible), one line naming the buffers, when no pins
// keep every promise. `options` budgets the re-solve.
void PlanTflmRoute(ModelPlan& plan, const SolveOptions& options);

// What PlanTflmRoute's layout is exact for, e.g. "TFLM 90b983c2
// GreedyMemoryPlanner, scratch: <scratch>" where `scratch` names the
// scratch buffers' source (kernels/scratch_source.h DescribeScratchSource;
// "" = say recorded or reference kernels from the list), or "..., tensors
// only" when the list lacks scratch buffers TFLM will add.
std::string TflmRouteExactFor(const ModelPlan& plan,
                              const std::string& scratch = "");

}  // namespace arenaplan
