// The kernel libraries arenaplan knows, and what each one's kernels ask of
// TFLM's arena. All per-library knowledge lives in that library's folder
// (src/kernels/reference/, cmsis_nn/, esp_nn/); the pipeline only sees this
// interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/buffer_list.h"
#include "model/model.h"

namespace arenaplan {

// `--kernels` values.
enum class KernelLibrary {
  kReference,   // TFLM's own kernels (tensorflow/lite/micro/kernels/)
  kCmsisNn,     // TFLM kernels/cmsis_nn + CMSIS-NN plain C (Cortex-M0/M0+/M3)
  kCmsisNnDsp,  // ... with the DSP extension (Cortex-M4/M7/M33/M35P)
  kCmsisNnMve,  // ... with Helium (Cortex-M55/M85)
  kEspNn,       // esp-tflite-micro + esp-nn, generic optimised (plain ESP32)
  kEspNnS3,     // ... ESP32-S3 size functions
  kEspNnAnsi,   // ... esp-nn's portable C paths
};

// The compiler a library was built with, where it changes what kernels
// request (CMSIS-NN's arm_convolve_1x1_s8_fast asks for scratch only under
// armclang). GCC is the default.
enum class KernelCompiler { kGcc, kArmclang };

struct KernelOptions {
  KernelLibrary library = KernelLibrary::kReference;
  KernelCompiler compiler = KernelCompiler::kGcc;
};

// "reference", "cmsis-nn", ... as `--kernels` spells them.
const char* KernelLibraryName(KernelLibrary library);
// nullopt for an unknown name.
std::optional<KernelLibrary> ParseKernelLibrary(std::string_view name);
// Every accepted name, comma-separated, for usage errors.
std::string KernelLibraryNames();
const std::vector<KernelLibrary>& AllKernelLibraries();

}  // namespace arenaplan
