// Pinned buffers (OfflineMemoryAllocation) as TFLM takes them: overlapping
// pins are warned about, pins off the 16-byte grid qualify the bound and
// never let a plan be called optimal when TFLM's greedy planner does better,
// and Vela's scratch areas count once in the peak explanation.
#include <gtest/gtest.h>

#include "model/builtin_ops.h"
#include "plan/pin_checks.h"
#include "plan_test_util.h"

namespace arenaplan::testing {
namespace {

// x -> ADD(x, c) -> a -> MUL(a, c) -> y: x alive [0, 2), a [1, 3),
// y [2, 3), 64 bytes each (as ../shared/corpus/bug-cases/offline_pin_*).
ModelSpec AddMul(std::vector<int32_t> offsets) {
  SubgraphSpec g;
  g.tensors = {
      T("x", {1, 16}), T("a", {1, 16}), T("y", {1, 16}),
      T("c", {1, 16}, tensor_type::kFloat32, std::vector<uint8_t>(64, 1))};
  g.inputs = {0};
  g.outputs = {2};
  g.ops = {MakeOp(op::kAdd, {0, 3}, {1}), MakeOp(op::kMul, {1, 3}, {2})};
  ModelSpec spec = MakeModel({g});
  spec.offline_offsets = std::move(offsets);
  return spec;
}

ModelPlan Plan(const ModelSpec& spec) {
  return PlanSpec(spec, InplaceMode::kOff);
}

bool AnyContains(const std::vector<std::string>& lines,
                 const std::string& part) {
  for (const std::string& line : lines) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(PinWarnings, PinsOverlappingWhileAliveAreWarned) {
  // x and a both at 0 and alive together at step 1.
  const ModelPlan plan = Plan(AddMul({0, 0, -1, -1}));
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0],
            "1 pair(s) of pinned tensors overlap in memory while both are "
            "alive, e.g. subgraph 0 tensor 0 (x) [0, 64) and subgraph 0 "
            "tensor 1 (a) [0, 64) at step 1 (subgraph 0 op 0 ADD): TFLM takes "
            "OfflineMemoryAllocation offsets as given, so they overwrite each "
            "other unless the kernels expect it");
  // Taken as given: the plan keeps both pins.
  EXPECT_EQ(plan.solve.plan.offsets[0], 0);
  EXPECT_EQ(plan.solve.plan.offsets[1], 0);
}

TEST(PinWarnings, PinsSharingBytesAtDifferentTimesAreFine) {
  // x [0, 2) and y [2, 3) never meet.
  EXPECT_TRUE(Plan(AddMul({0, 64, 0, -1})).warnings.empty());
  // Alive together but apart in memory.
  EXPECT_TRUE(Plan(AddMul({0, 64, 128, -1})).warnings.empty());
}

TEST(PinWarnings, VelaScratchPairIsOneRegionAndNoWarning) {
  // Vela's shape: the NPU op reads the scratch and fast-scratch areas,
  // pinned on top of each other, with its input inside them.
  SubgraphSpec g;
  g.tensors = {T("in", {1, 16}), T("out", {1, 16}),
               T("g_scratch", {1, 64}, tensor_type::kInt8),
               T("g_scratch_fast", {1, 64}, tensor_type::kInt8)};
  g.inputs = {0};
  g.outputs = {1};
  OpSpec npu = MakeOp(op::kCustom, {0, 2, 3}, {1});
  npu.custom_code = "ethos-u";
  g.ops = {npu};
  ModelSpec spec = MakeModel({g});
  spec.offline_offsets = std::vector<int32_t>{0, 64, 0, 0};
  const ModelPlan plan = Plan(spec);
  EXPECT_TRUE(plan.warnings.empty()) << plan.warnings[0];
  // The peak: in [0, 64) inside the scratch areas [0, 64), and out [64, 128)
  // beside them: 128 bytes, two entries.
  ASSERT_FALSE(plan.peak.steps.empty());
  EXPECT_EQ(plan.peak.bytes, 128);
  const PeakStep& step = plan.peak.steps[0];
  int64_t listed = 0;
  bool region = false;
  for (const PeakEntry& e : step.alive) {
    listed += e.bytes;
    if (e.names.find("g_scratch + g_scratch_fast") != std::string::npos) {
      region = true;
      EXPECT_EQ(e.shape, "one pinned region [0, 64)");
      EXPECT_EQ(e.bytes, 64);
    }
  }
  EXPECT_TRUE(region) << PeakText(plan.peak);
  EXPECT_EQ(listed, plan.peak.bytes) << PeakText(plan.peak);
  EXPECT_EQ(PeakText(plan.peak).find("g_scratch  "), std::string::npos)
      << "no scratch area listed on its own at full extent:\n"
      << PeakText(plan.peak);
}

TEST(PinWarnings, UnalignedPinIsNotCalledOptimalWhenTflmGreedyDoesBetter) {
  // x pinned at 8: TFLM's greedy puts y at 0 and a at 72 (136 bytes); with
  // a 16-aligned the least is 144.
  const ModelPlan plan = Plan(AddMul({8, -1, -1, -1}));
  EXPECT_EQ(plan.tflm_greedy_height, 136);
  EXPECT_EQ(plan.solve.height, 144);
  EXPECT_FALSE(plan.solve.optimal);
  EXPECT_TRUE(plan.bound_for_16_aligned_only);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0],
            "subgraph 0 tensor 0 (x) is pinned at offset 8, not a multiple of "
            "16: the lower bound and the plan hold for plans that keep the "
            "other buffers 16-aligned; TFLM's greedy planner, placing them "
            "off the 16-byte grid, needs 136 bytes, 8 less than this plan "
            "(not optimal, but the checking planner accepts only 16-aligned "
            "buffers)");
}

TEST(PinWarnings, UnalignedPinQualifiesTheBoundEvenWhenGreedyIsNotBetter) {
  // x pinned at 136: everything else fits below it, 16-aligned.
  const ModelPlan plan = Plan(AddMul({136, -1, -1, -1}));
  EXPECT_LE(plan.solve.height, plan.tflm_greedy_height);
  EXPECT_TRUE(plan.bound_for_16_aligned_only);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_TRUE(AnyContains(plan.warnings,
                          "pinned at offset 136, not a "
                          "multiple of 16"));
  EXPECT_FALSE(AnyContains(plan.warnings, "TFLM's greedy planner"));
  EXPECT_FALSE(Plan(AddMul({128, -1, -1, -1})).bound_for_16_aligned_only);
}

}  // namespace
}  // namespace arenaplan::testing
