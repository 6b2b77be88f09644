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
// KernelOptions::optimization is TFLM's OPTIMIZE_KERNELS_FOR (default
// KERNELS_OPTIMIZED_FOR_SPEED, the ground truth's: SVDF OpData is 40 B on
// Cortex-M there, 44 with _FOR_SIZE; the MVE kernel sums of FULLY_CONNECTED
// and SVDF are persistent only for speed). No USE_TFLM_COMPRESSION.
// Scratch requests are not listed (kScratchRequest is informational): the
// arena stage takes them from the buffer list (CmsisNnScratch or a
// recording).
std::optional<KernelArenaUse> CmsisNnArena(const OpView& op,
                                           const KernelOptions& options,
                                           Abi abi);

// True for the builtin codes cmsis_nn gives its own Init/Prepare.
bool CmsisNnOverridesArena(int32_t builtin_code);

// The cmsis_nn rule for an op CmsisNnOverridesArena accepts; nullopt for
// any other op, and where the op's tensors are outside what the kernel's
// Prepare accepts (TFLM fails there).
std::optional<KernelArenaUse> CmsisNnOwnArena(const OpView& op,
                                              const KernelOptions& options,
                                              Abi abi);

}  // namespace arenaplan
