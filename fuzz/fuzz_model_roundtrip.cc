// libFuzzer target: the .tflite writer round trip. The input drives a
// model description; the model builder writes it and the reader must read
// back exactly what was written, or refuse it with an arenaplan::Error
// (never crash, never accept something different); what it reads goes on
// through the kernel and arena stages (kernel_checks.h).
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "kernel_checks.h"
#include "model/buffer_list.h"
#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "problem/error.h"

namespace {

using arenaplan::ModelSpec;

using arenaplan::fuzz::Require;

std::vector<int32_t> Indices(FuzzedDataProvider& in, int32_t count) {
  std::vector<int32_t> out(in.ConsumeIntegralInRange<int>(0, 4));
  for (int32_t& i : out) i = in.ConsumeIntegralInRange<int32_t>(-2, count);
  return out;
}

// Printable ASCII names: the reader repairs invalid UTF-8 in names (fuzz_model
// covers that), which would break this target's exact round-trip check.
std::string Name(FuzzedDataProvider& in) {
  std::string name = in.ConsumeRandomLengthString(8);
  for (char& c : name)
    c = static_cast<char>(' ' + static_cast<unsigned char>(c) % 95);
  return name;
}

ModelSpec MakeSpec(FuzzedDataProvider& in) {
  static constexpr int32_t kCodes[] = {
      arenaplan::op::kAdd,      arenaplan::op::kConv2d,
      arenaplan::op::kReshape,  arenaplan::op::kCustom,
      arenaplan::op::kIf,       arenaplan::op::kWhile,
      arenaplan::op::kCallOnce, arenaplan::op::kVarHandle,
      arenaplan::op::kMean,     200000};
  ModelSpec spec;
  const int subgraphs = in.ConsumeIntegralInRange<int>(1, 3);
  for (int s = 0; s < subgraphs; ++s) {
    arenaplan::SubgraphSpec sg;
    sg.name = Name(in);
    const int tensors = in.ConsumeIntegralInRange<int>(0, 6);
    for (int t = 0; t < tensors; ++t) {
      arenaplan::TensorSpec tensor;
      tensor.name = Name(in);
      tensor.shape.resize(in.ConsumeIntegralInRange<int>(0, 4));
      for (int32_t& d : tensor.shape) d = in.ConsumeIntegral<int32_t>();
      tensor.type = in.ConsumeIntegralInRange<int8_t>(-1, 24);
      tensor.is_variable = in.ConsumeBool();
      if (in.ConsumeBool()) tensor.data = in.ConsumeBytes<uint8_t>(4);
      sg.tensors.push_back(std::move(tensor));
    }
    sg.inputs = Indices(in, tensors);
    sg.outputs = Indices(in, tensors);
    const int ops = in.ConsumeIntegralInRange<int>(0, 5);
    for (int o = 0; o < ops; ++o) {
      arenaplan::OpSpec op;
      op.code = in.PickValueInArray(kCodes);
      if (op.code == arenaplan::op::kCustom) {
        op.custom_code = Name(in);
      }
      op.inputs = Indices(in, tensors);
      op.outputs = Indices(in, tensors);
      if (in.ConsumeBool()) op.intermediates = Indices(in, tensors);
      op.subgraphs = Indices(in, subgraphs);
      op.deprecated_code_only = in.ConsumeBool();
      if (in.ConsumeBool()) op.custom_options = in.ConsumeBytes<uint8_t>(3);
      sg.ops.push_back(std::move(op));
    }
    spec.subgraphs.push_back(std::move(sg));
  }
  if (in.ConsumeBool()) {
    std::vector<int32_t> offsets(in.ConsumeIntegralInRange<int>(0, 12));
    for (int32_t& o : offsets) o = in.ConsumeIntegralInRange<int32_t>(-2, 4096);
    spec.offline_offsets = offsets;
  }
  return spec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const ModelSpec spec = MakeSpec(in);
  const std::vector<uint8_t> bytes = arenaplan::BuildModel(spec);
  arenaplan::Model model;
  try {
    model = arenaplan::ReadModel(bytes.data(), bytes.size(), "roundtrip");
  } catch (const arenaplan::Error& e) {
    Require(e.what()[0] != '\0');
    return 0;
  }
  Require(model.subgraphs.size() == spec.subgraphs.size());
  for (size_t s = 0; s < spec.subgraphs.size(); ++s) {
    const arenaplan::SubgraphSpec& want = spec.subgraphs[s];
    const arenaplan::ModelSubgraph& got = model.subgraphs[s];
    Require(got.name == want.name && got.inputs == want.inputs &&
            got.outputs == want.outputs);
    Require(got.tensors.size() == want.tensors.size());
    for (size_t t = 0; t < want.tensors.size(); ++t) {
      const arenaplan::TensorSpec& wt = want.tensors[t];
      const arenaplan::ModelTensor& gt = got.tensors[t];
      Require(gt.name == wt.name && gt.shape == wt.shape &&
              gt.type == wt.type && gt.is_variable == wt.is_variable &&
              gt.has_data == !wt.data.empty());
    }
    Require(got.operators.size() == want.ops.size());
    for (size_t o = 0; o < want.ops.size(); ++o) {
      const arenaplan::OpSpec& wo = want.ops[o];
      const arenaplan::ModelOperator& go = got.operators[o];
      // The old int8 field holds codes up to 127 only.
      const int32_t code =
          wo.deprecated_code_only ? std::min(wo.code, 127) : wo.code;
      Require(go.kernel_code == code && go.inputs == wo.inputs &&
              go.outputs == wo.outputs &&
              go.intermediates == wo.intermediates &&
              go.custom_code == wo.custom_code);
    }
  }
  Require(model.offline_offsets.has_value() ==
          spec.offline_offsets.has_value());
  if (spec.offline_offsets)
    Require(*model.offline_offsets == *spec.offline_offsets);
  // The model read back through the kernel and arena stages.
  try {
    const arenaplan::BufferList list =
        arenaplan::DeriveBufferList(model, "roundtrip");
    arenaplan::fuzz::CheckKernelStages(model, list, size, "roundtrip");
  } catch (const arenaplan::Error& e) {
    Require(e.what()[0] != '\0');
  }
  return 0;
}
