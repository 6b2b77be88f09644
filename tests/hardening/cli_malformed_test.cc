// Malformed inputs end to end through the CLI binary: exactly one line on
// stderr, the documented exit code, no output file and no temporary file
// left, bounded time and memory.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "hardening_support.h"
#include "model/builtin_ops.h"
#include "model/example_model.h"
#include "model/model_builder.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using hardening::LimitedRun;

constexpr int kInvalidInput = 3;
constexpr int kInfeasible = 4;
// Peak memory allowed for a refused input: far below the sizes the hostile
// inputs claim (ASan's own overhead included).
constexpr int64_t kMaxRssKb = 600 * 1024;

void ExpectRefused(const LimitedRun& run, int exit_code,
                   const std::string& message_part) {
  EXPECT_FALSE(run.timed_out);
  EXPECT_EQ(run.exit_code, exit_code) << run.err;
  EXPECT_EQ(hardening::LineCount(run.err), 1u) << run.err;
  EXPECT_EQ(run.err.rfind("arenaplan: ", 0), 0u) << run.err;
  EXPECT_NE(run.err.find(message_part), std::string::npos) << run.err;
  EXPECT_LT(run.max_rss_kb, kMaxRssKb);
}

// Runs `plan` and `buffers` on the model bytes; both must refuse it.
void ExpectModelRefused(const std::vector<uint8_t>& bytes,
                        const std::string& message_part,
                        int exit_code = kInvalidInput) {
  const std::string dir = testing::TempDir("model");
  const std::string model = dir + "/m.tflite";
  testing::WriteFile(model, bytes);
  ExpectRefused(
      hardening::RunCliLimited({"plan", model, "--report", dir + "/r.json"}),
      exit_code, message_part);
  const LimitedRun buffers = hardening::RunCliLimited({"buffers", model});
  if (exit_code == kInvalidInput) {
    ExpectRefused(buffers, exit_code, message_part);
    EXPECT_EQ(buffers.out, "");
  }
  EXPECT_EQ(hardening::DirectoryEntries(dir),
            std::vector<std::string>{"m.tflite"});
}

TEST(CliMalformed, TruncatedModel) {
  std::vector<uint8_t> bytes = ExampleModel();
  bytes.resize(bytes.size() / 2);
  ExpectModelRefused(bytes, "flatbuffer verification failed");
}

TEST(CliMalformed, WrongFileIdentifier) {
  std::vector<uint8_t> bytes = ExampleModel();
  std::memcpy(bytes.data() + 4, "ONNX", 4);
  ExpectModelRefused(bytes, "file identifier is not TFL3");
}

TEST(CliMalformed, EmptyFile) { ExpectModelRefused({}, "not a TFLite model"); }

TEST(CliMalformed, BadVtableOffset) {
  std::vector<uint8_t> bytes = ExampleModel();
  uint32_t root;
  std::memcpy(&root, bytes.data(), 4);
  const int32_t hostile = -0x10000;
  std::memcpy(bytes.data() + root, &hostile, 4);
  ExpectModelRefused(bytes, "flatbuffer verification failed");
}

TEST(CliMalformed, OutOfRangeIndex) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].outputs = {9};
  ExpectModelRefused(BuildModel(spec), "output tensor 9 out of range");
}

TEST(CliMalformed, HugeDims) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].tensors[1].shape = {1 << 30, 1 << 30, 1 << 30};
  ExpectModelRefused(BuildModel(spec), "byte size overflows");
  spec.subgraphs[0].tensors[1].shape = {1 << 16, 1 << 16};
  ExpectModelRefused(BuildModel(spec), "more than TFLM's planner can address");
}

TEST(CliMalformed, WhileBodyCallingItself) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].ops[0] = MakeOp(op::kWhile, {0}, {1});
  spec.subgraphs[0].ops[0].subgraphs = {1, 1};
  spec.subgraphs.push_back(spec.subgraphs[0]);
  ExpectModelRefused(BuildModel(spec), "control-flow cycle");
}

TEST(CliMalformed, MetadataWithTheWrongCount) {
  ModelSpec spec = hardening::ReluModel();
  spec.offline_offsets = std::vector<int32_t>{0};
  ExpectModelRefused(BuildModel(spec), "1 offsets but the model has 2 tensors");
}

TEST(CliMalformed, ControlCharactersInNamesStayOnOneLine) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].tensors[1].name = "evil\nsecond line\r";
  spec.subgraphs[0].tensors[1].shape = {1, -7};
  ExpectModelRefused(BuildModel(spec),
                     "(evil?second line?): negative dimension");
}

TEST(CliMalformed, SharedTablesDoNotAmplifyMemory) {
  ExpectModelRefused(hardening::SharedTensorModel(1'000'000, 1000),
                     "reused so often");
}

