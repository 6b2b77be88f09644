#include "kernels/reference/reference_arena.h"

namespace arenaplan {

// Placeholder until the reference rules land (branch arena-size): every op
// is unknown (the caller reports it).
std::optional<KernelArenaUse> ReferenceArena(const OpView&,
                                             const KernelOptions&, Abi) {
  return std::nullopt;
}

}  // namespace arenaplan
