// What a kernel library's kernels ask of TFLM's arena in Init and Prepare,
// besides scratch sizes (ScratchRule): persistent op data, temporary tensors
// and buffers, in call order. The device-arena stage (src/arena/) replays
// these calls through its model of TFLM's allocator; each library's rules
// live in that library's folder (src/kernels/<library>/).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
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
                      // (the arena stage adds its quantization records)
    kFreeTempTensor,  // DeallocateTempTfLiteTensor of the kTempTensor call
                      // `handle` (else: the latest live one of `tensor`)
    kTempBuffer,      // AllocateTempBuffer(bytes, alignment)
    kFreeTempBuffer,  // DeallocateTempBuffer of the kTempBuffer `handle`
    kScratchRequest,  // RequestScratchBufferInArena(bytes): informational;
                      // the arena stage takes the scratch buffers (count and
                      // sizes) from the buffer list (ScratchRule or a
                      // recording), so they allocate nothing here
    kResourceBuffer,  // MicroResourceVariables::Allocate (ASSIGN_VARIABLE's
                      // Prepare): `bytes` persistent for the resource behind
                      // the RESOURCE tensor `tensor`, only the first time
                      // that resource is assigned
  };
  Kind kind = Kind::kPersistent;
  int64_t bytes = 0;      // kPersistent, kTempBuffer, kResourceBuffer
  int32_t alignment = 0;  // kTempBuffer
  int32_t tensor = -1;    // kTempTensor, kFreeTempTensor, kResourceBuffer:
                          // subgraph tensor index
  int32_t handle = -1;    // kFree*: index in the same list of the call that
                          // allocated what is freed (-1: see kFreeTempTensor)
};

struct KernelArenaUse {
  std::vector<ArenaCall> init;     // from the kernel's Init
  std::vector<ArenaCall> prepare;  // from the kernel's Prepare
  // Non-empty: the kernel's Prepare fails for this op whatever the arena
  // (e.g. types it does not support), so TFLM cannot allocate the model;
  // why, in a few words.
  std::string rejects;
};

// One library's rule: nullopt when arenaplan does not model this op's arena
// use for the library and ABI (the caller names the op; a size is then not
// stated as exact).
using ArenaRule = std::optional<KernelArenaUse> (*)(
    const OpView& op, const KernelOptions& options, Abi abi);

// Appends calls in a kernel's order; the Temp* methods return the handle to
// pass to Free (-1, and no call, when the input or output is absent, as
// MicroContext::AllocateTempInputTensor returns nullptr for it).
class ArenaCalls {
 public:
  ArenaCalls(const OpView& op, std::vector<ArenaCall>& calls)
      : op_(op), calls_(calls) {}

  void Persistent(int64_t bytes) {
    calls_.push_back({ArenaCall::Kind::kPersistent, bytes, 16, -1, -1});
  }
  int32_t Tensor(int32_t tensor) {
    if (tensor < 0) return -1;
    calls_.push_back({ArenaCall::Kind::kTempTensor, 0, 0, tensor, -1});
    return static_cast<int32_t>(calls_.size() - 1);
  }
  int32_t Input(size_t k) { return Tensor(op_.input(k)); }
  int32_t Output(size_t k) { return Tensor(op_.output(k)); }
  int32_t Intermediate(size_t k) {
    const auto& m = op_.op().intermediates;
    return Tensor(k < m.size() ? m[k] : -1);
  }
  void Free(int32_t handle) {
    if (handle < 0) return;
    const ArenaCall& a = calls_[static_cast<size_t>(handle)];
    const auto kind = a.kind == ArenaCall::Kind::kTempBuffer
                          ? ArenaCall::Kind::kFreeTempBuffer
                          : ArenaCall::Kind::kFreeTempTensor;
    calls_.push_back({kind, 0, 0, a.tensor, handle});
  }
  // Free of each handle, in the order given.
  void Free(std::initializer_list<int32_t> handles) {
    for (int32_t handle : handles) Free(handle);
  }
  int32_t TempBuffer(int64_t bytes, int32_t alignment) {
    calls_.push_back({ArenaCall::Kind::kTempBuffer, bytes, alignment, -1, -1});
    return static_cast<int32_t>(calls_.size() - 1);
  }
  void Scratch(int64_t bytes) {
    calls_.push_back({ArenaCall::Kind::kScratchRequest, bytes, 0, -1, -1});
  }
  void ResourceBuffer(int32_t resource_tensor, int64_t bytes) {
    calls_.push_back(
        {ArenaCall::Kind::kResourceBuffer, bytes, 16, resource_tensor, -1});
  }
  const OpView& op() const { return op_; }

 private:
  const OpView& op_;
  std::vector<ArenaCall>& calls_;
};

// The arena rule of `library`: its folder's rule (nullptr while a library
// has none; the arena stage then reports every op as not modelled).
ArenaRule ArenaRuleOf(KernelLibrary library);

// A caveat to print beside arena figures of `library` for `abi`, when the
// library's arena rules were checked against real builds only for another
// ABI; nullptr otherwise.
const char* ArenaAbiCaveat(KernelLibrary library, Abi abi);

}  // namespace arenaplan
