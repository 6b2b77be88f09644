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

// One op as its kernel's Prepare sees it: the model, and every tensor's dims
// after all kernels' Prepare (PreparedShapes).
struct OpView {
  const Model* model = nullptr;
  const std::vector<std::vector<int32_t>>* shapes = nullptr;  // the subgraph's
  int32_t subgraph = 0;
  int32_t index = 0;

  const ModelOperator& op() const {
    return model->subgraphs[subgraph].operators[index];
  }
  // Tensor index of input/output k, or -1 when absent.
  int32_t input(size_t k) const {
    return k < op().inputs.size() ? op().inputs[k] : -1;
  }
  int32_t output(size_t k) const {
    return k < op().outputs.size() ? op().outputs[k] : -1;
  }
  const ModelTensor& tensor(int32_t t) const {
    return model->subgraphs[subgraph].tensors[t];
  }
  const std::vector<int32_t>& dims(int32_t t) const { return (*shapes)[t]; }
};

// What one library's kernel for an op requests with
// RequestScratchBufferInArena during Prepare, in request order, as bytes
// asked (before TFLM rounds them up to 16). nullopt: arenaplan does not know
// this library's rule for the op (a CUSTOM op, or an op not read yet); the
// caller reports it, never a silent zero. `why` receives a short reason for
// each request ("im2col buffer"), parallel to the result.
using ScratchRule = std::optional<std::vector<int64_t>> (*)(
    const OpView& op, const KernelOptions& options,
    std::vector<std::string>* why);

// "reference", "cmsis-nn", ... as `--kernels` spells them.
const char* KernelLibraryName(KernelLibrary library);
// nullopt for an unknown name.
std::optional<KernelLibrary> ParseKernelLibrary(std::string_view name);
// Every accepted name, comma-separated, for usage errors.
std::string KernelLibraryNames();
const std::vector<KernelLibrary>& AllKernelLibraries();

}  // namespace arenaplan
