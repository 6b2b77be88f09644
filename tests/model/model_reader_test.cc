// Untrusted input: each malformed model gets one line naming the element.
#include "model/model_reader.h"

#include <gtest/gtest.h>

#include "model/builtin_ops.h"
#include "model/example_model.h"
#include "model/model_builder.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

std::string ErrorOf(const std::vector<uint8_t>& bytes) {
  try {
    ReadModel(bytes.data(), bytes.size(), "model.tflite");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kInvalidInput);
    return e.what();
  }
  return "";
}

SubgraphSpec Relu() {
  SubgraphSpec g;
  g.tensors.resize(2);
  g.tensors[0].name = "in";
  g.tensors[0].shape = {4};
  g.tensors[1].name = "out";
  g.tensors[1].shape = {4};
  g.inputs = {0};
  g.outputs = {1};
  g.ops = {MakeOp(op::kRelu, {0}, {1})};
  return g;
}

TEST(ModelReader, ReadsTheExample) {
  const std::vector<uint8_t> bytes = ExampleModel();
  const Model model = ReadModel(bytes.data(), bytes.size(), "example");
  ASSERT_EQ(model.subgraphs.size(), 1u);
  EXPECT_EQ(model.subgraphs[0].operators.size(), 15u);
  EXPECT_EQ(OperatorName(model.subgraphs[0].operators[0]), "CONV_2D");
  EXPECT_FALSE(model.offline_offsets.has_value());
}

TEST(ModelReader, WrongIdentifierAndTruncation) {
  std::vector<uint8_t> bytes = ExampleModel();
  std::vector<uint8_t> renamed = bytes;
  renamed[4] = 'X';
  EXPECT_EQ(ErrorOf(renamed),
            "model.tflite: not a TFLite model (file identifier is not TFL3)");
  EXPECT_EQ(ErrorOf({bytes.begin(), bytes.begin() + 6}),
            "model.tflite: not a TFLite model (file identifier is not TFL3)");
  for (size_t keep : {bytes.size() / 2, bytes.size() - 100, size_t{64}}) {
    EXPECT_EQ(ErrorOf({bytes.begin(), bytes.begin() + keep}),
              "model.tflite: flatbuffer verification failed (corrupt or "
              "truncated file)")
        << keep;
  }
}

TEST(ModelReader, BadRootOffsetIsCaught) {
  std::vector<uint8_t> bytes = ExampleModel();
  bytes[0] = 0xF0;
  bytes[1] = 0xFF;
  bytes[2] = 0xFF;
  bytes[3] = 0x7F;
  EXPECT_EQ(ErrorOf(bytes),
            "model.tflite: flatbuffer verification failed (corrupt or "
            "truncated file)");
}

TEST(ModelReader, TensorIndexOutOfRange) {
  SubgraphSpec g = Relu();
  g.ops[0].inputs = {400};
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({g}))),
            "model.tflite: subgraph 0 op 0 (RELU): input tensor 400 out of "
            "range (2 tensors)");
  g = Relu();
  g.ops[0].outputs = {-1};
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({g}))),
            "model.tflite: subgraph 0 op 0 (RELU): output tensor -1 out of "
            "range (2 tensors)");
  g = Relu();
  g.outputs = {7};
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({g}))),
            "model.tflite: subgraph 0: output tensor 7 out of range (2 "
            "tensors)");
}

TEST(ModelReader, AbsentOptionalInputIsFine) {
  SubgraphSpec g = Relu();
  g.ops[0].inputs = {0, -1};
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({g}))), "");
}

TEST(ModelReader, UnknownOperatorCode) {
  SubgraphSpec g = Relu();
  g.ops[0].code = 4000;
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({g}))),
            "model.tflite: subgraph 0 op 0: unknown builtin operator code "
            "4000");
}

TEST(ModelReader, SubgraphReferenceOutOfRange) {
  SubgraphSpec g = Relu();
  g.ops[0] = MakeOp(op::kWhile, {0}, {1});
  g.ops[0].subgraphs = {0, 5};
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({g}))),
            "model.tflite: subgraph 0 op 0 (WHILE): body subgraph 5 out of "
            "range (1 subgraphs)");
}

TEST(ModelReader, ControlFlowCycle) {
  SubgraphSpec main = Relu();
  main.ops[0] = MakeOp(op::kWhile, {0}, {1});
  main.ops[0].subgraphs = {1, 1};
  SubgraphSpec body = Relu();
  body.ops[0] = MakeOp(op::kWhile, {0}, {1});
  body.ops[0].subgraphs = {1, 1};  // the body runs itself
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({main, body}))),
            "model.tflite: subgraph 1 op 0 (WHILE): control-flow cycle: "
            "subgraph 1 \u2192 1 (TFLM's AllocateTensors fails)");
}

TEST(ModelReader, ShapesAndTypes) {
  SubgraphSpec g = Relu();
  g.tensors[1].shape = {4, -7};
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({g}))),
            "model.tflite: subgraph 0 tensor 1 (out): negative dimension -7");
  g = Relu();
  g.tensors[1].shape = {2147483647, 2147483647, 2147483647};
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({g}))),
            "model.tflite: subgraph 0 tensor 1 (out): byte size overflows");
  g = Relu();
  g.tensors[0].type = tensor_type::kString;
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({g}))),
            "model.tflite: subgraph 0 tensor 0 (in): tensor type STRING "
            "cannot be sized by TFLM");
}

TEST(ModelReader, BuiltinWithCustomOptions) {
  SubgraphSpec g = Relu();
  g.ops[0].custom_options = {1, 2, 3};
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({g}))),
            "model.tflite: subgraph 0 op 0 (RELU): builtin operator carries "
            "custom_options (TFLM refuses)");
}

TEST(ModelReader, NoSubgraphs) {
  EXPECT_EQ(ErrorOf(BuildModel(MakeModel({}))), "model.tflite: model has no subgraphs");
}

}  // namespace
}  // namespace arenaplan
