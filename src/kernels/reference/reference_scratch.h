// Scratch requests of the reference kernels (see reference_scratch.cc for the
// sources each rule follows).
#pragma once

#include "kernels/kernel_library.h"

namespace arenaplan {

// A ScratchRule (kernel_library.h).
std::optional<std::vector<int64_t>> ReferenceScratch(
    const OpView& op, const KernelOptions& options,
    std::vector<std::string>* why);

}  // namespace arenaplan
