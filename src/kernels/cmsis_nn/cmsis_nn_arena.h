// What TFLM's cmsis_nn kernels (tensorflow/lite/micro/kernels/cmsis_nn/ at
// TFLM 90b983c2, CMSIS-NN 4ab83cc3) ask of the arena in Init and Prepare.
#pragma once

#include <optional>
#include <vector>

#include "kernels/kernel_arena.h"

namespace arenaplan {

// An ArenaRule (kernel_arena.h) for kCmsisNn, kCmsisNnDsp and kCmsisNnMve.
// The ops TFLM's cmsis_nn folder implements (ADD, AVERAGE_POOL_2D,
// BATCH_MATMUL, CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, MAX_POOL_2D,
// SOFTMAX, SVDF, TRANSPOSE_CONV, UNIDIRECTIONAL_SEQUENCE_LSTM) follow those
// files; every other op (MUL, PAD, TRANSPOSE, MAXIMUM and MINIMUM there reuse
// the reference Init/Prepare) is the reference kernels' rule.
//
// Build assumed: TFLM's default
// OPTIMIZE_KERNELS_FOR=KERNELS_OPTIMIZED_FOR_SPEED (the ground truth's: SVDF
// OpData is 40 B on Cortex-M, 44 with _FOR_SIZE), no USE_TFLM_COMPRESSION.
//
// kScratchRequest calls carry the op's requests from the library's
// ScratchRule (CmsisNnScratch), placed where Prepare makes the first; when
// that rule does not know the op there are none, and the caller takes the
// scratch buffers from its buffer list (derived or recorded).
std::optional<KernelArenaUse> CmsisNnArena(const OpView& op,
                                           const KernelOptions& options,
                                           Abi abi);

// True for the builtin codes cmsis_nn gives its own Init/Prepare.
bool CmsisNnOverridesArena(int32_t builtin_code);

// The cmsis_nn rule for an op CmsisNnOverridesArena accepts, with the op's
// scratch requests given (nullptr: none listed). nullopt when the op's
// tensors are outside what the kernel's Prepare accepts (TFLM fails there).
std::optional<KernelArenaUse> CmsisNnOwnArena(
    const OpView& op, const KernelOptions& options, Abi abi,
    const std::vector<int64_t>* scratch);

}  // namespace arenaplan
