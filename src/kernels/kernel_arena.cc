#include "kernels/kernel_arena.h"

#include "kernels/cmsis_nn/cmsis_nn_arena.h"
#include "kernels/esp_nn/esp_nn_arena.h"
#include "kernels/ethos_u/ethos_u.h"
#include "kernels/reference/reference_arena.h"

namespace arenaplan {

// Each library's rule with the co-processor kernels a build can link beside
// it (ethos_u/ethos_u.h LinksEthosU decides which).
ArenaRule ArenaRuleOf(KernelLibrary library) {
  switch (library) {
    case KernelLibrary::kReference:
      return WithEthosUArena<ReferenceArena>;
    case KernelLibrary::kCmsisNn:
    case KernelLibrary::kCmsisNnDsp:
    case KernelLibrary::kCmsisNnMve:
      return WithEthosUArena<CmsisNnArena>;
    case KernelLibrary::kEspNn:
    case KernelLibrary::kEspNnS3:
    case KernelLibrary::kEspNnAnsi:
      return WithEthosUArena<EspNnArena>;
  }
  return nullptr;
}

const char* ArenaAbiCaveat(KernelLibrary library, Abi abi) {
  switch (library) {
    case KernelLibrary::kEspNn:
    case KernelLibrary::kEspNnS3:
    case KernelLibrary::kEspNnAnsi:
      return EspNnArenaAbiCaveat(abi);
    default:
      return nullptr;
  }
}

}  // namespace arenaplan
