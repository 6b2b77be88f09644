// The device arena for `arenaplan plan`: which buffer list it is computed
// on (--recorded, else the library's scratch rules), and the lines that
// tell the user the number to declare.
#pragma once

#include <optional>
#include <string>

#include "arena/arena_size.h"
#include "plan/model_plan.h"

namespace arenaplan::cli {

// `target` is "cortex-m" or "host64", `kernels` a --kernels name (checked
// here: arenaplan::Error(kUsage) otherwise). nullopt, with `why`, when the
// kernel build's scratch buffers are unknown (no recording and no scratch
// rule for an op).
std::optional<ArenaRequirement> DeviceArena(const ModelPlan& plan,
                                            const std::string& target,
                                            const std::string& kernels,
                                            std::string* why);

// "device arena (TFLM 90b983c2, cortex-m ..., reference kernels):" and
// one "declare at least N bytes" line per route, or what is not stated.
std::string ArenaText(const ArenaRequirement& arena);

}  // namespace arenaplan::cli
