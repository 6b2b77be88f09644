// The field case of issue 12 rebuilt with the model builder:
// AII4-0_lstm_0_quant with --preserve serving_default_args_0:0 and its
// reference-kernel recording (../shared/corpus/bug-cases), where TFLM put the
// LSTM scratch on the preserved input. Same buffer list: sizes, lifetimes,
// eight 256-byte scratch buffers, a RESHAPE pair.
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "model/buffer_list.h"
#include "model/builtin_ops.h"
#include "model/model_builder.h"

namespace arenaplan::testing {

constexpr int32_t kQuantize = 114;
constexpr int32_t kStridedSlice = 45;
constexpr int32_t kSoftmax = 25;

// input (float 1x100x1, 400 B) -> QUANTIZE -> LSTM -> LSTM -> STRIDED_SLICE
// -> FULLY_CONNECTED -> RESHAPE -> SOFTMAX: the shape of the field model's
// AddBuffer stream.
inline std::vector<uint8_t> LstmLike(
    std::optional<std::vector<int32_t>> pins = {}) {
  SubgraphSpec g;
  g.name = "lstm_like";
  const auto tensor = [&](const char* name, std::vector<int32_t> shape,
                          int8_t type) {
    TensorSpec t;
    t.name = name;
    t.shape = std::move(shape);
    t.type = type;
    g.tensors.push_back(t);
    return static_cast<int32_t>(g.tensors.size() - 1);
  };
  const int32_t x = tensor("args_0", {1, 100, 1}, tensor_type::kFloat32);
  const int32_t q = tensor("quantize", {1, 100, 1}, tensor_type::kInt8);
  const int32_t l1 = tensor("lstm1", {1, 100, 128}, tensor_type::kInt8);
  const int32_t l2 = tensor("lstm2", {1, 100, 128}, tensor_type::kInt8);
  const int32_t s = tensor("slice", {1, 128}, tensor_type::kInt8);
  const int32_t d = tensor("dense", {1, 16}, tensor_type::kInt8);
  const int32_t r = tensor("reshape", {1, 16}, tensor_type::kInt8);
  const int32_t out = tensor("softmax", {1, 16}, tensor_type::kInt8);
  g.inputs = {x};
  g.outputs = {out};
  g.ops = {MakeOp(kQuantize, {x}, {q}),
           MakeOp(op::kUnidirectionalSequenceLstm, {q}, {l1}),
           MakeOp(op::kUnidirectionalSequenceLstm, {l1}, {l2}),
           MakeOp(kStridedSlice, {l2}, {s}),
           MakeOp(op::kFullyConnected, {s}, {d}),
           MakeOp(op::kReshape, {d}, {r}),
           MakeOp(kSoftmax, {r}, {out})};
  ModelSpec spec;
  spec.subgraphs.push_back(g);
  spec.offline_offsets = std::move(pins);
  return BuildModel(spec);
}

// The recording a TFLM build would print: the tensor rows as derived, then
// four 256-byte scratch buffers for each LSTM (alive during its step).
inline std::string LstmLikeRecording(const BufferList& list) {
  std::ostringstream csv;
  csv << "id,lower,upper,size\n";
  size_t id = 0;
  for (const ModelBuffer& b : list.buffers) {
    csv << id++ << "," << b.first << "," << b.last + 1 << "," << b.size << "\n";
  }
  for (int step : {2, 3}) {
    for (int k = 0; k < 4; ++k) {
      csv << id++ << "," << step << "," << step + 1 << ",256\n";
    }
  }
  return csv.str();
}

}  // namespace arenaplan::testing