TEST(CliMalformed, ControlFlowBombDoesNotHang) {
  ExpectModelRefused(hardening::CallBombModel(23, 50'000),
                     "more than 67108864 tensor references");
}

// A 2 GB tensor is a number to plan, not memory to allocate.
TEST(CliMalformed, TwoGigabyteTensorIsNotAllocated) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].tensors[0].shape = {1, 2147483632};
  const std::string dir = testing::TempDir("big");
  testing::WriteFile(dir + "/m.tflite", BuildModel(spec));
  const LimitedRun run = hardening::RunCliLimited(
      {"plan", dir + "/m.tflite", "--report", dir + "/r.json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("2147483632"), std::string::npos) << run.out;
  EXPECT_LT(run.max_rss_kb, kMaxRssKb);
}

// Found by scripts/corrupt-corpus.sh (exit 1 from the JSON writer).
TEST(CliMalformed, InvalidUtf8NameStillGivesAReport) {
  ModelSpec spec = hardening::ReluModel();
  spec.subgraphs[0].tensors[1].name = "out\xff\xfe";
  const std::string dir = testing::TempDir("utf8");
  testing::WriteFile(dir + "/m.tflite", BuildModel(spec));
  const LimitedRun run =
      hardening::RunCliLimited({"plan", dir + "/m.tflite", "--report",
                                dir + "/r.json", "--svg", dir + "/p.svg"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(testing::ReadText(dir + "/r.json").find("out\xef\xbf\xbd"),
            std::string::npos);
}

TEST(CliMalformed, RecordingWithNonNumericField) {
  const std::string dir = testing::TempDir("rec");
  testing::WriteText(dir + "/r.csv", "id,lower,upper,size\n0,0,two,16\n");
  const LimitedRun run =
      hardening::RunCliLimited({"plan", "--example", "--recorded",
                                dir + "/r.csv", "--report", dir + "/out.json"});
  ExpectRefused(run, kInvalidInput, "column 'upper': 'two' is not an integer");
  EXPECT_EQ(hardening::DirectoryEntries(dir),
            std::vector<std::string>{"r.csv"});
}

// `solve` on a MiniMalloc CSV: the problem file is the only file left.
void ExpectProblemRefused(const std::string& csv, int exit_code,
                          const std::string& message_part) {
  const std::string dir = testing::TempDir("problem");
  testing::WriteText(dir + "/p.csv", csv);
  ExpectRefused(
      hardening::RunCliLimited({"solve", dir + "/p.csv", "-o", dir + "/out.csv",
                                "--report", dir + "/r.json"}),
      exit_code, message_part);
  EXPECT_EQ(hardening::DirectoryEntries(dir),
            std::vector<std::string>{"p.csv"});
}

TEST(CliMalformed, ProblemCsvMissingColumn) {
  ExpectProblemRefused("id,lower,size\n0,0,16\n", kInvalidInput,
                       "missing column 'upper'");
}

TEST(CliMalformed, ProblemCsvNegativeSize) {
  ExpectProblemRefused("id,lower,upper,size\n0,0,1,-1\n", kInvalidInput,
                       "column 'size': -1 out of range");
}

TEST(CliMalformed, ProblemCsvLowerNotBelowUpper) {
  ExpectProblemRefused("id,lower,upper,size\n0,4,4,16\n", kInvalidInput,
                       "empty lifetime");
}

TEST(CliMalformed, ProblemCsvNonNumeric) {
  ExpectProblemRefused("id,lower,upper,size\n0,0,1,16.5\n", kInvalidInput,
                       "'16.5' is not an integer");
}

TEST(CliMalformed, ProblemCsvFixedOffsetsCollide) {
  ExpectProblemRefused("id,lower,upper,size,offset\na,0,4,64,0\nb,2,6,64,32\n",
                       kInfeasible, "");
}

// fuzz_model found a model whose pins push the plan past 2^31 bytes: the
// offline .tflite (int32 metadata words) and the header (TFLM's int
// offsets) are refused with one line and no file, never written wrapped.
TEST(CliMalformed, PlanBeyondInt32OffsetsIsRefusedForTfliteAndHeader) {
  const std::string model = std::string(ARENAPLAN_SOURCE_DIR) +
                            "/tests/hardening/crashers/"
                            "model-plan-beyond-int32-offsets";
  const std::string dir = testing::TempDir("beyond_int32");
  const auto tflite =
      testing::RunCli({"plan", model, "--tflite", dir + "/out.tflite"});
  EXPECT_EQ(tflite.exit_code, 4) << tflite.err;
  EXPECT_NE(tflite.err.find("beyond the int32 offsets"), std::string::npos)
      << tflite.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/out.tflite"));
  const auto header = testing::RunCli(
      {"plan", model, "--kernels", "cmsis-nn", "--header", dir + "/p.h"});
  EXPECT_NE(header.exit_code, 0) << header.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/p.h"));
}

}  // namespace
}  // namespace arenaplan
