#include "kernels/reference/reference_scratch.h"

namespace arenaplan {

// Not derived yet: every op is unknown (the caller reports it).
std::optional<std::vector<int64_t>> ReferenceScratch(
    const OpView&, const KernelOptions&, std::vector<std::string>*) {
  return std::nullopt;
}

}  // namespace arenaplan
