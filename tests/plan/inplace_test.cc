// Which pairs share in each mode (golden lists on hand-built graphs), the
// groups they form, preserved tensors, the peak, and the corpus targets.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "model/builtin_ops.h"
#include "plan/model_problem.h"
#include "plan/verifier.h"
#include "plan_test_util.h"
#include "problem/error.h"
#include "problem/lower_bound.h"
#include "test_support.h"

namespace arenaplan::testing {
namespace {

const int8_t kF32 = tensor_type::kFloat32;
constexpr int32_t kDynamicUpdateSlice = op::kDynamicUpdateSlice;

ModelSpec OneGraph(SubgraphSpec g) {
  ModelSpec spec;
  spec.subgraphs.push_back(std::move(g));
  return spec;
}

std::vector<uint8_t> Weights(size_t count) {
  return std::vector<uint8_t>(count * 4, 0x3f);
}

// in -FC-> A -RESHAPE-> B -ADD(const)-> C -RELU-> D -FC-> out
ModelSpec Chain() {
  SubgraphSpec g;
  g.tensors = {T("in", {1, 8}, kF32),
               T("w", {8, 8}, kF32, Weights(64)),
               T("A", {1, 8}, kF32),
               T("B", {8}, kF32),
               T("k", {8}, kF32, Weights(8)),
               T("C", {8}, kF32),
               T("D", {8}, kF32),
               T("w2", {4, 8}, kF32, Weights(32)),
               T("out", {1, 4}, kF32)};
  g.inputs = {0};
  g.outputs = {8};
  g.ops = {MakeOp(op::kFullyConnected, {0, 1}, {2}),
           MakeOp(op::kReshape, {2}, {3}), MakeOp(op::kAdd, {3, 4}, {5}),
           MakeOp(op::kRelu, {5}, {6}),
           MakeOp(op::kFullyConnected, {6, 7}, {8})};
  return OneGraph(g);
}

std::vector<std::vector<std::string>> GroupNames(const ModelPlan& plan) {
  std::vector<std::vector<std::string>> names;
  for (const SharedGroup& group : plan.problem.groups) {
    names.emplace_back();
    for (int32_t m : group.members) {
      names.back().push_back(plan.list.buffers[m].name);
    }
  }
  return names;
}

using Names = std::vector<std::vector<std::string>>;

TEST(Inplace, ModeNamesRoundTrip) {
  for (InplaceMode mode :
       {InplaceMode::kOff, InplaceMode::kSafe, InplaceMode::kElementwise}) {
    EXPECT_EQ(ParseInplaceMode(InplaceModeName(mode)), mode);
  }
  EXPECT_THROW(ParseInplaceMode("all"), Error);
}

TEST(Inplace, ChainFormsOneGroupPerMode) {
  EXPECT_EQ(GroupNames(PlanSpec(Chain(), InplaceMode::kOff)), Names{});
  EXPECT_EQ(GroupNames(PlanSpec(Chain(), InplaceMode::kSafe)),
            (Names{{"A", "B"}}));
  const ModelPlan plan = PlanSpec(Chain(), InplaceMode::kElementwise);
  EXPECT_EQ(GroupNames(plan), (Names{{"A", "B", "C", "D"}}));
  ASSERT_EQ(plan.shared_pairs.size(), 3u);
  EXPECT_EQ(plan.shared_pairs[0].op, 1);
  EXPECT_EQ(plan.shared_pairs[2].op, 3);
  // Members of the group sit at one offset.
  const auto& offsets = plan.solve.plan.offsets;
  for (int32_t m : plan.problem.groups[0].members) {
    EXPECT_EQ(offsets[m], offsets[plan.problem.groups[0].members[0]]);
  }
  EXPECT_LE(plan.solve.lower_bound, plan.baseline_lower_bound);
}

TEST(Inplace, GraphInputsAndOutputsNeverShareAsInput) {
  SubgraphSpec g;
  g.tensors = {T("in", {1, 8}, kF32), T("A", {8}, kF32), T("B", {1, 8}, kF32)};
  g.inputs = {0};
  g.outputs = {1, 2};  // A is an output, read by the second RESHAPE
  g.ops = {MakeOp(op::kReshape, {0}, {1}), MakeOp(op::kReshape, {1}, {2})};
  EXPECT_EQ(GroupNames(PlanSpec(OneGraph(g), InplaceMode::kElementwise)),
            Names{});
}

TEST(Inplace, InputReadLaterDoesNotShare) {
  SubgraphSpec g;
  g.tensors = {T("in", {1, 8}, kF32), T("A", {1, 8}, kF32), T("B", {8}, kF32),
               T("C", {1, 8}, kF32)};
  g.inputs = {0};
  g.outputs = {3};
  g.ops = {MakeOp(op::kRelu, {0}, {1}), MakeOp(op::kReshape, {1}, {2}),
           MakeOp(op::kRelu, {1}, {3})};  // A read again after the RESHAPE
  // RELU(A) -> C may share (A dies there); RESHAPE(A) -> B may not.
  EXPECT_EQ(GroupNames(PlanSpec(OneGraph(g), InplaceMode::kElementwise)),
            (Names{{"A", "C"}}));
  EXPECT_EQ(GroupNames(PlanSpec(OneGraph(g), InplaceMode::kSafe)), Names{});
}

TEST(Inplace, TwoDyingInputsShareTheFirstOnly) {
  SubgraphSpec g;
  g.tensors = {T("in", {1, 8}, kF32),
               T("A", {1, 8}, kF32),
               T("B", {1, 8}, kF32),
               T("C", {1, 8}, kF32),
               T("D", {1, 4}, kF32),
               T("w", {8, 8}, kF32, Weights(64)),
               T("w2", {4, 8}, kF32, Weights(32))};
  g.inputs = {0};
  g.outputs = {4};
  g.ops = {
      MakeOp(op::kRelu, {0}, {1}), MakeOp(op::kFullyConnected, {0, 5}, {2}),
      MakeOp(op::kMul, {1, 2}, {3}), MakeOp(op::kFullyConnected, {3, 6}, {4})};
  // FULLY_CONNECTED reads `in` after RELU, so RELU(in) may not share either.
  EXPECT_EQ(GroupNames(PlanSpec(OneGraph(g), InplaceMode::kElementwise)),
            (Names{{"A", "C"}}));
}

TEST(Inplace, BroadcastInputIsSkippedForTheFullOne) {
  SubgraphSpec g;
  g.tensors = {T("x", {8}, kF32), T("m", {2, 8}, kF32), T("v", {8}, kF32),
               T("M", {2, 8}, kF32), T("out", {2, 8}, kF32)};
  g.inputs = {0, 1};
  g.outputs = {4};
  g.ops = {MakeOp(op::kRelu, {0}, {2}), MakeOp(op::kRelu, {1}, {3}),
           MakeOp(op::kAdd, {2, 3}, {4})};
  const ModelPlan plan = PlanSpec(OneGraph(g), InplaceMode::kElementwise);
  ASSERT_EQ(plan.shared_pairs.size(), 1u);
  EXPECT_EQ(plan.shared_pairs[0].op, 2);
  EXPECT_EQ(plan.shared_pairs[0].input_position, 1);
  EXPECT_EQ(GroupNames(plan), (Names{{"M", "out"}}));
}

TEST(Inplace, DifferentTypesOrShapesDoNotShare) {
  SubgraphSpec g;
  g.tensors = {
      T("in", {1, 4}, tensor_type::kInt32), T("A", {1, 4}, tensor_type::kInt32),
      T("B", {4}, kF32),                         // same bytes, other type
      T("C", {4}, kF32), T("D", {1, 4}, kF32)};  // same bytes, other shape
  g.inputs = {0};
  g.outputs = {4};
  g.ops = {MakeOp(op::kRelu, {0}, {1}), MakeOp(op::kReshape, {1}, {2}),
           MakeOp(op::kRelu, {2}, {3}), MakeOp(op::kRelu, {3}, {4})};
  EXPECT_EQ(GroupNames(PlanSpec(OneGraph(g), InplaceMode::kElementwise)),
            (Names{{"B", "C"}}));
}

TEST(Inplace, DynamicUpdateSliceSharesItsOperandInSafeMode) {
  SubgraphSpec g;
  g.tensors = {
      T("in", {1, 8}, kF32), T("A", {1, 8}, kF32), T("u", {1, 2}, kF32),
      T("start", {2}, tensor_type::kInt32, Weights(2)), T("out", {1, 8}, kF32)};
  g.inputs = {0, 2};
  g.outputs = {4};
  g.ops = {MakeOp(op::kRelu, {0}, {1}),
           MakeOp(kDynamicUpdateSlice, {1, 2, 3}, {4})};
  EXPECT_EQ(GroupNames(PlanSpec(OneGraph(g), InplaceMode::kSafe)),
            (Names{{"A", "out"}}));
}

// Subgraph 0 calls subgraph 1 (k -RELU-> A -RESHAPE-> B -RELU-> C) through
// `calls` CALL_ONCE ops.
ModelSpec CalledSubgraph(int calls) {
  SubgraphSpec main;
  main.tensors = {T("x", {1, 8}), T("y", {1, 8})};
  main.inputs = {0};
  main.outputs = {1};
  for (int i = 0; i < calls; ++i) {
    OpSpec call = MakeOp(op::kCallOnce, {}, {});
    call.subgraphs = {1};
    main.ops.push_back(call);
  }
  main.ops.push_back(MakeOp(op::kRelu, {0}, {1}));
  SubgraphSpec init;
  init.tensors = {T("k", {1, 8}, kF32, Weights(8)), T("A", {1, 8}), T("B", {8}),
                  T("C", {8})};
  init.ops = {MakeOp(op::kRelu, {0}, {1}), MakeOp(op::kReshape, {1}, {2}),
              MakeOp(op::kRelu, {2}, {3})};
  ModelSpec spec;
  spec.subgraphs = {main, init};
  return spec;
}

TEST(Inplace, SubgraphVisitedOnceSharesTwiceDoesNot) {
  EXPECT_EQ(GroupNames(PlanSpec(CalledSubgraph(1), InplaceMode::kSafe)),
            (Names{{"A", "B"}}));
  EXPECT_EQ(GroupNames(PlanSpec(CalledSubgraph(2), InplaceMode::kElementwise)),
            Names{});
}

TEST(Inplace, PinnedTensorsDoNotShare) {
  ModelSpec spec = Chain();
  // Pin B (tensor 3) by metadata; everything else planned online.
  std::vector<int32_t> offsets(spec.subgraphs[0].tensors.size(), -1);
  offsets[3] = 0;
  spec.offline_offsets = offsets;
  EXPECT_EQ(GroupNames(PlanSpec(spec, InplaceMode::kElementwise)),
            (Names{{"C", "D"}}));
}

TEST(Inplace, PreservedTensorsLiveToTheEndAndNeverShare) {
  PlanOptions options;
  options.inplace = InplaceMode::kElementwise;
  options.preserve = {"C"};
  const ModelPlan plan = PlanSpec(Chain(), options);
  EXPECT_EQ(GroupNames(plan), (Names{{"A", "B"}}));
  ASSERT_EQ(plan.preserved.size(), 1u);
  const int32_t c = plan.preserved[0];
  EXPECT_EQ(plan.list.buffers[c].name, "C");
  EXPECT_EQ(plan.problem.buffers[c].upper,
            static_cast<int64_t>(plan.list.steps.size()));
}

TEST(Inplace, PreserveAllKeepsEveryTensorAndSharesNothing) {
  PlanOptions options;
  options.inplace = InplaceMode::kElementwise;
  options.preserve_all = true;
  const ModelPlan plan = PlanSpec(Chain(), options);
  EXPECT_TRUE(plan.shared_pairs.empty());
  EXPECT_EQ(plan.preserved.size(), plan.list.buffers.size());
  for (const Buffer& b : plan.problem.buffers) {
    EXPECT_EQ(b.upper, static_cast<int64_t>(plan.list.steps.size()));
  }
  // Every tensor alive together: the arena is the sum of all sizes.
  int64_t total = 0;
  for (const Buffer& b : plan.problem.buffers) total += b.size;
  EXPECT_EQ(plan.solve.height, total);
}

TEST(Inplace, UnknownPreserveNameIsAUsageError) {
  PlanOptions options;
  options.preserve = {"no_such_tensor"};
  try {
    PlanSpec(Chain(), options);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("no_such_tensor"), std::string::npos);
  }
}

TEST(Groups, VerifierAndBoundTreatAGroupAsOneBuffer) {
  Problem p;
  p.buffers = {{16, 0, 2, 16, {}}, {16, 1, 3, 16, {}}, {32, 0, 3, 16, {}}};
  EXPECT_EQ(MaxLiveLowerBound(p), 64);
  p.groups = {{{0, 1}}};
  EXPECT_EQ(MaxLiveLowerBound(p), 48);
  const CollapsedProblem c = CollapseGroups(p);
  ASSERT_EQ(c.collapsed.buffers.size(), 2u);
  EXPECT_EQ(c.collapsed.buffers[0].lower, 0);
  EXPECT_EQ(c.collapsed.buffers[0].upper, 3);
  EXPECT_TRUE(VerifyPlan(p, Plan{{32, 32, 0}}).ok);
  EXPECT_FALSE(VerifyPlan(p, Plan{{32, 48, 0}}).ok);  // members apart
  p.groups.clear();
  EXPECT_FALSE(VerifyPlan(p, Plan{{32, 32, 0}}).ok);  // undeclared overlap
}

TEST(Peak, StepsReachTheBoundWithTheirTensorsLargestFirst) {
  const ModelPlan plan = PlanSpec(Chain(), InplaceMode::kElementwise);
  EXPECT_EQ(plan.peak.bytes, plan.solve.lower_bound);
  ASSERT_FALSE(plan.peak.steps.empty());
  for (const PeakStep& step : plan.peak.steps) {
    int64_t sum = 0;
    for (size_t i = 0; i < step.alive.size(); ++i) {
      sum += step.alive[i].bytes;
      if (i) {
        EXPECT_GE(step.alive[i - 1].bytes, step.alive[i].bytes);
      }
    }
    EXPECT_EQ(sum, plan.peak.bytes);
  }
  // At the first FC its input and the shared group A = B = C = D are alive.
  EXPECT_EQ(plan.peak.steps[0].op_name, "FULLY_CONNECTED");
}

TEST(Peak, ALongPlateauIsCountedNotSpelledOut) {
  SubgraphSpec g;
  g.tensors.push_back(T("t0", {1, 8}));
  for (int32_t i = 1; i <= 40; ++i) {
    g.tensors.push_back(T("t" + std::to_string(i), {1, 8}));
    g.ops.push_back(MakeOp(op::kFullyConnected, {i - 1}, {i}));
  }
  g.inputs = {0};
  g.outputs = {40};
  const ModelPlan plan = PlanSpec(OneGraph(g), InplaceMode::kOff);
  EXPECT_EQ(plan.peak.bytes, 64);
  EXPECT_EQ(plan.peak.step_count, 40);
  EXPECT_EQ(plan.peak.steps.size(), kMaxPeakSteps);
  EXPECT_NE(PeakText(plan.peak).find("and 31 more steps"), std::string::npos)
      << PeakText(plan.peak);
}

TEST(Peak, PinsThatMayOverlapCountOnce) {
  // Offline metadata may pin tensors on top of each other (Vela does): the
  // peak counts the bytes they cover, as the bound does, not their sum.
  SubgraphSpec g;
  g.tensors = {T("in", {1, 16}), T("mid", {1, 8}), T("out", {1, 8})};
  g.ops = {MakeOp(op::kFullyConnected, {0}, {1}),
           MakeOp(op::kFullyConnected, {1}, {2})};
  g.inputs = {0};
  g.outputs = {2};
  ModelSpec spec = OneGraph(g);
  spec.offline_offsets = std::vector<int32_t>{0, 0, -1};  // mid inside in
  const ModelPlan plan = PlanSpec(spec, InplaceMode::kOff);
  // Entry: in (64 bytes); op 0: in covers mid (32), so 64, not 96; op 1:
  // mid + out = 64.
  EXPECT_EQ(plan.peak.bytes, 64);
  EXPECT_EQ(plan.peak.bytes, plan.solve.lower_bound);
  EXPECT_EQ(plan.peak.step_count, 3);
  EXPECT_NE(PeakText(plan.peak).find("64 bytes alive at step 0 (subgraph 0 "
                                     "entry):\n  64 B  in  1x16 FLOAT32\n"
                                     "  also reached at step 1 (op 0 "
                                     "FULLY_CONNECTED), step 2 (op 1 "),
            std::string::npos)
      << PeakText(plan.peak);
}

}  // namespace
}  // namespace arenaplan::testing
