// The scratch part of TFLM's buffer list, derived from the model alone for a
// named kernel library (facts doc sections 2 and 3).
#pragma once

#include <string>
#include <vector>

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
// list.scratch_recorded = false and clears list.scratch_ops (the list is
// complete). Throws arenaplan::Error "<label>: subgraph s op i (NAME): ..."
// for an op whose rule is unknown for the library (suggesting --recorded),
// whose Prepare TFLM would refuse, whose size cannot be computed (64-bit
// overflow on hostile dims) or is negative or beyond 2^31-16 bytes (TFLM's
// size_t request and int planner size), more than TFLM's 12 requests per
// op, or scratch in a subgraph that never runs.
void AppendDerivedScratch(const Model& model, BufferList& list,
                          const KernelOptions& options,
                          const std::string& label);

// The ops of `model` whose `options.library` kernel requests scratch in
// Prepare, in Prepare order, for notes such as "CONV_2D ops 0, 3, 7 request
// scratch with CMSIS-NN": each with its total bytes as TFLM passes them
// (each request rounded up to 16) and the requests' reasons. Ops whose rule
// is unknown for the library, or whose Prepare TFLM would refuse, are listed
// with bytes = nullopt and the reason. Never throws for an op (only
// PreparedShapes' errors for a malformed model).
std::vector<ScratchRequestingOp> ScratchRequestingOps(
    const Model& model, const KernelOptions& options, const std::string& label);

// The ops of `model` whose rules under `library` were derived from source
// only, not checked against a real build, in a library that
// KernelLibraryVerified otherwise vouches for: the ops of the co-processor
// kernels linked beside it (CUSTOM "ethos-u", ethos_u/ethos_u.h). Each with
// its op_name, and as reason the kernel's source; bytes unset. Empty for an
// unverified library (it is unverified as a whole).
std::vector<ScratchRequestingOp> UnverifiedOps(const Model& model,
                                               KernelLibrary library);

}  // namespace arenaplan
