// The scratch part of TFLM's buffer list, derived from the model alone for a
// named kernel library (facts doc sections 2 and 3).
#pragma once

#include <string>

#include "kernels/kernel_library.h"
#include "model/buffer_list.h"
#include "model/model.h"

namespace arenaplan {

// The scratch rule of `library` (its folder under src/kernels/).
ScratchRule ScratchRuleOf(KernelLibrary library);

// Appends to `list` (a tensor-only list from DeriveBufferList) one scratch
// buffer per RequestScratchBufferInArena call the library's kernels make:
// Prepare order (subgraph 0..S-1, op 0..n-1, each op's requests in order),
// size rounded up to 16, lifetime the op's (OpLifetime). Sets
// list.scratch_recorded = false and list.kernels.
// Throws arenaplan::Error "<label>: subgraph s op i (NAME): ..." for an op
// whose rule is unknown for the library (suggesting --recorded), more than
// TFLM's 12 requests per op, or scratch in a subgraph that never runs.
void AppendDerivedScratch(const Model& model, BufferList& list,
                          const KernelOptions& options,
                          const std::string& label);

}  // namespace arenaplan
