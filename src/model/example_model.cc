#include "model/example_model.h"

#include "model/builtin_ops.h"

namespace arenaplan {
namespace {

constexpr int32_t kAveragePool2d = 1;
constexpr int32_t kSoftmax = 25;
constexpr int32_t kHardSwish = 117;
// BuiltinOptions union values and the Padding enum (schema).
constexpr uint8_t kConv2DOptions = 1;
constexpr uint8_t kDepthwiseConv2DOptions = 2;
constexpr uint8_t kPool2DOptions = 5;
constexpr uint8_t kFullyConnectedOptions = 8;
constexpr uint8_t kSoftmaxOptions = 9;
constexpr int32_t kPaddingSame = 0;
constexpr int32_t kPaddingValid = 1;

// Deterministic filler for constant weights (content is irrelevant to
// planning; it only makes the constants real data).
std::vector<uint8_t> Weights(size_t count, uint8_t seed) {
  std::vector<uint8_t> data(count);
  uint32_t x = seed * 2654435761u + 1;
  for (uint8_t& byte : data) {
    x = x * 1103515245u + 12345u;
    byte = static_cast<uint8_t>(x >> 16);
  }
  return data;
}

// Adds tensors and ops to one subgraph; weights get a fresh filler seed.
class Graph {
 public:
  int32_t Activation(std::string name, std::vector<int32_t> shape) {
    TensorSpec t;
    t.name = std::move(name);
    t.shape = std::move(shape);
    t.type = tensor_type::kInt8;
    g_.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g_.tensors.size() - 1);
  }
  int32_t Constant(std::string name, std::vector<int32_t> shape, int8_t type,
                   size_t bytes) {
    TensorSpec t;
    t.name = std::move(name);
    t.shape = std::move(shape);
    t.type = type;
    t.data = Weights(bytes, ++seed_);
    g_.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g_.tensors.size() - 1);
  }
  // CONV_2D (kernel k x k) or DEPTHWISE_CONV_2D with int8 weights and int32
  // bias, SAME padding; `out` is the output tensor.
  void Conv(int32_t code, const std::string& name, int32_t in, int32_t out,
            int32_t k, int32_t stride, int32_t in_channels,
            int32_t out_channels) {
    const bool depthwise = code == op::kDepthwiseConv2d;
    const std::vector<int32_t> weights_shape =
        depthwise ? std::vector<int32_t>{1, k, k, out_channels}
                  : std::vector<int32_t>{out_channels, k, k, in_channels};
    const size_t weight_bytes = static_cast<size_t>(k) * k * out_channels *
                                (depthwise ? 1 : in_channels);
    const int32_t w = Constant(name + "/weights", weights_shape,
                               tensor_type::kInt8, weight_bytes);
    const int32_t b = Constant(name + "/bias", {out_channels},
                               tensor_type::kInt32, 4 * out_channels);
    OpSpec op = MakeOp(code, {in, w, b}, {out});
    op.options.type = depthwise ? kDepthwiseConv2DOptions : kConv2DOptions;
    op.options.padding = kPaddingSame;
    op.options.stride_w = op.options.stride_h = stride;
    op.options.depth_multiplier = depthwise ? 1 : 0;
    g_.ops.push_back(std::move(op));
  }
  void Op(int32_t code, std::vector<int32_t> in, int32_t out,
          OpOptions options = {}) {
    OpSpec op = MakeOp(code, std::move(in), {out});
    op.options = options;
    g_.ops.push_back(std::move(op));
  }
  SubgraphSpec& spec() { return g_; }

 private:
  SubgraphSpec g_;
  uint8_t seed_ = 0;
};

}  // namespace

