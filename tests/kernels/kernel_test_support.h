// One-op models for the scratch-rule unit tests, and the rule's answer for
// that op under a kernel library.
#pragma once

#include <flatbuffers/flexbuffers.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kernels/derive_scratch.h"
#include "kernels/kernel_library.h"
#include "kernels/prepare_support.h"
#include "model/buffer_list.h"
#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/model_reader.h"

namespace arenaplan::testing {

// The tensor types the kernel tests name, bare in files that say
// `using namespace testing;`.
using tensor_type::kFloat32;
using tensor_type::kInt16;
using tensor_type::kInt32;
using tensor_type::kInt4;
using tensor_type::kInt8;
using tflite_type::kInt64;

// BuiltinOptions union values (tflite_schema.fbs).
namespace options_type {
constexpr uint8_t kConv2D = 1;
constexpr uint8_t kDepthwiseConv2D = 2;
constexpr uint8_t kPool2D = 5;
constexpr uint8_t kSvdf = 6;
constexpr uint8_t kFullyConnected = 8;
constexpr uint8_t kReducer = 27;
constexpr uint8_t kTransposeConv = 49;
constexpr uint8_t kUnidirectionalSequenceLstm = 71;
constexpr uint8_t kMirrorPad = 77;
constexpr uint8_t kBatchMatMul = 101;
}  // namespace options_type

// A model with one subgraph and one op, built tensor by tensor.
class OneOpModel {
 public:
  // Adds a tensor and returns its index. `constant`: one byte of buffer
  // data (TFLM then treats it as kTfLiteMmapRo). `scales`: that many
  // quantization scales (0: no quantization table).
  int32_t Tensor(std::vector<int32_t> shape, int8_t type, bool constant = false,
                 size_t scales = 1) {
    TensorSpec t;
    t.name = "t" + std::to_string(graph_.tensors.size());
    t.shape = std::move(shape);
    t.type = type;
    if (constant) t.data = {0};
    if (scales > 0) {
      t.quantization.present = true;
      t.quantization.scale.assign(scales, 0.5f);
      t.quantization.zero_point.assign(scales, 0);
    }
    graph_.tensors.push_back(std::move(t));
    return static_cast<int32_t>(graph_.tensors.size() - 1);
  }
  int32_t Variable(std::vector<int32_t> shape, int8_t type) {
    const int32_t t = Tensor(std::move(shape), type);
    graph_.tensors[t].is_variable = true;
    return t;
  }
  // The op: a builtin code (or op::kCustom with `custom`), its options.
  void Op(int32_t code, std::vector<int32_t> inputs,
          std::vector<int32_t> outputs, OpOptions options = {},
          std::string custom = "", std::vector<uint8_t> custom_options = {}) {
    OpSpec op = MakeOp(code, std::move(inputs), std::move(outputs));
    op.options = options;
    op.custom_code = std::move(custom);
    op.custom_options = std::move(custom_options);
    graph_.ops = {op};
  }

  // The .tflite bytes: the op's non-constant, non-variable inputs are the
  // graph's inputs, its outputs the graph's outputs.
  std::vector<uint8_t> Build() const {
    SubgraphSpec g = graph_;
    for (int32_t t : g.ops.at(0).inputs) {
      if (t >= 0 && g.tensors[t].data.empty() && !g.tensors[t].is_variable) {
        g.inputs.push_back(t);
      }
    }
    g.outputs = g.ops.at(0).outputs;
    return BuildModel(MakeModel({g}));
  }
  Model Read() const {
    const std::vector<uint8_t> bytes = Build();
    return ReadModel(bytes.data(), bytes.size(), "m.tflite");
  }

