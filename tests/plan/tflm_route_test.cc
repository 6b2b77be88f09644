// Route B keeps arenaplan's promises: the layout TFLM's greedy planner
// reaches on the device from an offline-plan .tflite (pins as planned,
// scratch placed online with TFLM's lifetimes) leaves preserved tensors
// intact, and the arena stated is that layout's head.
//
// The field case (lstm_like.h) as a test: TFLM put the LSTM scratch on the
// preserved input.
#include "plan/tflm_route.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "kernels/scratch_source.h"
#include "lstm_like.h"
#include "model/buffer_list.h"
#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "plan/verifier.h"
#include "problem/csv_table.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::LstmLike;
using testing::LstmLikeRecording;

ModelPlan PlanLstmLike(const std::vector<std::string>& preserve,
                       std::optional<std::vector<int32_t>> pins = {}) {
  const std::vector<uint8_t> bytes = LstmLike(std::move(pins));
  const Model model = ReadModel(bytes.data(), bytes.size(), "lstm_like");
  BufferList list = DeriveBufferList(model, "lstm_like");
  std::istringstream csv(LstmLikeRecording(list));
  ApplyRecording(model, ParseRecording(CsvTable::Parse(csv, "recording.csv")),
                 "recording.csv", list);
  PlanOptions options;
  options.solve.time_limit_seconds = 2;
  options.preserve = preserve;
  return PlanModel(model, std::move(list), "lstm_like", options);
}

// Bytes an online buffer of `layout` covers on preserved tensor `p` while
// arenaplan keeps `p` (to the end of the run).
int64_t OnlineBytesOnPreserved(const ModelPlan& plan, const Plan& layout,
                               int32_t p) {
  int64_t bytes = 0;
  const Buffer& kept = plan.problem.buffers[p];
  for (size_t o = plan.list.tensor_count; o < plan.list.buffers.size(); ++o) {
    const Buffer& online = plan.problem.buffers[o];
    if (!LifetimesConflict(kept, online)) continue;
    const int64_t lo = std::max(layout.offsets[o], layout.offsets[p]);
    const int64_t hi = std::min(layout.offsets[o] + online.size,
                                layout.offsets[p] + kept.size);
    bytes += std::max<int64_t>(0, hi - lo);
  }
  return bytes;
}

std::vector<int64_t> TensorOffsets(const ModelPlan& plan) {
  return {plan.solve.plan.offsets.begin(),
          plan.solve.plan.offsets.begin() + plan.list.tensor_count};
}

TEST(TflmRoute, LstmLikeScratchNeverLandsOnPreservedInput) {
  ModelPlan plan = PlanLstmLike({"args_0"});
  ASSERT_EQ(plan.preserved, std::vector<int32_t>{0});
  ASSERT_EQ(plan.list.buffers.size(), 16u);
  // What TFLM did with the plan's own pins: scratch on the preserved input.
  const Plan naive = SimulateTflmPlacement(plan.list, TensorOffsets(plan));
  ASSERT_GT(OnlineBytesOnPreserved(plan, naive, 0), 0)
      << "the model no longer reproduces the field case";

  PlanTflmRoute(plan, PlanOptions().solve);
  ASSERT_TRUE(plan.tflite_route);
  EXPECT_TRUE(plan.tflite_route->preserved_raised);
  EXPECT_TRUE(plan.tflite_route->preserved_guaranteed);
  // The simulated TFLM layout, from the new pins, is the plan...
  const Plan device = SimulateTflmPlacement(plan.list, TensorOffsets(plan));
  EXPECT_EQ(device.offsets, plan.solve.plan.offsets);
  // ...shows no online buffer on the preserved tensor...
  EXPECT_EQ(OnlineBytesOnPreserved(plan, device, 0), 0);
  EXPECT_TRUE(VerifyPlan(plan.problem, device).ok);
  // ...and one head: the arena stated is the head TFLM reaches.
  EXPECT_EQ(plan.solve.height, PlanHeight(plan.problem, device));
  EXPECT_EQ(plan.solve.height, 27024) << "the field case's optimum";
}

TEST(TflmRoute, PinsThatHoldAreKeptAsPlanned) {
  ModelPlan plan = PlanLstmLike({});
  const Plan planned = plan.solve.plan;
  const int64_t height = plan.solve.height;
  PlanTflmRoute(plan, PlanOptions().solve);
  EXPECT_FALSE(plan.tflite_route->preserved_raised);
  EXPECT_EQ(TensorOffsets(plan),
            std::vector<int64_t>(planned.offsets.begin(),
                                 planned.offsets.begin() + 8));
  EXPECT_EQ(plan.tflite_route->planned_height, height);
  EXPECT_EQ(plan.solve.height,
            PlanHeight(plan.problem,
                       SimulateTflmPlacement(plan.list, TensorOffsets(plan))));
}

