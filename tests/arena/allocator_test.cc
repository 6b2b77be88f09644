// The arena model's arithmetic on small built models, against sums done by
// hand from TFLM's rules (micro_allocator.cc, single_arena_buffer_allocator
// .cc) and the struct sizes of src/arena/abi_layout.h.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arena/arena_allocator.h"
#include "arena/arena_size.h"
#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "model/model_reader.h"
#include "test_support.h"

namespace arenaplan {
namespace {

ModelQuantization PerTensor() {
  ModelQuantization q;
  q.present = true;
  q.scale = {0.5f};
  q.zero_point = {0};
  return q;
}

// One int8 FULLY_CONNECTED: input 1x4, constant weights 2x4, output 1x2,
// all quantized per tensor, no bias.
Model FullyConnectedModel() {
  SubgraphSpec sg;
  sg.tensors = {{"in", {1, 4}, tensor_type::kInt8, false, {}, PerTensor()},
                {"w",
                 {2, 4},
                 tensor_type::kInt8,
                 false,
                 std::vector<uint8_t>(8, 1),
                 PerTensor()},
                {"out", {1, 2}, tensor_type::kInt8, false, {}, PerTensor()}};
  sg.ops = {MakeOp(op::kFullyConnected, {0, 1, -1}, {2})};
  sg.inputs = {0};
  sg.outputs = {2};
  const auto bytes = BuildModel(MakeModel({sg}));
  return ReadModel(bytes.data(), bytes.size(), "fc");
}

TEST(ArenaAllocator, TailAlignsDownFromTheEndAndChecksOnlyTheHead) {
  ArenaAllocator a(1 << 20, true);
  a.Persistent(36, 4, "x", TailCategory::kAllocatorObjects);
  a.Persistent(5, 1, "x", TailCategory::kOpBuiltinData);
  EXPECT_EQ(a.tail(), 41);
  a.Persistent(48, 16, "x", TailCategory::kKernelInit);
  EXPECT_EQ(a.tail(), 96);  // 41 + 48 = 89, aligned down from the end
  EXPECT_EQ(a.events().back().consumed, 55);
  a.ResizeHead(144, 4, "scratch_requests");
  a.Temp(32, 4, "t");
  a.Temp(12, 8, "t");  // 176 aligned up to 8: no padding
  a.Temp(1, 1, "t");
  a.Temp(4, 16, "t");  // 189 -> 192
  EXPECT_EQ(a.temp_end(), 196);
  EXPECT_EQ(a.need(), 196 + 96);
  // A persistent allocation over live temporaries is not refused by TFLM:
  // it needs only the head below it.
  a.Persistent(400, 16, "x", TailCategory::kKernelPrepare);
  EXPECT_EQ(a.events().back().need, 144 + 496);
  EXPECT_EQ(a.peak(), 196 + 496);
  a.ResetTemp();
  EXPECT_EQ(a.temp_end(), 144);
  EXPECT_EQ(
      a.tail_by_category()[static_cast<size_t>(TailCategory::kKernelPrepare)],
      400);
}

TEST(ArenaAllocator, GreedyNeedsFortyBytesPerBufferPastAlignedEnds) {
  ArenaAllocator a(1 << 20, true);
  a.Persistent(20, 4, "x", TailCategory::kOther);  // tail 20 -> 32 aligned
  a.Temp(100, 4, "t");                             // temp 100 -> 112 aligned
  a.PlannerScratch(3 * 40);
  EXPECT_EQ(a.events().back().need, 112 + 120 + 32);
  EXPECT_EQ(a.events().back().in_use_bytes, 112 + 120 + 20);
  ArenaAllocator b(1 << 20, true);
  b.Persistent(20, 4, "x", TailCategory::kOther);
  b.Temp(100, 4, "t");
  b.PlannerScratch(0);  // no tables: TFLM's size_t arithmetic never fails
  EXPECT_EQ(b.events().back().need, 0);
}

TEST(AllocateTensors, OneFullyConnectedAddsUpByHand) {
  const Model model = FullyConnectedModel();
  const BufferList list = DeriveBufferList(model, "fc");
  ASSERT_EQ(list.buffers.size(), 2u);
  const RouteArena r =
      RouteArenaOf(model, list, ArenaRoute::kStock, TflmGreedyHead(list),
                   Abi::kCortexM, KernelOptions{}, "fc", true);
  const AllocateTensorsResult& a = r.allocation;
  ASSERT_TRUE(a.exact());
  EXPECT_EQ(r.head, 32);
  // Allocator objects 36 + 36 + 8 + 8; eval tensors 3 x 12; one node 32;
  // FULLY_CONNECTED params 5 (align 1); OpDataFullyConnected 48 at 16.
  const auto& t = a.tail_by_category;
  EXPECT_EQ(t[static_cast<size_t>(TailCategory::kAllocatorObjects)], 88);
  EXPECT_EQ(t[static_cast<size_t>(TailCategory::kEvalTensors)], 36);
  EXPECT_EQ(t[static_cast<size_t>(TailCategory::kNodeAndRegistrations)], 32);
  EXPECT_EQ(t[static_cast<size_t>(TailCategory::kOpBuiltinData)], 5);
  EXPECT_EQ(t[static_cast<size_t>(TailCategory::kKernelInit)], 63);  // 161->224
  // Inputs/outputs: pointer array (4 -> 16 aligned), TfLiteTensor 32,
  // quantization 12, zero points 8, for each of the two.
  EXPECT_EQ(t[static_cast<size_t>(TailCategory::kIoTensors)], 356 - 224);
  EXPECT_EQ(a.tail, 356);
  // Planning: temp 144 (requests) + 4 (subgraph offsets) + 72 (3
  // AllocationInfo) = 220 -> 224, two buffers' 80 greedy bytes, tail 224.
  EXPECT_EQ(a.planning_need, 528);
  EXPECT_EQ(r.bytes, 528);
  // The same model needs more on a 64-bit host.
  const RouteArena host =
      RouteArenaOf(model, list, ArenaRoute::kStock, TflmGreedyHead(list),
                   Abi::kHost64, KernelOptions{}, "fc");
  EXPECT_GT(host.allocation.tail, a.tail);
}

TEST(AllocateTensors, AnotherHeadChangesOnlyWhatFollowsTheReservation) {
  const Model model = FullyConnectedModel();
  const BufferList list = DeriveBufferList(model, "fc");
  ArenaSetup setup;
  const AllocateTensorsResult zero =
      SimulateAllocateTensors(model, list, setup, "fc");
  for (int64_t head : {0, 32, 4000}) {
    setup.head = head;
    const AllocateTensorsResult full =
        SimulateAllocateTensors(model, list, setup, "fc");
    const AllocateTensorsResult derived = WithHead(zero, head);
    EXPECT_EQ(derived.min_arena, full.min_arena) << head;
    EXPECT_EQ(derived.peak, full.peak) << head;
    EXPECT_EQ(derived.tail, full.tail) << head;
  }
}

TEST(AllocateTensors, InterpreterWithItsOwnPlannerHoldsItInTheTail) {
  const Model model = FullyConnectedModel();
  const BufferList list = DeriveBufferList(model, "fc");
  const RouteArena r =
      RouteArenaOf(model, list, ArenaRoute::kStock, TflmGreedyHead(list),
                   Abi::kCortexM, KernelOptions{}, "fc");
  ASSERT_TRUE(r.interpreter4_bytes);
  EXPECT_GE(*r.interpreter4_bytes, r.bytes + 32);  // 44 B, then 16-aligned
  EXPECT_EQ(*r.interpreter4_bytes % 16, 0);
  const RouteArena header =
      RouteArenaOf(model, list, ArenaRoute::kHeader, r.head, Abi::kCortexM,
                   KernelOptions{}, "fc");
  EXPECT_FALSE(header.interpreter4_bytes);
  EXPECT_LE(header.bytes, r.bytes);  // no planner tables
}

// Two VAR_HANDLEs of one shared name, each read by a READ_VARIABLE (144).
std::vector<uint8_t> TwoHandlesOneVariable() {
  SubgraphSpec sg;
  sg.tensors = {{"h1", {}, tensor_type::kResource, false, {}, {}},
                {"v1", {4}, tensor_type::kInt8, false, {}, {}},
                {"h2", {}, tensor_type::kResource, false, {}, {}},
                {"v2", {4}, tensor_type::kInt8, false, {}, {}}};
  OpSpec handle = MakeOp(op::kVarHandle, {}, {0});
  handle.options.type = 111;  // VarHandleOptions
  handle.options.shared_name = "state";
  OpSpec handle2 = handle;
  handle2.outputs = {2};
  sg.ops = {handle, MakeOp(144, {0, 1}, {}), handle2, MakeOp(144, {2, 3}, {})};
  sg.inputs = {1, 3};
  sg.outputs = {};
  return BuildModel(MakeModel({sg}));
}

TEST(AllocateTensors, AResourceBufferIsAllocatedOncePerVariable) {
  const auto bytes = TwoHandlesOneVariable();
  const Model model = ReadModel(bytes.data(), bytes.size(), "vars");
  ASSERT_EQ(model.subgraphs[0].operators[0].options.shared_name, "state");
  const BufferList list = DeriveBufferList(model, "vars");
  const RouteArena r =
      RouteArenaOf(model, list, ArenaRoute::kStock, TflmGreedyHead(list),
                   Abi::kCortexM, KernelOptions{}, "vars");
  const auto& t = r.allocation.tail_by_category;
  // MicroResourceVariables (12 -> 16) and two entries (40 -> 48 aligned).
  EXPECT_EQ(t[static_cast<size_t>(TailCategory::kResourceVariables)], 24 + 48);
  // One 4-byte buffer for "state" (16 with its alignment), not two.
  EXPECT_EQ(t[static_cast<size_t>(TailCategory::kKernelPrepare)], 16);
}

TEST(AllocateTensors, UnknownOpsAreNamedNeverGuessed) {
  SubgraphSpec sg;
  sg.tensors = {{"in", {1, 4}, tensor_type::kInt8, false, {}, {}},
                {"out", {1, 4}, tensor_type::kInt8, false, {}, {}}};
  OpSpec custom = MakeOp(op::kCustom, {0}, {1});
  custom.custom_code = "MyOp";
  sg.ops = {custom};
  sg.inputs = {0};
  sg.outputs = {1};
  const auto bytes = BuildModel(MakeModel({sg}));
  const Model model = ReadModel(bytes.data(), bytes.size(), "custom");
  const BufferList list = DeriveBufferList(model, "custom");
  const RouteArena r =
      RouteArenaOf(model, list, ArenaRoute::kStock, TflmGreedyHead(list),
                   Abi::kCortexM, KernelOptions{}, "custom");
  EXPECT_FALSE(r.allocation.exact());
  ASSERT_EQ(r.allocation.unsupported.size(), 1u);
  EXPECT_NE(r.allocation.unsupported[0].find("CUSTOM:MyOp"), std::string::npos);
  EXPECT_TRUE(r.allocation.unmodelled.empty());  // named once, above
}

TEST(ArenaCli, AModelWithAnUnknownOpGetsNoNumberButItsName) {
  SubgraphSpec sg;
  sg.tensors = {{"in", {1, 4}, tensor_type::kInt8, false, {}, {}},
                {"out", {1, 4}, tensor_type::kInt8, false, {}, {}}};
  OpSpec custom = MakeOp(op::kCustom, {0}, {1});
  custom.custom_code = "MyOp";
  sg.ops = {custom};
  sg.inputs = {0};
  sg.outputs = {1};
  const std::string dir = testing::TempDir("arena_unknown");
  testing::WriteFile(dir + "/m.tflite", BuildModel(MakeModel({sg})));
  const auto r =
      testing::RunCli({"plan", dir + "/m.tflite", "--report", dir + "/r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("declare at least"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not stated"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("CUSTOM:MyOp"), std::string::npos) << r.out;
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  EXPECT_TRUE(report["arena_bytes_required"]["stock"].is_null());
  EXPECT_FALSE(report["arena"]["exact"].get<bool>());
}

TEST(ArenaCli, StatesTheNumberAndWhatItIsExactFor) {
  for (const char* target : {"cortex-m", "host64"}) {
    const auto r = testing::RunCli({"plan", "--example", "--target", target});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(std::string("TFLM 90b983c2, ") + target),
              std::string::npos)
        << r.out;
    for (const char* route : {"  header: ", "  tflite: ", "  stock: "}) {
      const size_t at = r.out.find(route);
      ASSERT_NE(at, std::string::npos) << route << "\n" << r.out;
      const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
      EXPECT_NE(line.find("declare at least "), std::string::npos) << line;
    }
  }
  // The report and the header carry the same numbers.
  const std::string dir = testing::TempDir("arena_cli");
  const auto r =
      testing::RunCli({"plan", "--example", "--kernels", "reference",
                       "--report", dir + "/r.json", "--header", dir + "/p.h"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  EXPECT_EQ(report["target"], "cortex-m");
  EXPECT_EQ(report["kernels"], "reference");
  const auto& required = report["arena_bytes_required"];
  for (const char* route : {"header", "tflite", "stock"}) {
    ASSERT_TRUE(required[route].is_number_integer()) << route;
    const auto& part = report["arena"]["routes"][route];
    const int64_t head = part["head_bytes"], tail = part["tail_bytes"],
                  peak = part["planning_peak_bytes"];
    EXPECT_EQ(required[route].get<int64_t>(),
              (std::max(head + tail, peak) + 15) / 16 * 16)
        << route;
    int64_t sum = 0;
    for (const auto& [name, bytes] : part["tail"].items())
      sum += bytes.get<int64_t>();
    EXPECT_EQ(sum, tail) << route;
  }
  EXPECT_NE(testing::ReadText(dir + "/p.h")
                .find("constexpr size_t kArenaBytes = " +
                      std::to_string(required["header"].get<int64_t>()) + ";"),
            std::string::npos);
  const auto bad = testing::RunCli({"plan", "--example", "--target", "avr"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--target"), std::string::npos) << bad.err;
}

// ESP-NN's measurements are host64 builds: a Cortex-M figure for ESP-NN says
// what it was not checked against.
TEST(ArenaCli, EspNnOnA32BitTargetSaysItWasCheckedOnHost64Only) {
  const std::string note = "checked against real ESP-NN builds only";
  for (const char* target : {"cortex-m", "host64"}) {
    const auto r = testing::RunCli(
        {"plan", "--example", "--kernels", "esp-nn-s3", "--target", target});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find(note) != std::string::npos,
              std::string(target) == "cortex-m")
        << target << "\n"
        << r.out;
  }
  const auto arm =
      testing::RunCli({"plan", "--example", "--kernels", "cmsis-nn-dsp"});
  ASSERT_EQ(arm.exit_code, 0) << arm.err;
  EXPECT_EQ(arm.out.find(note), std::string::npos) << arm.out;
}

// A model with resource variables cannot use MicroInterpreter(model,
// resolver, arena, size); its planner-in-the-arena figure is labelled for
// MicroAllocator::Create(arena, size) made before MicroResourceVariables.
TEST(ArenaCli, ResourceVariablesGetThePlannerInTheArenaFigure) {
  const std::string dir = testing::TempDir("arena_vars");
  testing::WriteFile(dir + "/m.tflite", TwoHandlesOneVariable());
  const auto r = testing::RunCli({"plan", dir + "/m.tflite", "--kernels",
                                  "reference", "--report", dir + "/r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(" with MicroAllocator::Create(arena, size) before "
                       "MicroResourceVariables::Create"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("MicroInterpreter(model, resolver, arena, size)"),
            std::string::npos)
      << r.out;
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  const auto& stock = report["arena"]["routes"]["stock"];
  ASSERT_TRUE(stock["interpreter4_bytes"].is_number_integer()) << stock;
  const int64_t with_planner = stock["interpreter4_bytes"];
  const int64_t without = report["arena_bytes_required"]["stock"];
  EXPECT_GE(with_planner, without + 32);  // a 44-byte object, 16-aligned
  EXPECT_EQ(with_planner % 16, 0);
  EXPECT_NE(r.out.find("; " + std::to_string(with_planner) + " with"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace arenaplan