 private:
  SubgraphSpec graph_;
};

// What `library`'s rule says about the op (nullopt: unknown).
inline std::optional<std::vector<int64_t>> Scratch(
    const OneOpModel& m, KernelLibrary library,
    KernelCompiler compiler = KernelCompiler::kGcc,
    KernelOptimization optimization = KernelOptimization::kSpeed,
    std::vector<std::string>* why = nullptr) {
  const Model model = m.Read();
  const auto shapes = PreparedShapes(model, "m.tflite");
  const OpView view{&model, &shapes[0], 0, 0};
  KernelOptions options;
  options.library = library;
  options.compiler = compiler;
  options.optimization = optimization;
  return ScratchRuleOf(library)(view, options, why);
}

using Bytes = std::vector<int64_t>;

inline OpOptions ConvOptions(int32_t padding, int32_t stride_w,
                             int32_t stride_h, int32_t dilation_w = 1,
                             int32_t dilation_h = 1) {
  OpOptions o;
  o.type = options_type::kConv2D;
  o.padding = padding;
  o.stride_w = stride_w;
  o.stride_h = stride_h;
  o.dilation_w = dilation_w;
  o.dilation_h = dilation_h;
  return o;
}

// The BuiltinOperator code named `name` ("CONV_2D"), -1 if none.
inline int32_t Code(const std::string& name) {
  for (int32_t code = 0; BuiltinOperatorName(code) != nullptr; ++code) {
    if (name == BuiltinOperatorName(code)) return code;
  }
  return -1;
}

constexpr int32_t kSame = 0;
constexpr int32_t kValid = 1;

// Custom options: the FlexBuffer map `write` fills, e.g.
// [](flexbuffers::Builder& b) { b.Int("num_classes", 90); }.
inline std::vector<uint8_t> Flex(
    const std::function<void(flexbuffers::Builder&)>& write) {
  flexbuffers::Builder fbb;
  fbb.Map([&] { write(fbb); });
  fbb.Finish();
  return fbb.GetBuffer();
}
// A FlexBuffer map of int entries, in the order given.
inline std::vector<uint8_t> FlexInts(
    const std::vector<std::pair<const char*, int>>& entries) {
  return Flex([&](flexbuffers::Builder& b) {
    for (const auto& [key, value] : entries) b.Int(key, value);
  });
}

// CUSTOM TFLite_Detection_PostProcess (detection_postprocess.cc): float
// boxes {1, boxes, 4}, scores {1, boxes, classes}, constant anchors
// {boxes, 4} and four float outputs {1, detections}.
inline OneOpModel DetectionPostProcess(int32_t boxes, int32_t classes,
                                       int32_t detections,
                                       std::vector<uint8_t> custom_options) {
  OneOpModel m;
  const int32_t box_tensor = m.Tensor({1, boxes, 4}, kFloat32);
  const int32_t scores = m.Tensor({1, boxes, classes}, kFloat32);
  const int32_t anchors = m.Tensor({boxes, 4}, kFloat32, true);
  std::vector<int32_t> outs;
  for (int i = 0; i < 4; ++i)
    outs.push_back(m.Tensor({1, detections}, kFloat32));
  m.Op(Code("CUSTOM"), {box_tensor, scores, anchors}, outs, {},
       "TFLite_Detection_PostProcess", std::move(custom_options));
  return m;
}

// A 24-input UNIDIRECTIONAL_SEQUENCE_LSTM: input [2, 3, 5], state dim 7,
// hidden and cell state [batch, 7] (batch 3 when time major, else 2).
inline OneOpModel Lstm(int8_t activation, int8_t cell,
                       bool time_major = false) {
  OneOpModel m;
  std::vector<int32_t> inputs(24, -1);
  inputs[0] = m.Tensor({2, 3, 5}, activation);
  const int8_t weight = activation == kFloat32 ? kFloat32 : kInt8;
  for (int i : {2, 3, 4}) inputs[i] = m.Tensor({7, 5}, weight, true);
  for (int i : {6, 7, 8}) inputs[i] = m.Tensor({7, 7}, weight, true);
  for (int i : {13, 14, 15}) {
    inputs[i] = m.Tensor({7}, activation == kFloat32 ? kFloat32 : kInt32, true);
  }
  inputs[18] = m.Variable({time_major ? 3 : 2, 7}, activation);
  inputs[19] = m.Variable({time_major ? 3 : 2, 7}, cell);
  const int32_t out = m.Tensor({2, 3, 7}, activation);
  OpOptions o;
  o.type = options_type::kUnidirectionalSequenceLstm;
  o.time_major = time_major;
  m.Op(Code("UNIDIRECTIONAL_SEQUENCE_LSTM"), inputs, {out}, o);
  return m;
}

}  // namespace arenaplan::testing
