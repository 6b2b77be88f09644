// The offline-plan .tflite: every input byte kept (outside a few rewritten
// words, moved up by a front region), every layout route, verifiable, reading
// back to the plan, and within input + metadata + 1 KiB on the corpus.
//
// Golden files (tests/emit/golden/example_offline.tflite and
// example_offline_metadata.txt) come from the built-in example. After an
// intended change, regenerate them from the checkout with:
//   build/arenaplan plan --example --tflite
//   tests/emit/golden/example_offline.tflite ARENAPLAN_REGENERATE_GOLDEN=1
//   build-dir/tests/emit/emit_tests
// (the second writes example_offline_metadata.txt) and review the diff.
#include "emit/offline_tflite.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "emit/emit_support.h"
#include "emit/offline_check.h"
#include "model/builtin_ops.h"
#include "model/example_model.h"
#include "model/model_builder.h"
#include "model/tflite_schema_generated.h"
#include "plan/tflm_route.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

namespace fb = schema;
using testing::CheckRoundTrip;
using testing::OfflineWords;
using testing::SizeLimit;

std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

size_t TensorCount(const ModelSpec& spec) {
  size_t tensors = 0;
  for (const SubgraphSpec& sg : spec.subgraphs) tensors += sg.tensors.size();
  return tensors;
}

TEST(OfflineTflite, ExampleGetsANewBuffersVectorInFront) {
  // The example has no spare buffer and its Model.buffers is followed by a
  // string: a new vector goes in front of the input's bytes.
  const std::vector<uint8_t> input = ExampleModel();
  const ModelPlan plan = testing::PlanBytes(input, "example");
  const OfflineTflite out = CheckRoundTrip(input, plan);
  EXPECT_EQ(out.route, OfflineBufferRoute::kNewVector);
  EXPECT_GT(out.shift, 0u);
  EXPECT_EQ(out.copied_bytes, 0u);
  EXPECT_EQ(out.metadata_buffer, fb::GetModel(input.data())->buffers()->size());
  EXPECT_LE(out.bytes.size(), SizeLimit(input, out));
  EXPECT_EQ(CheckOfflineTflite(out.bytes, plan), plan.solve.height);
}

TEST(OfflineTflite, GrowsBuffersVectorOverTheNextBufferTable) {
  // As TFLite's converter writes it: Model.buffers directly followed by the
  // last Buffer table, which is moved with its data.
  // Many buffers make a new vector (4 bytes each) larger than the move.
  ModelSpec spec = ExampleModelSpec();
  for (int k = 0; k < 40; ++k) {
    TensorSpec constant;
    constant.name = "unused/" + std::to_string(k);
    constant.shape = {2};
    constant.data = {static_cast<uint8_t>(k), 7};
    spec.subgraphs[0].tensors.push_back(constant);
  }
  spec.buffers_first = true;
  const std::vector<uint8_t> input = BuildModel(spec);
  const ModelPlan plan = testing::PlanBytes(input, "grown");
  const OfflineTflite out = CheckRoundTrip(input, plan);
  EXPECT_EQ(out.route, OfflineBufferRoute::kGrownVector);
  EXPECT_EQ(out.copied_bytes, 2u) << "unused/39, the last constant";
  EXPECT_EQ(out.patched.size(), 4u);
  EXPECT_LE(out.bytes.size(), SizeLimit(input, out));
}

TEST(OfflineTflite, UsesASpareEmptyBufferNotBufferZero) {
  ModelSpec spec = ExampleModelSpec();
  spec.spare_buffers = 2;
  const std::vector<uint8_t> input = BuildModel(spec);
  const ModelPlan plan = testing::PlanBytes(input, "spare");
  const OfflineTflite out = CheckRoundTrip(input, plan);
  EXPECT_EQ(out.route, OfflineBufferRoute::kSpareBuffer);
  const uint32_t buffers = fb::GetModel(input.data())->buffers()->size();
  EXPECT_EQ(out.metadata_buffer, buffers - 2) << "the first spare one";
  EXPECT_EQ(fb::GetModel(out.bytes.data())->buffers()->size(), buffers);
  EXPECT_EQ(out.patched.size(), 2u) << "root offset and the Buffer slot";
}

TEST(OfflineTflite, ReusesTheBufferOfExistingMetadata) {
  ModelSpec spec = ExampleModelSpec();
  spec.offline_offsets = std::vector<int32_t>(TensorCount(spec), -1);
  const std::vector<uint8_t> input = BuildModel(spec);
  const ModelPlan plan = testing::PlanBytes(input, "with metadata");
  const OfflineTflite out = CheckRoundTrip(input, plan);
  EXPECT_EQ(out.route, OfflineBufferRoute::kOwnEntry);
  EXPECT_EQ(out.shift, 0u);
  EXPECT_EQ(out.patched.size(), 1u) << "only the Buffer slot is re-pointed";
  EXPECT_EQ(fb::GetModel(out.bytes.data())->metadata()->size(), 1u);
}

TEST(OfflineTflite, ReplacesPinnedPlanOfItsOwn) {
  // A model pinned by its own metadata keeps the pins it has.
  ModelSpec spec = ExampleModelSpec();
  spec.offline_offsets = std::vector<int32_t>(TensorCount(spec), -1);
  (*spec.offline_offsets)[0] = 65536;  // the image, pinned high
  spec.buffers_first = true;
  const std::vector<uint8_t> input = BuildModel(spec);
  const ModelPlan plan = testing::PlanBytes(input, "pinned");
  ASSERT_EQ(plan.solve.plan.offsets[0], 65536);
  CheckRoundTrip(input, plan);
}

