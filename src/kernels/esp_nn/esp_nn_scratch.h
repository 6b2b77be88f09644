// Scratch requests of Espressif's TFLM fork (espressif/esp-tflite-micro
// 99f49e14) with its ESP-NN kernels (esp-nn 1.2.3), for `--kernels esp-nn`,
// `esp-nn-s3` and `esp-nn-ansi`. All ESP-NN knowledge of arenaplan lives in
// this folder; esp_nn_scratch.cc names the file and function each rule
// follows.
#pragma once

#include "kernels/kernel_library.h"

namespace arenaplan {

// "esp-tflite-micro 99f49e14, esp-nn 1.2.3": what the ESP-NN rules were
// read from, named wherever a derived list is stated.
const char* EspNnLibrarySource();

// A ScratchRule (kernel_library.h) for options.library kEspNn, kEspNnS3 or
// kEspNnAnsi. The fork replaces ADD, CONV_2D, DEPTHWISE_CONV_2D,
// FULLY_CONNECTED, MUL, AVERAGE_POOL_2D, MAX_POOL_2D and SOFTMAX with its
// kernels/esp_nn/*.cc; every other op runs upstream's reference kernel and
// gets ReferenceScratch.
std::optional<std::vector<int64_t>> EspNnScratch(const OpView& op,
                                                 const KernelOptions& options,
                                                 std::vector<std::string>* why);

}  // namespace arenaplan
