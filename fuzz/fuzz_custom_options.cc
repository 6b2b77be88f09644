// libFuzzer target: custom_options bytes (a flexbuffer for TFLM's custom
// ops) as the kernel libraries read them. The input is the options of one
// CUSTOM op of each code the rules read options of, over a small float32
// model; FlexMap (prepare_support.h) must refuse or read every byte
// sequence without a crash or undefined behaviour, and the scratch and
// arena stages (the reference kernels, which every library uses for these
// ops) must hold kernel_checks.h's invariants.
#include <cstdint>

#include "kernel_checks.h"
#include "kernels/prepare_support.h"
#include "model/buffer_list.h"
#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "problem/error.h"

namespace {

using namespace arenaplan;  // NOLINT(build/namespaces)

// in [1, 8, 4] float32 -> custom op -> out [1, 8, 4]; a second input
// [1, 10, 3] for the detection post-process's scores.
ModelSpec CustomOpModel(const char* code, std::vector<uint8_t> options) {
  SubgraphSpec g;
  g.tensors = {{"in", {1, 8, 4}, tensor_type::kFloat32, false, {}, {}},
               {"scores", {1, 8, 3}, tensor_type::kFloat32, false, {}, {}},
               {"out", {1, 8, 4}, tensor_type::kFloat32, false, {}, {}}};
  g.inputs = {0, 1};
  g.outputs = {2};
  OpSpec op = MakeOp(op::kCustom, {0, 1}, {2});
  op.custom_code = code;
  op.custom_options = std::move(options);
  g.ops = {op};
  return MakeModel({g});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> options(data, data + size);
  // The reader keeps at most kKeptDataBytes; FlexMap sees what it keeps.
  const FlexMap map(options);
  for (const char* key : {"T", "fft_length", "num_channels", "max_detections",
                          "num_classes", ""}) {
    try {
      const auto value = map.Int(key);
      fuzz::Require(map.valid() || !value);
    } catch (const Error& e) {
      fuzz::Require(map.valid() && e.what()[0] != '\0');
    }
  }
  for (size_t i = 0; i < 4; ++i) {
    try {
      const auto value = map.IntAt(i);
      fuzz::Require(map.valid() || !value);
    } catch (const Error& e) {
      fuzz::Require(map.valid() && e.what()[0] != '\0');
    }
  }
  // The custom ops whose Init or Prepare reads the options.
  const char* const kReaders[] = {"SignalRfft", "SignalFilterBank",
                                  "SignalFilterBankSpectralSubtraction",
                                  "TFLite_Detection_PostProcess"};
  for (size_t c = 0; c < 4; ++c) {
    const std::vector<uint8_t> bytes =
        BuildModel(CustomOpModel(kReaders[c], options));
    try {
      const Model model = ReadModel(bytes.data(), bytes.size(), "fuzz");
      const BufferList list = DeriveBufferList(model, "fuzz");
      // Every library runs TFLM's reference kernel for these custom ops.
      fuzz::CheckKernelLibrary(model, list, KernelLibrary::kReference,
                               /*arena=*/true, "fuzz");
    } catch (const Error& e) {
      fuzz::Require(e.what()[0] != '\0');
    }
  }
  return 0;
}
