// Builtin options and quantization survive the builder and the reader.
#include <gtest/gtest.h>

#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/model_reader.h"

namespace arenaplan {
namespace {

constexpr uint8_t kConv2DOptions = 1;
constexpr uint8_t kFullyConnectedOptions = 8;

ModelSpec ConvModel(const OpOptions& options) {
  SubgraphSpec g;
  g.tensors.resize(3);
  g.tensors[0].shape = {1, 8, 8, 3};
  g.tensors[1].shape = {4, 3, 3, 3};
  g.tensors[1].data.assign(4 * 3 * 3 * 3, 1);
  g.tensors[1].quantization.present = true;
  g.tensors[1].quantization.scale = {0.5f, 0.25f, 0.125f, 1.0f};
  g.tensors[1].quantization.zero_point = {0, 0, 0, 0};
  g.tensors[1].quantization.quantized_dimension = 0;
  g.tensors[2].shape = {1, 4, 4, 4};
  g.inputs = {0};
  g.outputs = {2};
  OpSpec conv = MakeOp(op::kConv2d, {0, 1, -1}, {2});
  conv.options = options;
  g.ops = {conv};
  return MakeModel({g});
}

TEST(OpOptions, ConvOptionsAndQuantizationRoundTrip) {
  OpOptions conv;
  conv.type = kConv2DOptions;
  conv.padding = 1;
  conv.stride_w = 2;
  conv.stride_h = 3;
  conv.dilation_w = 2;
  conv.activation = 3;
  const std::vector<uint8_t> bytes = BuildModel(ConvModel(conv));
  const Model model = ReadModel(bytes.data(), bytes.size(), "conv");
  const ModelOperator& op = model.subgraphs[0].operators[0];
  EXPECT_EQ(op.options.type, kConv2DOptions);
  EXPECT_EQ(op.options.padding, 1);
  EXPECT_EQ(op.options.stride_w, 2);
  EXPECT_EQ(op.options.stride_h, 3);
  EXPECT_EQ(op.options.dilation_w, 2);
  EXPECT_EQ(op.options.dilation_h, 1);  // schema default
  EXPECT_EQ(op.options.activation, 3);
  const ModelTensor& filter = model.subgraphs[0].tensors[1];
  EXPECT_TRUE(filter.quantization.present);
  EXPECT_EQ(filter.quantization.scale.size(), 4u);
  EXPECT_EQ(filter.quantization.zero_point.size(), 4u);
  EXPECT_EQ(filter.data_size, 108u);
  EXPECT_EQ(filter.data.size(), 108u);
  EXPECT_FALSE(model.subgraphs[0].tensors[0].quantization.present);
}

TEST(OpOptions, AbsentTableLeavesDefaults) {
  OpOptions none;
  const std::vector<uint8_t> bytes = BuildModel(ConvModel(none));
  const Model model = ReadModel(bytes.data(), bytes.size(), "conv");
  const OpOptions& got = model.subgraphs[0].operators[0].options;
  EXPECT_EQ(got.type, 0);
  EXPECT_EQ(got.stride_w, 0);
  EXPECT_EQ(got.dilation_w, 1);
}

TEST(OpOptions, FullyConnectedOptions) {
  OpOptions fc;
  fc.type = kFullyConnectedOptions;
  fc.keep_num_dims = true;
  fc.activation = 1;
  const std::vector<uint8_t> bytes = BuildModel(ConvModel(fc));
  const Model model = ReadModel(bytes.data(), bytes.size(), "fc");
  const OpOptions& got = model.subgraphs[0].operators[0].options;
  EXPECT_EQ(got.type, kFullyConnectedOptions);
  EXPECT_TRUE(got.keep_num_dims);
  EXPECT_EQ(got.activation, 1);
}

}  // namespace
}  // namespace arenaplan
