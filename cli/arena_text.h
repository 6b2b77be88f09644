// The device arena for `arenaplan plan`: which buffer list it is computed
// on (--recorded, else the library's scratch rules), and the lines that
// tell the user the number to declare.
#pragma once

#include <optional>
#include <string>

#include "arena/arena_size.h"
#include "kernels/scratch_source.h"
#include "plan/model_plan.h"

namespace arenaplan::cli {

// `target` is "cortex-m" or "host64" (arenaplan::Error(kUsage) otherwise);
// `scratch` says which kernel library plan.list is complete for (a
// recording without --kernels: the reference kernels are assumed, and
// ExactFor says so). When the list lacks scratch buffers of that library
// the ops are named in `unmodelled` and no number is stated.
ArenaRequirement DeviceArena(const ModelPlan& plan,
                             const ScratchSource& scratch,
                             const std::string& target);

// "device arena (TFLM 90b983c2, cortex-m ..., reference kernels):" and
// one "declare at least N bytes" line per route, or what is not stated.
std::string ArenaText(const ArenaRequirement& arena);

}  // namespace arenaplan::cli
