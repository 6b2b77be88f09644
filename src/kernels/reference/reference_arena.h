// What the reference kernels ask of the arena in Init and Prepare (see
// reference_arena.cc for the sources each rule follows).
#pragma once

#include "kernels/kernel_arena.h"

namespace arenaplan {

// An ArenaRule (kernel_arena.h).
std::optional<KernelArenaUse> ReferenceArena(const OpView& op,
                                             const KernelOptions& options,
                                             Abi abi);

}  // namespace arenaplan
