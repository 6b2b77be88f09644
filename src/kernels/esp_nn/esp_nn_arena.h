// What esp-tflite-micro's esp_nn kernels (tensorflow/lite/micro/kernels/
// esp_nn/ at esp-tflite-micro 99f49e14, built with ESP_NN) ask of the arena
// in Init and Prepare.
#pragma once

#include <optional>
#include <vector>

#include "kernels/kernel_arena.h"

namespace arenaplan {

// An ArenaRule (kernel_arena.h) for kEspNn, kEspNnS3 and kEspNnAnsi (the
// three differ only in scratch sizes). CONV_2D, DEPTHWISE_CONV_2D and SOFTMAX
// follow the fork's own files, whose NodeData adds an int buffer_idx to the
// upstream OpData; every other op, including the fork's FULLY_CONNECTED,
// ADD, MUL and pooling kernels (upstream's Init/Prepare and OpData), is the
// reference kernels' rule.
//
// ABIs: kHost64 is the fork's x86-64 host build (the ground truth in
// tflm-traces-esp-nn); kCortexM gives the 32-bit sizes (4-byte pointers,
// 8-byte-aligned double), the layout of these structs on an ESP32 (Xtensa)
// as well, which was not measured.
// Scratch requests are not listed (kScratchRequest is informational): the
// arena stage takes them from the buffer list (EspNnScratch or a
// recording).
std::optional<KernelArenaUse> EspNnArena(const OpView& op,
                                         const KernelOptions& options, Abi abi);

// True for the builtin codes the fork gives an Init/Prepare of its own that
// differs from upstream's in arena use.
bool EspNnOverridesArena(int32_t builtin_code);

// The esp_nn rule for an op EspNnOverridesArena accepts; nullopt for any
// other op, and where the op's tensors are outside what the kernel's
// Prepare accepts.
std::optional<KernelArenaUse> EspNnOwnArena(const OpView& op, Abi abi);

// The ESP-NN arena rules were checked against real builds on host64 only
// (../shared/corpus/tflm-traces-esp-nn): for any other ABI, the caveat the
// outputs print beside the figure; nullptr for host64.
const char* EspNnArenaAbiCaveat(Abi abi);

}  // namespace arenaplan
