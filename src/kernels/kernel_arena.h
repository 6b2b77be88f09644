// What a kernel library's kernels ask of TFLM's arena in Init and Prepare,
// besides scratch sizes (ScratchRule): persistent op data, temporary tensors
// and buffers, in call order. The device-arena stage (src/arena/) replays
// these calls through its model of TFLM's allocator; each library's rules
// live in that library's folder (src/kernels/<library>/).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "kernels/kernel_library.h"

namespace arenaplan {

// The ABI of the TFLM build: struct sizes, alignments and enum widths.
enum class Abi {
  kCortexM,  // 32-bit Arm EABI (arm-none-eabi-gcc: 4-byte pointers, short
             // enums), the default `--target cortex-m`
  kHost64,   // LP64 (x86-64 / AArch64 Linux), `--target host64`
};

// One call a kernel makes through TfLiteContext / MicroContext.
struct ArenaCall {
  enum class Kind {
    kPersistent,      // AllocatePersistentBuffer(bytes): tail, 16-aligned
    kTempTensor,      // AllocateTempInput/Output/IntermediateTensor or
                      // GetTensor: a temporary TfLiteTensor for `tensor`
    kFreeTempTensor,  // DeallocateTempTfLiteTensor(`tensor`)
    kTempBuffer,      // AllocateTempBuffer(bytes, alignment)
    kFreeTempBuffer,  // DeallocateTempBuffer
    kScratchRequest,  // RequestScratchBufferInArena (size: the ScratchRule)
  };
  Kind kind = Kind::kPersistent;
  int64_t bytes = 0;      // kPersistent, kTempBuffer
  int32_t alignment = 0;  // kTempBuffer
  int32_t tensor = -1;    // kTempTensor, kFreeTempTensor: subgraph tensor
};

struct KernelArenaUse {
  std::vector<ArenaCall> init;     // from the kernel's Init
  std::vector<ArenaCall> prepare;  // from the kernel's Prepare
};

// One library's rule: nullopt when arenaplan does not model this op's arena
// use for the library and ABI (the caller names the op; a size is then not
// stated as exact).
using ArenaRule = std::optional<KernelArenaUse> (*)(
    const OpView& op, const KernelOptions& options, Abi abi);

}  // namespace arenaplan
