// libFuzzer target: the kernel-library and device-arena stages on
// structure-aware models (kernel_recipe.h): every library's scratch rules
// (both compilers, both OPTIMIZE_KERNELS_FOR settings) and the arena
// numbers for both ABIs, with the invariants of kernel_checks.h. The model
// goes through the real writer and reader, so it is one the CLI would read.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>

#include "kernel_checks.h"
#include "kernel_recipe.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "problem/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace arenaplan;
  FuzzedDataProvider in(data, size);
  const uint64_t pick = in.ConsumeIntegral<uint8_t>();
  const std::vector<uint8_t> bytes = BuildModel(fuzz::FuzzedKernelModel(in));
  try {
    const Model model = ReadModel(bytes.data(), bytes.size(), "fuzz");
    const BufferList list = DeriveBufferList(model, "fuzz");
    fuzz::CheckKernelStages(model, list, pick, "fuzz");
  } catch (const Error& e) {
    fuzz::Require(e.what()[0] != '\0');
  }
  return 0;
}
