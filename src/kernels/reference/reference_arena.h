// TFLM's reference kernels (tensorflow/lite/micro/kernels/ and the signal
// library's signal/micro/kernels/ at TFLM 90b983c2): what each op's Init and
// Prepare ask of the arena, in call order.
#pragma once

#include <optional>
#include <string>

#include "kernels/kernel_arena.h"

namespace arenaplan {

// The ArenaRule of the reference kernels: nullopt for an op whose arena use
// is not modelled (custom ops outside the signal library's simple ones,
// ops TFLM has no kernel for).
std::optional<KernelArenaUse> ReferenceArena(const OpView& op,
                                             const KernelOptions& options,
                                             Abi abi);

namespace reference_arena {

// sizeof of a kernel's OpData on each ABI (measured; see src/arena/
// abi_layout.h for how).
inline int64_t Bytes(Abi abi, int64_t host64, int64_t cortex_m) {
  return abi == Abi::kHost64 ? host64 : cortex_m;
}

// TfLiteIntArrayGetSizeInBytes(rank): the dims copy
// micro::CreateWritableTensorDimsWithCopy allocates (kernel_util.cc).
inline int64_t DimsBytes(size_t rank) {
  return 4 * (1 + static_cast<int64_t>(rank));
}

// The bigger kernels (reference_arena_ops.cc); false: not modelled.
bool ConvRule(ArenaCalls& init, ArenaCalls& prepare, Abi abi);
bool DepthwiseConvRule(ArenaCalls& init, ArenaCalls& prepare, Abi abi);
bool TransposeConvRule(ArenaCalls& init, ArenaCalls& prepare, Abi abi);
bool FullyConnectedRule(ArenaCalls& init, ArenaCalls& prepare, Abi abi);
bool BatchMatMulRule(ArenaCalls& init, ArenaCalls& prepare, Abi abi);
bool LstmRule(ArenaCalls& init, ArenaCalls& prepare, Abi abi);
bool SvdfRule(ArenaCalls& init, ArenaCalls& prepare, Abi abi);
bool ReduceRule(ArenaCalls& init, ArenaCalls& prepare, Abi abi);
// The signal library's custom ops (reference_arena_signal.cc).
bool SignalRule(const std::string& name, ArenaCalls& init, ArenaCalls& prepare,
                Abi abi);

}  // namespace reference_arena
}  // namespace arenaplan
