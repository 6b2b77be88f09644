#include "kernels/kernel_arena.h"

#include "kernels/cmsis_nn/cmsis_nn_arena.h"
#include "kernels/esp_nn/esp_nn_arena.h"
#include "kernels/reference/reference_arena.h"

namespace arenaplan {

ArenaRule ArenaRuleOf(KernelLibrary library) {
  switch (library) {
    case KernelLibrary::kReference:
      return ReferenceArena;
    case KernelLibrary::kCmsisNn:
    case KernelLibrary::kCmsisNnDsp:
    case KernelLibrary::kCmsisNnMve:
      return CmsisNnArena;
    case KernelLibrary::kEspNn:
    case KernelLibrary::kEspNnS3:
    case KernelLibrary::kEspNnAnsi:
      return EspNnArena;
  }
  return nullptr;
}

}  // namespace arenaplan
