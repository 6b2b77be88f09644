// TFLM's Ethos-U co-processor kernel: the CUSTOM op "ethos-u" that Arm's
// Vela compiler emits for the part of a model the Ethos-U55/U65 NPU runs
// (tensorflow/lite/micro/kernels/ethos_u/ethosu.cc at TFLM 90b983c2). A
// build links it with CO_PROCESSOR=ethos_u beside its kernel library
// (OPTIMIZED_KERNEL_DIR=cmsis_nn, or the reference kernels); it is part of
// neither. ESP32 builds (esp-tflite-micro) have no Ethos-U.
//
// These rules are derived from the source only: no Ethos-U build or
// recording exists in ../shared, so every output that uses them says so
// (UnverifiedOps in derive_scratch.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernels/kernel_arena.h"
#include "kernels/kernel_library.h"

namespace arenaplan {

// The custom code Vela writes, TFLM's GetString_ETHOSU().
inline constexpr const char* kEthosUCustomCode = "ethos-u";

// True for a CUSTOM op with custom code "ethos-u".
bool IsEthosUOp(const ModelOperator& op);

// Whether a TFLM build with `library` can link the Ethos-U kernel beside it:
// the reference and the CMSIS-NN selections (Arm Cortex-M), not ESP-NN.
bool LinksEthosU(KernelLibrary library);

// A ScratchRule (kernel_library.h) for an "ethos-u" op. Prepare requests,
// in order, with n = inputs + outputs of the op (array sizes, absent -1
// entries included: TFLM's node->inputs->size + node->outputs->size):
//   n * sizeof(uint64_t)  the NPU base addresses,
//   n * sizeof(size_t)    their sizes (4: the 32-bit targets, like ADD_N).
// Throws arenaplan::Error where TFLM's Prepare fails: no inputs, no custom
// options (TF_LITE_ENSURE), or an absent input 0 (the command stream, which
// Prepare reads through AllocateTempInputTensor; TFLM dereferences nullptr).
// ethosu.cc Prepare.
std::optional<std::vector<int64_t>> EthosUScratch(
    const OpView& op, const KernelOptions& options,
    std::vector<std::string>* why);

// An ArenaRule (kernel_arena.h) for an "ethos-u" op: Init allocates the
// kernel's OpData (three ints, 12 bytes on both ABIs) persistent; Prepare
// makes its two scratch requests (uint64_t and the ABI's size_t per base
// address), then takes a temporary TfLiteTensor of input 0 and frees it.
// Where Prepare fails (the conditions of EthosUScratch) `rejects` says why
// and Prepare makes no call. ethosu.cc Init and Prepare.
std::optional<KernelArenaUse> EthosUArena(const OpView& op,
                                          const KernelOptions& options,
                                          Abi abi);

// Why an "ethos-u" op is unknown with a library that cannot link it.
inline constexpr const char* kNoEthosU =
    "builds with this library (ESP32) do not link TFLM's Ethos-U "
    "co-processor kernel";

// `Library`'s ScratchRule with the Ethos-U kernel linked beside it:
// "ethos-u" ops take EthosUScratch (unknown, with kNoEthosU, where
// !LinksEthosU(options.library)), every other op `Library`.
template <ScratchRule Library>
std::optional<std::vector<int64_t>> WithEthosUScratch(
    const OpView& op, const KernelOptions& options,
    std::vector<std::string>* why) {
  if (!IsEthosUOp(op.op())) return Library(op, options, why);
  if (LinksEthosU(options.library)) return EthosUScratch(op, options, why);
  if (why) *why = {kNoEthosU};
  return std::nullopt;
}

// The same for an ArenaRule.
template <ArenaRule Library>
std::optional<KernelArenaUse> WithEthosUArena(const OpView& op,
                                              const KernelOptions& options,
                                              Abi abi) {
  if (LinksEthosU(options.library) && IsEthosUOp(op.op())) {
    return EthosUArena(op, options, abi);
  }
  return Library(op, options, abi);
}

// Short reason for outputs that name the ops using these rules.
inline constexpr const char* kEthosUSource =
    "TFLM's Ethos-U co-processor kernel, kernels/ethos_u/ethosu.cc";

}  // namespace arenaplan
