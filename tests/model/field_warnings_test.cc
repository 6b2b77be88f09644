// What field models and reports showed TFLM doing silently (inputs like
// ../shared/corpus/bug-cases/, rebuilt here with the model builder): each
// becomes one warning line, or an error that names the cause.
#include <gtest/gtest.h>

#include <filesystem>

#include "model/buffer_list.h"
#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

TensorSpec Float(std::string name, std::vector<uint8_t> data = {}) {
  TensorSpec t;
  t.name = std::move(name);
  t.shape = {1, 16};
  t.type = tensor_type::kFloat32;
  t.data = std::move(data);
  return t;
}

// x -> ADD(x, c) -> a -> MUL(a, x) -> y, every activation 64 bytes.
SubgraphSpec AddMul() {
  SubgraphSpec g;
  g.tensors = {Float("x"), Float("a"), Float("y"),
               Float("c", std::vector<uint8_t>(64, 1))};
  g.inputs = {0};
  g.outputs = {2};
  g.ops = {MakeOp(op::kAdd, {0, 3}, {1}), MakeOp(op::kMul, {1, 0}, {2})};
  return g;
}

// One-op subgraph: in -> RELU -> out.
SubgraphSpec Relu() {
  SubgraphSpec g;
  g.tensors = {Float("in"), Float("out")};
  g.inputs = {0};
  g.outputs = {1};
  g.ops = {MakeOp(op::kRelu, {0}, {1})};
  return g;
}

Model Read(const ModelSpec& spec) {
  const std::vector<uint8_t> bytes = BuildModel(spec);
  return ReadModel(bytes.data(), bytes.size(), "m.tflite");
}