TEST(OfflineTflite, WritingTwiceReusesItsOwnEntry) {
  const std::vector<uint8_t> input = ExampleModel();
  const ModelPlan plan = testing::PlanBytes(input, "example");
  const OfflineTflite once = CheckRoundTrip(input, plan);
  const ModelPlan again = testing::PlanBytes(once.bytes, "again");
  const OfflineTflite twice = CheckRoundTrip(once.bytes, again);
  EXPECT_EQ(twice.route, OfflineBufferRoute::kOwnEntry);
  EXPECT_EQ(twice.shift, 0u);
  EXPECT_LE(twice.bytes.size(), once.bytes.size() + once.metadata_bytes + 48)
      << "a new Buffer table and words appended, nothing else";
}

TEST(OfflineTflite, RefusesToMoveDataAtAbsolutePositions) {
  // Buffer.offset > 1: data stored at an absolute file position (TFLite's
  // format for models over 2 GiB); moving the bytes would break it.
  flatbuffers::FlatBufferBuilder b;
  const auto buffers =
      b.CreateVector(std::vector<flatbuffers::Offset<fb::Buffer>>{
          fb::CreateBuffer(b), fb::CreateBuffer(b, 0, 4096, 16)});
  const auto tensor = [&](const char* name) {
    return fb::CreateTensor(b, b.CreateVector<int32_t>({1, 8}),
                            tensor_type::kInt8, 0, b.CreateString(name));
  };
  const auto tensors =
      b.CreateVector(std::vector<flatbuffers::Offset<fb::Tensor>>{
          tensor("in"), tensor("out")});
  const auto relu = fb::CreateOperator(b, 0, b.CreateVector<int32_t>({0}),
                                       b.CreateVector<int32_t>({1}));
  const auto subgraph = fb::CreateSubGraph(
      b, tensors, b.CreateVector<int32_t>({0}), b.CreateVector<int32_t>({1}),
      b.CreateVector(std::vector<flatbuffers::Offset<fb::Operator>>{relu}));
  const auto code = fb::CreateOperatorCode(b, op::kRelu, 0, 1, op::kRelu);
  fb::FinishModelBuffer(
      b, fb::CreateModel(
             b, 3,
             b.CreateVector(
                 std::vector<flatbuffers::Offset<fb::OperatorCode>>{code}),
             b.CreateVector(
                 std::vector<flatbuffers::Offset<fb::SubGraph>>{subgraph}),
             0, buffers));
  const std::vector<uint8_t> input(b.GetBufferPointer(),
                                   b.GetBufferPointer() + b.GetSize());
  const ModelPlan plan = testing::PlanBytes(input, "absolute");
  try {
    AddOfflinePlan(input, OfflineOffsets(plan), 1, "absolute.tflite");
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kInvalidInput);
    EXPECT_NE(std::string(e.what()).find("absolute file positions"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
  }
  // The CLI says it in one line and writes nothing (no report either).
  const std::string dir = testing::TempDir("offline_refused");
  testing::WriteFile(dir + "/absolute.tflite", input);
  const auto r =
      testing::RunCli({"plan", dir + "/absolute.tflite", "--tflite",
                       dir + "/out.tflite", "--report", dir + "/r.json"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(testing::ListFiles(dir, ""),
            std::vector<std::string>{dir + "/absolute.tflite"});
}

TEST(OfflineTflite, GoldenExample) {
  const std::string dir = testing::TempDir("offline_golden");
  const auto r = testing::RunCli(
      {"plan", "--example", "--tflite", dir + "/example.tflite"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<uint8_t> got = ReadBytes(dir + "/example.tflite");
  const std::vector<int32_t> words = OfflineWords(got);
  std::string words_text;
  for (int32_t w : words) words_text += std::to_string(w) + "\n";
  const std::string words_golden =
      testing::GoldenPath("example_offline_metadata.txt");
  if (std::getenv("ARENAPLAN_REGENERATE_GOLDEN")) {
    testing::WriteText(words_golden, words_text);
  }
  EXPECT_EQ(words_text, testing::ReadText(words_golden))
      << "OfflineMemoryAllocation words changed; if intended, regenerate as "
         "the comment at the top of this file says";
  EXPECT_TRUE(got == ReadBytes(testing::GoldenPath("example_offline.tflite")))
      << "offline .tflite bytes changed; if intended, regenerate: "
         "build/arenaplan plan --example --tflite "
         "tests/emit/golden/example_offline.tflite";
}

// Every corpus model TFLM can allocate: the file reads back as planned and
// stays within input + metadata words + 1 KiB (bench/offline_size_bench
// prints the table).
TEST(CorpusOffline, EveryModelWithinInputPlusMetadataPlus1KiB) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::vector<std::string> models = testing::CorpusModels();
  ASSERT_GE(models.size(), 35u);
  size_t written = 0;
  for (const std::string& path : models) {
    SCOPED_TRACE(path);
    const std::vector<uint8_t> input = ReadFileBytes(path);
    Model model;
    BufferList list;
    try {
      model = ReadModel(input.data(), input.size(), path);
      list = DeriveBufferList(model, path);
    } catch (const Error& e) {
      // TFLM cannot allocate it (e.g. a STRING or VARIANT tensor): no plan.
      EXPECT_EQ(e.code(), ExitCode::kInvalidInput) << e.what();
      continue;
    }
    SolveOptions options;
    options.time_limit_seconds = 1;
    ModelPlan plan =
        PlanModel(std::move(model), std::move(list), path, options);
    PlanTflmRoute(plan, options);  // as `plan --tflite` does
    const OfflineTflite out = CheckRoundTrip(input, plan);
    EXPECT_LE(out.bytes.size(), SizeLimit(input, out))
        << OfflineBufferRouteName(out.route);
    ++written;
  }
  EXPECT_GE(written, 30u);
}

}  // namespace
}  // namespace arenaplan
