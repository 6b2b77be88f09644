// The per-op arena rules of the cmsis_nn kernels, shared by
// cmsis_nn_arena.cc (convolutions, fully connected, pooling, softmax, add)
// and cmsis_nn_arena_seq.cc (SVDF, LSTM, BATCH_MATMUL). Internal to
// src/kernels/cmsis_nn/.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "kernels/kernel_arena.h"
#include "kernels/op_facts.h"

namespace arenaplan::cmsis_nn_arena {

// Everything one op's rule reads.
struct OpContext {
  const OpView& op;
  const KernelOptions& options;
  Abi abi;

  bool Mve() const { return options.library == KernelLibrary::kCmsisNnMve; }
  // OPTIMIZE_KERNELS_FOR=KERNELS_OPTIMIZED_FOR_SPEED (TFLM's default).
  bool ForSpeed() const {
    return options.optimization == KernelOptimization::kSpeed;
  }
};

// The Init and Prepare call lists of one op being written. Every cmsis_nn
// Init allocates its OpData persistent: `op_data` on the context's ABI.
class OpCalls {
 public:
  OpCalls(const OpContext& c, const AbiSize& op_data)
      : init(c.op, use_.init), prepare(c.op, use_.prepare) {
    init.Persistent(op_data.On(c.abi));
  }
  OpCalls(const OpCalls&) = delete;
  OpCalls& operator=(const OpCalls&) = delete;
  KernelArenaUse Take() { return std::move(use_); }

 private:
  KernelArenaUse use_;

 public:
  ArenaCalls init;
  ArenaCalls prepare;
};

using OpRule = std::optional<KernelArenaUse> (*)(const OpContext& c);

std::optional<KernelArenaUse> Svdf(const OpContext& c);
std::optional<KernelArenaUse> UnidirectionalSequenceLstm(const OpContext& c);
std::optional<KernelArenaUse> BatchMatmul(const OpContext& c);

}  // namespace arenaplan::cmsis_nn_arena
