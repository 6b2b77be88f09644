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

// TFLM's OPTIMIZE_KERNELS_FOR build setting (tensorflow/lite/micro/tools/
// make/Makefile, default KERNELS_OPTIMIZED_FOR_SPEED). The cmsis_nn
// FULLY_CONNECTED and SVDF kernels keep their kernel sums in persistent
// memory when optimised for speed, in a scratch buffer when optimised for
// size.
enum class KernelOptimization { kSpeed, kSize };

struct KernelOptions {
  KernelLibrary library = KernelLibrary::kReference;
  KernelCompiler compiler = KernelCompiler::kGcc;
  KernelOptimization optimization = KernelOptimization::kSpeed;
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
// each request ("im2col buffer"), parallel to the result; with nullopt it
// may hold one line saying why the rule is unknown. A rule throws
// arenaplan::Error (a message without the op's location) where TFLM's
// Prepare would fail or read out of bounds for this op.
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

// What the library's rules were read from, named in every output that
// states a derived list ("TFLM 90b983c2", "esp-tflite-micro 99f49e14,
// esp-nn 1.2.3"): sizes change between versions.
const char* KernelLibrarySource(KernelLibrary library);

// Whether the library's scratch rules have been checked against recordings
// of a real TFLM build (../shared/corpus/tflm-traces*). False: derived from
// the sources only ("derived from source, not checked against a real
// build"), which the report and the docs must say. A verified library's
// list is still unverified for a model with ops of a co-processor kernel
// derived from source only (derive_scratch.h UnverifiedOps: Ethos-U).
bool KernelLibraryVerified(KernelLibrary library);

// "gcc" or "armclang" as `--compiler` spells it.
const char* KernelCompilerName(KernelCompiler compiler);
// nullopt for an unknown name.
std::optional<KernelCompiler> ParseKernelCompiler(std::string_view name);
// Whether the library's requests depend on the compiler and on
// OPTIMIZE_KERNELS_FOR (CMSIS-NN's).
bool KernelLibraryDependsOnCompiler(KernelLibrary library);

// "speed" or "size" as `--optimize-kernels-for` spells it.
const char* KernelOptimizationName(KernelOptimization optimization);
// nullopt for an unknown name.
std::optional<KernelOptimization> ParseKernelOptimization(
    std::string_view name);

}  // namespace arenaplan