TEST(TflmRoute, RefusesWhenThePreservedTensorIsPinnedByTheModel) {
  // The model's own metadata pins the input where TFLM puts the scratch: it
  // cannot be raised, so no pins keep it intact.
  std::vector<int32_t> pins(8, -1);
  pins[0] = 25600;
  ModelPlan plan = PlanLstmLike({"args_0"}, pins);
  ASSERT_EQ(plan.solve.plan.offsets[0], 25600);
  ASSERT_GT(OnlineBytesOnPreserved(
                plan, SimulateTflmPlacement(plan.list, TensorOffsets(plan)), 0),
            0)
      << "the pin no longer draws TFLM's scratch";
  try {
    PlanTflmRoute(plan, PlanOptions().solve);
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kInfeasible);
    const std::string message = e.what();
    EXPECT_NE(message.find("would overwrite preserved tensor 'args_0'"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

// The LSTM-like model with its scratch part as `choice` completes it.
ModelPlan PlanWithScratch(const ScratchChoice& choice) {
  const std::vector<uint8_t> bytes = LstmLike();
  Model model = ReadModel(bytes.data(), bytes.size(), "lstm_like");
  BufferList list = DeriveBufferList(model, "lstm_like");
  CompleteScratch(model, list, choice, "lstm_like");
  PlanOptions options;
  options.preserve = {"args_0"};
  return PlanModel(std::move(model), std::move(list), "lstm_like", options);
}

TEST(TflmRoute, UnknownScratchCannotGuaranteePreserved) {
  // Neither --kernels nor --recorded: the reference kernels' LSTM requests
  // scratch the list does not have.
  ModelPlan plan = PlanWithScratch(ScratchChoice{});
  ASSERT_FALSE(plan.list.scratch_ops.empty()) << "LSTM requests scratch";
  PlanTflmRoute(plan, PlanOptions().solve);
  EXPECT_FALSE(plan.tflite_route->scratch_complete);
  EXPECT_FALSE(plan.tflite_route->preserved_guaranteed);
  EXPECT_NE(TflmRouteExactFor(plan).find("tensors only"), std::string::npos);
}

// x (preserved) -> MEAN -> a; ADD(a, c) -> b; MEAN(b) -> out. The second
// MEAN's scratch comes at the arena's peak, after x's last reader.
std::vector<uint8_t> MeanChain() {
  SubgraphSpec g;
  g.name = "mean_chain";
  const auto tensor = [&](const char* name, std::vector<int32_t> shape,
                          int8_t type, std::vector<uint8_t> data = {}) {
    TensorSpec t;
    t.name = name;
    t.shape = std::move(shape);
    t.type = type;
    t.data = std::move(data);
    g.tensors.push_back(t);
    return static_cast<int32_t>(g.tensors.size() - 1);
  };
  const int32_t x = tensor("x", {1, 4, 4, 64}, tensor_type::kInt8);
  const int32_t axis =
      tensor("axis", {2}, tensor_type::kInt32, {1, 0, 0, 0, 2, 0, 0, 0});
  const int32_t a = tensor("a", {1, 1, 1, 64}, tensor_type::kInt8);
  const int32_t c = tensor("c", {1, 4, 4, 64}, tensor_type::kInt8,
                           std::vector<uint8_t>(1024, 3));
  const int32_t b = tensor("b", {1, 4, 4, 64}, tensor_type::kInt8);
  const int32_t out = tensor("out", {1, 1, 1, 64}, tensor_type::kInt8);
  g.inputs = {x};
  g.outputs = {out};
  g.ops = {MakeOp(op::kMean, {x, axis}, {a}), MakeOp(op::kAdd, {a, c}, {b}),
           MakeOp(op::kMean, {b, axis}, {out})};
  ModelSpec spec;
  spec.subgraphs.push_back(g);
  return BuildModel(spec);
}

TEST(TflmRoute, DerivedScratchKeepsPreservedInput) {
  // --kernels reference: the scratch is derived from the model.
  const std::vector<uint8_t> bytes = MeanChain();
  Model model = ReadModel(bytes.data(), bytes.size(), "mean_chain");
  BufferList list = DeriveBufferList(model, "mean_chain");
  ScratchChoice choice;
  choice.library = KernelLibrary::kReference;
  CompleteScratch(model, list, choice, "mean_chain");
  ASSERT_GT(list.buffers.size(), list.tensor_count) << "MEAN scratch";
  PlanOptions options;
  options.preserve = {"x"};
  ModelPlan plan =
      PlanModel(std::move(model), std::move(list), "mean_chain", options);
  ASSERT_GT(OnlineBytesOnPreserved(
                plan, SimulateTflmPlacement(plan.list, TensorOffsets(plan)), 0),
            0)
      << "TFLM no longer puts the second MEAN's scratch on x";
  PlanTflmRoute(plan, options.solve);
  EXPECT_TRUE(plan.tflite_route->scratch_complete);
  EXPECT_TRUE(plan.tflite_route->preserved_guaranteed);
  EXPECT_TRUE(plan.tflite_route->preserved_raised);
  const Plan device = SimulateTflmPlacement(plan.list, TensorOffsets(plan));
  EXPECT_EQ(device.offsets, plan.solve.plan.offsets);
  EXPECT_EQ(OnlineBytesOnPreserved(plan, device, 0), 0);
  EXPECT_EQ(plan.solve.height, PlanHeight(plan.problem, device));
}

}  // namespace
}  // namespace arenaplan
