// The per-op arena rules of the cmsis_nn kernels, shared by
// cmsis_nn_arena.cc (convolutions, fully connected, pooling, softmax, add)
// and cmsis_nn_arena_seq.cc (SVDF, LSTM, BATCH_MATMUL). Internal to
// src/kernels/cmsis_nn/.
#pragma once

#include <optional>
#include <vector>

#include "kernels/arena_call_builder.h"
#include "kernels/kernel_arena.h"

namespace arenaplan::cmsis_nn_arena {

// Everything one op's rule reads.
struct OpContext {
  const OpView& op;
  const KernelOptions& options;
  Abi abi;
  // The op's RequestScratchBufferInArena sizes, or nullptr (none listed).
  const std::vector<int64_t>* scratch;

  bool Mve() const { return options.library == KernelLibrary::kCmsisNnMve; }
  // Appends the listed scratch requests (at the kernel's first request).
  void Scratch(ArenaCallList& calls) const {
    if (scratch != nullptr) calls.Scratch(*scratch);
  }
};

using OpRule = std::optional<KernelArenaUse> (*)(const OpContext& c);

std::optional<KernelArenaUse> Svdf(const OpContext& c);
std::optional<KernelArenaUse> UnidirectionalSequenceLstm(const OpContext& c);
std::optional<KernelArenaUse> BatchMatmul(const OpContext& c);

// Init's one persistent OpData of `bytes`.
inline std::vector<ArenaCall> InitOpData(const OpView& op, int64_t bytes) {
  ArenaCallList init(op);
  init.Persistent(bytes);
  return init.Take();
}

}  // namespace arenaplan::cmsis_nn_arena
