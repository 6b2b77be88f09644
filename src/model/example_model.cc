#include "model/example_model.h"

#include "model/builtin_ops.h"

namespace arenaplan {
namespace {

constexpr int32_t kAveragePool2d = 1;
constexpr int32_t kSoftmax = 25;

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

}  // namespace

ModelSpec ExampleModelSpec() {
  SubgraphSpec g;
  g.name = "residual_classifier";
  const auto tensor = [&](std::string name, std::vector<int32_t> shape,
                          int8_t type = tensor_type::kInt8,
                          std::vector<uint8_t> data = {}) {
    g.tensors.push_back({std::move(name), std::move(shape), type, false,
                         std::move(data), {}});
    return static_cast<int32_t>(g.tensors.size() - 1);
  };
  const int32_t input = tensor("image", {1, 24, 24, 3});
  const int32_t w0 = tensor("stem/weights", {16, 3, 3, 3}, tensor_type::kInt8,
                            Weights(16 * 27, 1));
  const int32_t b0 = tensor("stem/bias", {16}, tensor_type::kInt32,
                            Weights(64, 2));
  const int32_t stem = tensor("stem/relu", {1, 24, 24, 16});
  const int32_t wd = tensor("block/dw_weights", {1, 3, 3, 16},
                            tensor_type::kInt8, Weights(144, 3));
  const int32_t bd = tensor("block/dw_bias", {16}, tensor_type::kInt32,
                            Weights(64, 4));
  const int32_t dw = tensor("block/depthwise", {1, 24, 24, 16});
  const int32_t we = tensor("block/expand_weights", {32, 1, 1, 16},
                            tensor_type::kInt8, Weights(512, 5));
  const int32_t be = tensor("block/expand_bias", {32}, tensor_type::kInt32,
                            Weights(128, 6));
  const int32_t expand = tensor("block/expand", {1, 24, 24, 32});
  const int32_t wp = tensor("block/project_weights", {16, 1, 1, 32},
                            tensor_type::kInt8, Weights(512, 7));
  const int32_t bp = tensor("block/project_bias", {16}, tensor_type::kInt32,
                            Weights(64, 8));
  const int32_t project = tensor("block/project", {1, 24, 24, 16});
  const int32_t residual = tensor("block/residual_add", {1, 24, 24, 16});
  const int32_t pooled = tensor("head/avg_pool", {1, 1, 1, 16});
  const int32_t flat = tensor("head/flatten", {1, -1});
  const int32_t wf = tensor("head/fc_weights", {10, 16}, tensor_type::kInt8,
                            Weights(160, 9));
  const int32_t bf = tensor("head/fc_bias", {10}, tensor_type::kInt32,
                            Weights(40, 10));
  const int32_t logits = tensor("head/logits", {1, 10});
  const int32_t probs = tensor("probabilities", {1, 10});

  g.inputs = {input};
  g.outputs = {probs};
  g.ops = {
      MakeOp(op::kConv2d, {input, w0, b0}, {stem}),
      MakeOp(op::kDepthwiseConv2d, {stem, wd, bd}, {dw}),
      MakeOp(op::kConv2d, {dw, we, be}, {expand}),
      MakeOp(op::kConv2d, {expand, wp, bp}, {project}),
      MakeOp(op::kAdd, {stem, project}, {residual}),
      MakeOp(kAveragePool2d, {residual}, {pooled}),
      MakeOp(op::kReshape, {pooled}, {flat}),
      MakeOp(op::kFullyConnected, {flat, wf, bf}, {logits}),
      MakeOp(kSoftmax, {logits}, {probs}),
  };
  ModelSpec spec;
  spec.subgraphs.push_back(std::move(g));
  spec.description = "arenaplan example: int8 classifier with a residual block";
  return spec;
}

std::vector<uint8_t> ExampleModel() { return BuildModel(ExampleModelSpec()); }

}  // namespace arenaplan
