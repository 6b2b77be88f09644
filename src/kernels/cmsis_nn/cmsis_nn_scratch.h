// Scratch requests of the cmsis_nn kernels (see cmsis_nn_scratch.cc for the
// sources each rule follows).
#pragma once

#include "kernels/kernel_library.h"

namespace arenaplan {

// A ScratchRule (kernel_library.h).
std::optional<std::vector<int64_t>> CmsisNnScratch(
    const OpView& op, const KernelOptions& options,
    std::vector<std::string>* why);

}  // namespace arenaplan
