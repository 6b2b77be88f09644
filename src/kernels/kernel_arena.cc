#include "kernels/kernel_arena.h"

#include "kernels/reference/reference_arena.h"

namespace arenaplan {

ArenaRule ArenaRuleOf(KernelLibrary library) {
  switch (library) {
    case KernelLibrary::kReference:
      return ReferenceArena;
    default:
      // CMSIS-NN and ESP-NN rules live in their folders once written.
      return nullptr;
  }
}

}  // namespace arenaplan