// A MobileNetV3-style int8 classifier for 32x32 RGB images: a stride-2 stem,
// three bottleneck blocks (the first with a HARD_SWISH after its expansion,
// the second a residual one with expansion 1), average pooling and a
// fully-connected head. Chosen so that the plan shows what arenaplan is for:
// TFLM's greedy planner, which places the largest buffers first, ends 25%
// above the optimum (10240 vs 8192 bytes), and letting HARD_SWISH write over
// its dying input (--inplace elementwise) lowers the bound to 6144 bytes.
ModelSpec ExampleModelSpec() {
  Graph g;
  const int32_t image = g.Activation("image", {1, 32, 32, 3});
  const int32_t stem = g.Activation("stem/conv", {1, 16, 16, 8});
  g.Conv(op::kConv2d, "stem/conv", image, stem, 3, 2, 3, 8);

  // Block 1: expand 8 -> 16, HARD_SWISH, depthwise stride 2, project to 24.
  const int32_t expand1 = g.Activation("block1/expand", {1, 16, 16, 16});
  g.Conv(op::kConv2d, "block1/expand", stem, expand1, 1, 1, 8, 16);
  const int32_t swish1 = g.Activation("block1/hard_swish", {1, 16, 16, 16});
  g.Op(kHardSwish, {expand1}, swish1);
  const int32_t dw1 = g.Activation("block1/depthwise", {1, 8, 8, 16});
  g.Conv(op::kDepthwiseConv2d, "block1/depthwise", swish1, dw1, 3, 2, 16, 16);
  const int32_t project1 = g.Activation("block1/project", {1, 8, 8, 24});
  g.Conv(op::kConv2d, "block1/project", dw1, project1, 1, 1, 16, 24);

  // Block 2: depthwise, project, residual ADD.
  const int32_t dw2 = g.Activation("block2/depthwise", {1, 8, 8, 24});
  g.Conv(op::kDepthwiseConv2d, "block2/depthwise", project1, dw2, 3, 1, 24, 24);
  const int32_t project2 = g.Activation("block2/project", {1, 8, 8, 24});
  g.Conv(op::kConv2d, "block2/project", dw2, project2, 1, 1, 24, 24);
  const int32_t residual = g.Activation("block2/residual_add", {1, 8, 8, 24});
  g.Op(op::kAdd, {project1, project2}, residual);

  // Block 3: expand 24 -> 48, depthwise, project to 32.
  const int32_t expand3 = g.Activation("block3/expand", {1, 8, 8, 48});
  g.Conv(op::kConv2d, "block3/expand", residual, expand3, 1, 1, 24, 48);
  const int32_t dw3 = g.Activation("block3/depthwise", {1, 8, 8, 48});
  g.Conv(op::kDepthwiseConv2d, "block3/depthwise", expand3, dw3, 3, 1, 48, 48);
  const int32_t project3 = g.Activation("block3/project", {1, 8, 8, 32});
  g.Conv(op::kConv2d, "block3/project", dw3, project3, 1, 1, 48, 32);

  // Head: average pool, flatten, fully connected, softmax.
  const int32_t pooled = g.Activation("head/avg_pool", {1, 1, 1, 32});
  OpOptions pool;
  pool.type = kPool2DOptions;
  pool.padding = kPaddingValid;
  pool.stride_w = pool.stride_h = 1;
  pool.filter_w = pool.filter_h = 8;
  g.Op(kAveragePool2d, {project3}, pooled, pool);
  const int32_t flat = g.Activation("head/flatten", {1, 32});
  g.Op(op::kReshape, {pooled}, flat);
  const int32_t fc_w =
      g.Constant("head/fc/weights", {10, 32}, tensor_type::kInt8, 320);
  const int32_t fc_b =
      g.Constant("head/fc/bias", {10}, tensor_type::kInt32, 40);
  const int32_t logits = g.Activation("head/logits", {1, 10});
  OpOptions fc;
  fc.type = kFullyConnectedOptions;
  g.Op(op::kFullyConnected, {flat, fc_w, fc_b}, logits, fc);
  const int32_t probs = g.Activation("probabilities", {1, 10});
  OpOptions softmax;
  softmax.type = kSoftmaxOptions;
  softmax.beta = 1.0f;
  g.Op(kSoftmax, {logits}, probs, softmax);

  SubgraphSpec& spec = g.spec();
  spec.name = "mobilenet_v3_style";
  spec.inputs = {image};
  spec.outputs = {probs};
  ModelSpec model;
  model.subgraphs.push_back(std::move(spec));
  model.description =
      "arenaplan example: MobileNetV3-style int8 classifier, 32x32 RGB";
  return model;
}

std::vector<uint8_t> ExampleModel() { return BuildModel(ExampleModelSpec()); }

}  // namespace arenaplan