std::string ErrorOf(const ModelSpec& spec) {
  try {
    const Model model = Read(spec);
    DeriveBufferList(model, "m.tflite");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// main: IF(cond) calling then/else subgraphs that are Relu().
ModelSpec IfModel(bool deprecated_code_only, int32_t code = op::kIf) {
  SubgraphSpec main = Relu();
  main.ops[0] = MakeOp(code, {0}, {1});
  main.ops[0].subgraphs = {1, 2};
  main.ops[0].deprecated_code_only = deprecated_code_only;
  return MakeModel({main, Relu(), Relu()});
}

TEST(FieldWarnings, IfOnlyInTheOldCodeFieldIsNamed) {
  const Model model = Read(IfModel(true));
  ASSERT_EQ(model.warnings.size(), 1u);
  EXPECT_TRUE(Contains(model.warnings[0],
                       "subgraph 0 op 0 (IF): its code is stored only in the "
                       "old deprecated_builtin_code field"))
      << model.warnings[0];
  // As in TFLM: no lifetime for the branch subgraphs' tensors.
  const BufferList list = DeriveBufferList(model, "m.tflite");
  for (const ModelBuffer& b : list.buffers) {
    if (b.subgraph > 0) {
      EXPECT_EQ(b.first, -1) << b.name;
    }
  }
  const Model whole = Read(IfModel(false));
  EXPECT_TRUE(whole.warnings.empty());
}

TEST(FieldWarnings, WhileOnlyInTheOldCodeFieldIsNamed) {
  const Model model = Read(IfModel(true, op::kWhile));
  ASSERT_EQ(model.warnings.size(), 1u);
  EXPECT_TRUE(Contains(model.warnings[0], "subgraph 0 op 0 (WHILE)"))
      << model.warnings[0];
}

TEST(FieldWarnings, DataOutsideTheFlatbufferIsPlannedAsAnActivation) {
  ModelSpec spec = MakeModel({AddMul()});
  spec.subgraphs[0].tensors[3].data.clear();
  spec.subgraphs[0].tensors[3].external_bytes = 64;
  const Model model = Read(spec);
  ASSERT_EQ(model.warnings.size(), 1u);
  EXPECT_TRUE(Contains(model.warnings[0],
                       "1 tensor(s) keep their data outside the flatbuffer "
                       "(Buffer offset/size), e.g. subgraph 0 tensor 3 (c)"))
      << model.warnings[0];
  const BufferList list = DeriveBufferList(model, "m.tflite");
  ASSERT_EQ(list.buffers.size(), 4u) << "c is planned as TFLM plans it";
  EXPECT_EQ(list.buffers[3].name, "c");
  EXPECT_TRUE(Read(MakeModel({AddMul()})).warnings.empty());
}

TEST(FieldWarnings, TrailingMetadataBytesAreAcceptedWithAWarning) {
  for (size_t extra : {2u, 4u, 7u}) {
    ModelSpec spec = MakeModel({AddMul()});
    spec.offline_offsets = std::vector<int32_t>{0, 64, -1, -1};
    spec.offline_trailing_bytes = extra;
    const Model model = Read(spec);
    ASSERT_TRUE(model.offline_offsets.has_value());
    EXPECT_EQ(*model.offline_offsets, (std::vector<int32_t>{0, 64, -1, -1}));
    ASSERT_EQ(model.warnings.size(), 1u);
    EXPECT_EQ(model.warnings[0],
              "metadata 0 (OfflineMemoryAllocation): " + std::to_string(extra) +
                  " byte(s) after the last of its 4 offsets; TFLM reads the "
                  "offsets and ignores them");
  }
}

TEST(FieldWarnings, MutualRecursionNamesTheCycle) {
  // 0 calls 1; 1 calls 2; 2 calls 1.
  SubgraphSpec main = Relu();
  main.ops[0] = MakeOp(op::kIf, {0}, {1});
  main.ops[0].subgraphs = {1, 1};
  SubgraphSpec one = main;
  one.ops[0].subgraphs = {2, 2};
  SubgraphSpec two = main;
  EXPECT_EQ(ErrorOf(MakeModel({main, one, two})),
            "m.tflite: subgraph 2 op 0 (IF): control-flow cycle: subgraph 1 "
            "\u2192 2 \u2192 1 (TFLM's AllocateTensors fails)");
}

TEST(FieldWarnings, FlexOpsAreNamedWhenTheyMakeTheModelUnplannable) {
  // TensorList ops of select-TF produce VARIANT tensors TFLM cannot size.
  SubgraphSpec g = Relu();
  g.tensors.push_back(Float("list"));
  g.tensors.back().type = tensor_type::kVariant;
  OpSpec reserve = MakeOp(op::kCustom, {0}, {2});
  reserve.custom_code = "FlexTensorListReserve";
  g.ops.insert(g.ops.begin(), reserve);
  const std::string error = ErrorOf(MakeModel({g}));
  EXPECT_EQ(error,
            "m.tflite: subgraph 0 tensor 2 (list): tensor type VARIANT cannot "
            "be sized by TFLM (the model uses Flex ops FlexTensorListReserve: "
            "select-TF ops, which TFLM cannot run)");
}

TEST(FieldWarnings, PlannableFlexOpsAreAWarning) {
  SubgraphSpec g = Relu();
  g.ops[0] = MakeOp(op::kCustom, {0}, {1});
  g.ops[0].custom_code = "FlexErf";
  const Model model = Read(MakeModel({g}));
  ASSERT_EQ(model.warnings.size(), 1u);
  EXPECT_TRUE(Contains(model.warnings[0], "the model uses Flex ops FlexErf"))
      << model.warnings[0];
}

TEST(FieldWarnings, DequantizeOfFloat16IsNamed) {
  SubgraphSpec g = Relu();
  g.tensors[0].type = tensor_type::kFloat16;
  g.ops[0] = MakeOp(op::kDequantize, {0}, {1});
  SubgraphSpec twice = g;
  twice.tensors.push_back(twice.tensors[0]);
  twice.tensors.push_back(twice.tensors[1]);
  twice.inputs = {0, 2};
  twice.outputs = {1, 3};
  twice.ops.push_back(MakeOp(op::kDequantize, {2}, {3}));
  const Model model = Read(MakeModel({twice}));
  ASSERT_EQ(model.warnings.size(), 1u) << "one line for all such ops";
  EXPECT_EQ(model.warnings[0],
            "2 DEQUANTIZE op(s) from FLOAT16 to FLOAT32 (first: subgraph 0 op "
            "0 (DEQUANTIZE)): TFLM's DEQUANTIZE kernel cannot run FLOAT16 "
            "input (it takes INT8, INT16 or UINT8 to FLOAT32), so "
            "AllocateTensors fails on the device; planned as if it ran");
  // The plan is still made.
  EXPECT_EQ(DeriveBufferList(model, "m.tflite").buffers.size(), 4u);
  g.tensors[0].type = tensor_type::kInt8;
  EXPECT_TRUE(Read(MakeModel({g})).warnings.empty());
}

TEST(FieldWarnings, DirectoryIsNamedAsSuch) {
  const std::string dir = testing::TempDir("a_directory");
  try {
    ReadFileBytes(dir);
    FAIL() << "a directory was read";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              dir + ": is a directory, not a .tflite file");
    EXPECT_EQ(e.code(), ExitCode::kIo);
  }
}

}  // namespace
}  // namespace arenaplan
