// TFLM's buffer-list rules, one small model built in code per rule. Expected
// lifetimes are worked out by hand from the facts doc (section 3) and given
// in the CSV's half-open form [lower, upper).
#include "model/buffer_list.h"

#include <gtest/gtest.h>

#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "problem/error.h"

namespace arenaplan {
namespace {

constexpr int32_t kBool = 6;

struct Row {
  int32_t subgraph, index;
  int32_t lower, upper;
  int64_t size;
  bool operator==(const Row& o) const {
    return subgraph == o.subgraph && index == o.index && lower == o.lower &&
           upper == o.upper && size == o.size;
  }
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << "{sg " << r.subgraph << " t" << r.index << " [" << r.lower
            << "," << r.upper << ") " << r.size << "B}";
}

Model Read(const ModelSpec& spec) {
  const std::vector<uint8_t> bytes = BuildModel(spec);
  return ReadModel(bytes.data(), bytes.size(), "model.tflite");
}

std::vector<Row> Rows(const BufferList& list) {
  std::vector<Row> rows;
  for (const ModelBuffer& b : list.buffers) {
    rows.push_back({b.subgraph, b.index, b.first, b.last + 1, b.size});
  }
  return rows;
}

std::vector<Row> Derive(const ModelSpec& spec) {
  return Rows(DeriveBufferList(Read(spec), "model.tflite"));
}

std::string ErrorOf(const ModelSpec& spec) {
  try {
    const std::vector<uint8_t> bytes = BuildModel(spec);
    DeriveBufferList(ReadModel(bytes.data(), bytes.size(), "model.tflite"),
                     "model.tflite");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TensorSpec T(std::vector<int32_t> shape, int8_t type = tensor_type::kInt8) {
  TensorSpec t;
  t.shape = std::move(shape);
  t.type = type;
  return t;
}

TensorSpec Constant(std::vector<int32_t> shape) {
  TensorSpec t = T(std::move(shape));
  t.data.assign(16, 1);
  return t;
}

OpSpec Op(int32_t code, std::vector<int32_t> in, std::vector<int32_t> out) {
  return MakeOp(code, std::move(in), std::move(out));
}

OpSpec CallOp(int32_t code, std::vector<int32_t> subgraphs,
              std::vector<int32_t> in, std::vector<int32_t> out) {
  OpSpec op = MakeOp(code, std::move(in), std::move(out));
  op.subgraphs = std::move(subgraphs);
  return op;
}

// A subgraph computing out = relu(in) on 4 float elements.
SubgraphSpec ReluBody() {
  SubgraphSpec sg;
  sg.tensors = {T({4}, tensor_type::kFloat32), T({4}, tensor_type::kFloat32)};
  sg.inputs = {0};
  sg.outputs = {1};
  sg.ops = {Op(op::kRelu, {0}, {1})};
  return sg;
}

TEST(BufferList, Chain) {
  SubgraphSpec g;
  g.tensors = {T({1, 16}), T({1, 16}), T({1, 20})};
  g.inputs = {0};
  g.outputs = {2};
  g.ops = {Op(op::kRelu, {0}, {1}), Op(op::kRelu, {1}, {2})};
  // Inputs at 0, op i's output from i+1, the graph output to N = 2; sizes
  // rounded up to 16.
  EXPECT_EQ(Derive(MakeModel({g})),
            (std::vector<Row>{{0, 0, 0, 2, 16}, {0, 1, 1, 3, 16},
                              {0, 2, 2, 3, 32}}));
}

TEST(BufferList, BranchKeepsInputAliveUntilLastReader) {
  SubgraphSpec g;
  g.tensors = {T({64}), T({64}), T({64}), T({64})};
  g.inputs = {0};
  g.outputs = {3};
  g.ops = {Op(op::kRelu, {0}, {1}), Op(op::kRelu, {0}, {2}),
           Op(op::kAdd, {1, 2}, {3})};
  EXPECT_EQ(Derive(MakeModel({g})),
            (std::vector<Row>{{0, 0, 0, 3, 64}, {0, 1, 1, 4, 64},
                              {0, 2, 2, 4, 64}, {0, 3, 3, 4, 64}}));
}

TEST(BufferList, IntermediateGraphOutputLivesToTheEnd) {
  SubgraphSpec g;
  g.tensors = {T({16}), T({16}), T({16})};
  g.inputs = {0};
  g.outputs = {1, 2};
  g.ops = {Op(op::kRelu, {0}, {1}), Op(op::kRelu, {0}, {2})};
  EXPECT_EQ(Derive(MakeModel({g})),
            (std::vector<Row>{{0, 0, 0, 3, 16}, {0, 1, 1, 3, 16},
                              {0, 2, 2, 3, 16}}));
}

TEST(BufferList, ConstantsAndVariablesAreNotPlanned) {
  SubgraphSpec g;
  TensorSpec variable = T({8});
  variable.is_variable = true;
  g.tensors = {T({16}), Constant({16}), variable, T({16})};
  g.inputs = {0};
  g.outputs = {3};
  g.ops = {Op(op::kAdd, {0, 1, 2}, {3})};
  EXPECT_EQ(Derive(MakeModel({g})),
            (std::vector<Row>{{0, 0, 0, 2, 16}, {0, 3, 1, 2, 16}}));
}

TEST(BufferList, ZeroSizeTensors) {
  SubgraphSpec g;
  // t1: unused graph input of 0 bytes (skipped); t2: [0] output of an
  // ordinary op (0 bytes, skipped); t3: RESHAPE to the legacy [0] becomes a
  // scalar (planned, 16 bytes).
  g.tensors = {T({4}), T({0}), T({0}), T({0})};
  g.inputs = {0, 1};
  g.outputs = {2, 3};
  g.ops = {Op(op::kRelu, {0}, {2}), Op(op::kReshape, {0}, {3})};
  g.tensors[0].shape = {1};
  EXPECT_EQ(Derive(MakeModel({g})),
            (std::vector<Row>{{0, 0, 0, 3, 16}, {0, 3, 2, 3, 16}}));
}

TEST(BufferList, ReshapeResolvesMinusOne) {
  SubgraphSpec g;
  g.tensors = {T({2, 3, 8}), T({-1, 4})};
  g.inputs = {0};
  g.outputs = {1};
  g.ops = {Op(op::kReshape, {0}, {1})};
  const BufferList list = DeriveBufferList(Read(MakeModel({g})), "m");
  EXPECT_EQ(list.buffers[1].size, 48);
}

TEST(BufferList, DynamicOutputIsRefused) {
  SubgraphSpec g;
  g.tensors = {T({4}), T({2, 0})};
  g.inputs = {0};
  g.outputs = {1};
  g.ops = {Op(op::kRelu, {0}, {1})};
  EXPECT_EQ(ErrorOf(MakeModel({g})),
            "model.tflite: subgraph 0 op 0 (RELU): output subgraph 0 tensor 1 "
            "has shape 2x0 (TFLM: dynamic tensors are not supported)");
}

TEST(BufferList, IfVisitsThenAndElseInOrder) {
  SubgraphSpec main;
  main.tensors = {T({1}, kBool), T({4}, tensor_type::kFloat32),
                  T({4}, tensor_type::kFloat32)};
  main.inputs = {0, 1};
  main.outputs = {2};
  main.ops = {CallOp(op::kIf, {1, 2}, {0, 1}, {2})};
  // Scope: inputs 0; IF at 1; then-branch entered at 2 (its op at 3);
  // else-branch entered at 4 (its op at 5); IF's inputs/outputs end at 5.
  EXPECT_EQ(Derive(MakeModel({main, ReluBody(), ReluBody()})),
            (std::vector<Row>{{0, 0, 0, 6, 16},
                              {0, 1, 0, 6, 16},
                              {0, 2, 1, 6, 16},
                              {1, 0, 2, 4, 16},
                              {1, 1, 3, 4, 16},
                              {2, 0, 4, 6, 16},
                              {2, 1, 5, 6, 16}}));
}

TEST(BufferList, WhileVisitsCondThenBodyOnce) {
  SubgraphSpec main;
  main.tensors = {T({4}, tensor_type::kFloat32), T({4}, tensor_type::kFloat32)};
  main.inputs = {0};
  main.outputs = {1};
  main.ops = {CallOp(op::kWhile, {1, 2}, {0}, {1})};
  SubgraphSpec cond;
  cond.tensors = {T({4}, tensor_type::kFloat32), T({1}, kBool)};
  cond.inputs = {0};
  cond.outputs = {1};
  cond.ops = {Op(58 /* LESS */, {0}, {1})};
  EXPECT_EQ(Derive(MakeModel({main, cond, ReluBody()})),
            (std::vector<Row>{{0, 0, 0, 6, 16},
                              {0, 1, 1, 6, 16},
                              {1, 0, 2, 4, 16},
                              {1, 1, 3, 4, 16},
                              {2, 0, 4, 6, 16},
                              {2, 1, 5, 6, 16}}));
}

TEST(BufferList, NestedWhileAndSharedBodyKeepFirstAndLastVisit) {
  // Subgraph 1 is both the cond and the body of the outer WHILE, and the
  // body contains another WHILE on subgraph 2 (cond == body too).
  SubgraphSpec main;
  main.tensors = {T({4}, tensor_type::kFloat32), T({4}, tensor_type::kFloat32)};
  main.inputs = {0};
  main.outputs = {1};
  main.ops = {CallOp(op::kWhile, {1, 1}, {0}, {1})};
  SubgraphSpec outer;
  outer.tensors = {T({4}, tensor_type::kFloat32), T({4}, tensor_type::kFloat32)};
  outer.inputs = {0};
  outer.outputs = {1};
  outer.ops = {CallOp(op::kWhile, {2, 2}, {0}, {1})};
  // Visits: the main WHILE at 1; subgraph 1 at 2 (op 3: subgraph 2 at 4
  // op 5, again at 6 op 7), subgraph 1 again at 8 (op 9: subgraph 2 at 10
  // op 11, at 12 op 13).
  EXPECT_EQ(Derive(MakeModel({main, outer, ReluBody()})),
            (std::vector<Row>{{0, 0, 0, 14, 16},
                              {0, 1, 1, 14, 16},
                              {1, 0, 2, 14, 16},
                              {1, 1, 3, 14, 16},
                              {2, 0, 4, 14, 16},
                              {2, 1, 5, 14, 16}}));
}

TEST(BufferList, CallOnceAndUnreachableSubgraph) {
  SubgraphSpec main;
  main.tensors = {T({16}), T({16})};
  main.inputs = {0};
  main.outputs = {1};
  main.ops = {CallOp(op::kCallOnce, {1}, {}, {}), Op(op::kRelu, {0}, {1})};
  SubgraphSpec init;
  init.tensors = {T({32}), T({32})};
  init.ops = {Op(op::kRelu, {0}, {1})};
  // CALL_ONCE at 1 enters subgraph 1 at 2 (its op at 3), RELU at 4. The
  // init subgraph's input is read but never created: (-1, 3). Subgraph 2 is
  // never called: its tensors keep (-1, -1) and are still added.
  EXPECT_EQ(Derive(MakeModel({main, init, ReluBody()})),
            (std::vector<Row>{{0, 0, 0, 5, 16},
                              {0, 1, 4, 5, 16},
                              {1, 0, -1, 4, 32},
                              {1, 1, 3, 4, 32},
                              {2, 0, -1, 0, 16},
                              {2, 1, -1, 0, 16}}));
}

TEST(BufferList, DeprecatedCodeFieldIsNotControlFlow) {
  SubgraphSpec main;
  main.tensors = {T({1}, kBool), T({4}, tensor_type::kFloat32),
                  T({4}, tensor_type::kFloat32)};
  main.inputs = {0, 1};
  main.outputs = {2};
  main.ops = {CallOp(op::kIf, {1, 1}, {0, 1}, {2})};
  main.ops[0].deprecated_code_only = true;
  EXPECT_EQ(Derive(MakeModel({main, ReluBody()})),
            (std::vector<Row>{{0, 0, 0, 2, 16},
                              {0, 1, 0, 2, 16},
                              {0, 2, 1, 2, 16},
                              {1, 0, -1, 0, 16},
                              {1, 1, -1, 0, 16}}));
}

TEST(BufferList, PinnedByMetadata) {
  SubgraphSpec g;
  TensorSpec variable = T({32});
  variable.is_variable = true;
  g.tensors = {T({16}), Constant({16}), variable, T({16})};
  g.inputs = {0};
  g.outputs = {3};
  g.ops = {Op(op::kAdd, {0, 1, 2}, {3})};
  ModelSpec spec = MakeModel({g});
  // Tensor 0 pinned at 64; the constant's entry is ignored; the variable is
  // pinned, so it is planned too; tensor 3 left to TFLM.
  spec.offline_offsets = std::vector<int32_t>{64, 0, 128, -1};
  const BufferList list = DeriveBufferList(Read(spec), "m");
  ASSERT_EQ(list.buffers.size(), 3u);
  EXPECT_EQ(list.buffers[0].pinned_offset, 64);
  EXPECT_EQ(list.buffers[1].index, 2);
  EXPECT_EQ(list.buffers[1].pinned_offset, 128);
  EXPECT_FALSE(list.buffers[2].pinned_offset.has_value());
}

TEST(BufferList, MetadataWithWrongCountIsTflmsError) {
  SubgraphSpec g;
  g.tensors = {T({16}), T({16})};
  g.inputs = {0};
  g.outputs = {1};
  g.ops = {Op(op::kRelu, {0}, {1})};
  ModelSpec spec = MakeModel({g});
  spec.offline_offsets = std::vector<int32_t>{0, 16, 32};
  EXPECT_EQ(ErrorOf(spec),
            "model.tflite: metadata 0 (OfflineMemoryAllocation): 3 offsets but "
            "the model has 2 tensors (TFLM fails AllocateTensors)");
}

TEST(BufferList, VarHandleOutputLivesOutsideTheArena) {
  SubgraphSpec g;
  g.tensors = {T({}, tensor_type::kResource), T({16})};
  g.outputs = {1};
  g.ops = {Op(op::kVarHandle, {}, {0}), Op(143 /* READ_VARIABLE */, {0}, {1})};
  EXPECT_EQ(Derive(MakeModel({g})), (std::vector<Row>{{0, 1, 2, 3, 16}}));
}

TEST(BufferList, ScratchFromRecording) {
  SubgraphSpec g;
  g.tensors = {T({16}), T({16}), T({1}, tensor_type::kInt32)};
  g.inputs = {0};
  g.outputs = {1};
  g.ops = {Op(op::kMean, {0, 2}, {1})};
  g.tensors[2].data.assign(4, 0);
  const Model model = Read(MakeModel({g}));
  BufferList list = DeriveBufferList(model, "m");
  ApplyRecording(model, {{0, 2, 16}, {1, 2, 16}, {1, 2, 48}}, "rec.csv", list);
  ASSERT_EQ(list.buffers.size(), 3u);
  EXPECT_EQ(list.buffers[2].kind, BufferKind::kScratch);
  EXPECT_EQ(list.buffers[2].size, 48);
  EXPECT_EQ(list.buffers[2].name, "scratch 0 of subgraph 0 op 0 (MEAN)");
  EXPECT_TRUE(list.scratch_recorded);

  BufferList again = DeriveBufferList(model, "m");
  try {
    ApplyRecording(model, {{0, 2, 16}, {1, 3, 16}}, "rec.csv", again);
    FAIL() << "a differing tensor row was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("rec.csv: buffer 1 (subgraph 0 "
                                          "tensor 1 '') differs",
                                          0),
              0u)
        << e.what();
  }
}

}  // namespace
}  // namespace arenaplan
