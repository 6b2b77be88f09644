// Seeds that reach the kernel libraries' rules: quantized CONV_2D,
// DEPTHWISE_CONV_2D, FULLY_CONNECTED, pooling, SOFTMAX, SVDF,
// UNIDIRECTIONAL_SEQUENCE_LSTM, TRANSPOSE_CONV, MEAN, BATCH_MATMUL and the
// custom ops whose flexbuffer options the rules read.
#include <flatbuffers/flexbuffers.h>

#include "model/builtin_ops.h"
#include "seed_models.h"

namespace arenaplan::fuzz {
namespace {

constexpr int8_t kF32 = tensor_type::kFloat32;
constexpr int8_t kI8 = tensor_type::kInt8;
constexpr int8_t kI16 = tensor_type::kInt16;
constexpr int8_t kI32 = tensor_type::kInt32;

ModelQuantization Quant(size_t channels) {
  ModelQuantization q;
  q.present = true;
  q.scale.assign(channels, 0.25f);
  q.zero_point.assign(channels, 0);
  return q;
}

// A graph built tensor by tensor; constants get `bytes` of data.
struct Graph {
  SubgraphSpec g;
  int32_t T(std::vector<int32_t> shape, int8_t type, size_t channels = 1,
            size_t bytes = 0) {
    TensorSpec t;
    t.name = "t" + std::to_string(g.tensors.size());
    t.shape = std::move(shape);
    t.type = type;
    t.data.assign(bytes, 1);
    if (channels > 0) t.quantization = Quant(channels);
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  }
  int32_t Var(std::vector<int32_t> shape, int8_t type) {
    const int32_t t = T(std::move(shape), type);
    g.tensors[t].is_variable = true;
    return t;
  }
  void Op(int32_t code, std::vector<int32_t> in, std::vector<int32_t> out,
          OpOptions options = {}) {
    OpSpec op = MakeOp(code, std::move(in), std::move(out));
    op.options = options;
    g.ops.push_back(std::move(op));
  }
  ModelSpec Spec(std::vector<int32_t> inputs, std::vector<int32_t> outputs) {
    g.inputs = std::move(inputs);
    g.outputs = std::move(outputs);
    return MakeModel({g});
  }
};

OpOptions Window(uint8_t type, int32_t padding, int32_t stride) {
  OpOptions o;
  o.type = type;
  o.padding = padding;
  o.stride_w = o.stride_h = stride;
  return o;
}

// conv 3x3 -> depthwise 3x3 -> conv 1x1 -> average pool -> FC -> softmax,
// int8 with per-channel filters; and an int16 conv.
ModelSpec VisionOps(int8_t type) {
  Graph m;
  const int8_t bias = type == kI8 ? kI32 : tensor_type::kInt32;
  const int32_t in = m.T({1, 10, 10, 8}, type);
  const int32_t w0 = m.T({16, 3, 3, 8}, kI8, 16, 16 * 72);
  const int32_t b0 = m.T({16}, bias, 0, 64);
  const int32_t c0 = m.T({1, 10, 10, 16}, type);
  m.Op(op::kConv2d, {in, w0, b0}, {c0}, Window(1, 0, 1));
  const int32_t wd = m.T({1, 3, 3, 16}, kI8, 16, 144);
  const int32_t d0 = m.T({1, 5, 5, 16}, type);
  OpOptions dw = Window(2, 0, 2);
  dw.depth_multiplier = 1;
  m.Op(op::kDepthwiseConv2d, {c0, wd, -1}, {d0}, dw);
  const int32_t w1 = m.T({20, 1, 1, 16}, kI8, 20, 320);
  const int32_t c1 = m.T({1, 5, 5, 20}, type);
  m.Op(op::kConv2d, {d0, w1, -1}, {c1}, Window(1, 1, 1));
  const int32_t p = m.T({1, 2, 2, 20}, type);
  OpOptions pool = Window(5, 1, 2);
  pool.filter_w = pool.filter_h = 2;
  m.Op(1 /* AVERAGE_POOL_2D */, {c1}, {p}, pool);
  const int32_t flat = m.T({1, 80}, type);
  m.Op(op::kReshape, {p}, {flat});
  const int32_t wf = m.T({12, 80}, kI8, 1, 960);
  const int32_t fc = m.T({1, 12}, type);
  OpOptions fo;
  fo.type = 8;
  m.Op(op::kFullyConnected, {flat, wf, -1}, {fc}, fo);
  const int32_t sm = m.T({1, 12}, type);
  OpOptions so;
  so.type = 9;
  so.beta = 1.0f;
  m.Op(25 /* SOFTMAX */, {fc}, {sm}, so);
  return m.Spec({in}, {sm});
}

ModelSpec SvdfAndLstm() {
  Graph m;
  const int32_t in = m.T({2, 10}, kI8);
  const int32_t feature = m.T({12, 10}, kI8, 1, 120);
  const int32_t time = m.T({12, 4}, kI16, 1, 96);
  const int32_t bias = m.T({6}, kI32, 0, 24);
  const int32_t state = m.Var({2, 48}, kI16);
  const int32_t svdf = m.T({2, 6}, kI8);
  OpOptions so;
  so.type = 6;
  so.rank = 2;
  m.Op(op::kSvdf, {in, feature, time, bias, state}, {svdf}, so);
  const int32_t seq = m.T({2, 3, 2}, kI8);
  m.Op(op::kReshape, {svdf}, {seq});
  std::vector<int32_t> inputs(24, -1);
  inputs[0] = seq;
  for (int i : {1, 2, 3, 4}) inputs[i] = m.T({5, 2}, kI8, 1, 10);
  for (int i : {5, 6, 7, 8}) inputs[i] = m.T({5, 5}, kI8, 1, 25);
  for (int i : {12, 13, 14, 15}) inputs[i] = m.T({5}, kI32, 0, 20);
  inputs[18] = m.Var({2, 5}, kI8);
  inputs[19] = m.Var({2, 5}, kI16);
  const int32_t out = m.T({2, 3, 5}, kI8);
  OpOptions lo;
  lo.type = 71;
  m.Op(op::kUnidirectionalSequenceLstm, inputs, {out}, lo);
  return m.Spec({in}, {out});
}

ModelSpec TransposeConvMeanMatmul() {
  Graph m;
  const int32_t shape = m.T({4}, kI32, 0, 16);
  const int32_t w = m.T({24, 3, 3, 20}, kI8, 24, 24 * 180);
  const int32_t in = m.T({1, 4, 4, 20}, kI8);
  const int32_t up = m.T({1, 8, 8, 24}, kI8);
  m.Op(op::kTransposeConv, {shape, w, in, -1}, {up}, Window(49, 0, 2));
  const int32_t axes = m.T({2}, kI32, 0, 8);
  const int32_t mean = m.T({1, 1, 1, 24}, kI8);
  OpOptions ro;
  ro.type = 27;
  ro.keep_dims = true;
  m.Op(op::kMean, {up, axes}, {mean}, ro);
  const int32_t lhs = m.T({1, 3, 24}, kI8);
  const int32_t rhs = m.T({1, 24, 6}, kI8, 1, 144);
  const int32_t mm = m.T({1, 3, 6}, kI8);
  OpOptions bo;
  bo.type = 101;
  m.Op(126 /* BATCH_MATMUL */, {lhs, rhs}, {mm}, bo);
  return m.Spec({in, lhs}, {mean, mm});
}

std::vector<uint8_t> Flex(const std::vector<std::pair<const char*, int>>& kv) {
  flexbuffers::Builder fbb;
  fbb.Map([&] {
    for (const auto& [key, value] : kv) fbb.Int(key, value);
  });
  fbb.Finish();
  return fbb.GetBuffer();
}

ModelSpec CustomOps() {
  Graph m;
  const int32_t frames = m.T({3, 400}, tensor_type::kInt16, 0);
  const int32_t spectrum = m.T({3, 514}, tensor_type::kInt16, 0);
  OpSpec rfft = MakeOp(op::kCustom, {frames}, {spectrum});
  rfft.custom_code = "SignalRfft";
  rfft.custom_options = Flex({{"T", kI16}, {"fft_length", 512}});
  m.g.ops.push_back(rfft);
  const int32_t bank = m.T({3, 32}, tensor_type::kInt32, 0);
  OpSpec fb = MakeOp(op::kCustom, {spectrum}, {bank});
  fb.custom_code = "SignalFilterBank";
  fb.custom_options = Flex({{"num_channels", 32}});
  m.g.ops.push_back(fb);
  const int32_t boxes = m.T({1, 20, 4}, kF32, 0);
  const int32_t scores = m.T({1, 20, 5}, kF32, 0);
  const int32_t anchors = m.T({20, 4}, kF32, 0, 320);
  std::vector<int32_t> outs;
  for (int i = 0; i < 4; ++i) outs.push_back(m.T({1, 3}, kF32, 0));
  OpSpec det = MakeOp(op::kCustom, {boxes, scores, anchors}, outs);
  det.custom_code = "TFLite_Detection_PostProcess";
  det.custom_options = Flex({{"max_detections", 3}, {"num_classes", 4}});
  m.g.ops.push_back(det);
  return m.Spec({frames, boxes, scores}, {bank, outs[0]});
}

}  // namespace

std::vector<std::pair<std::string, ModelSpec>> SeedKernelModelSpecs() {
  return {
      {"vision_int8", VisionOps(kI8)},
      {"vision_int16", VisionOps(kI16)},
      {"svdf_lstm", SvdfAndLstm()},
      {"transpose_conv_mean_matmul", TransposeConvMeanMatmul()},
      {"custom_ops", CustomOps()},
  };
}

std::vector<std::vector<uint8_t>> SeedCustomOptions() {
  return {Flex({{"T", kI16}, {"fft_length", 512}}),
          Flex({{"T", kF32}, {"fft_length", 256}}),
          Flex({{"num_channels", 32}}),
          Flex({{"max_detections", 10}, {"num_classes", 90}})};
}

}  // namespace arenaplan::fuzz
