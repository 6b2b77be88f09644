// Warnings as a user sees them: one "warning: FILE: ..." line each on
// stderr and the same lines in the report's "warnings"; and every model of
// the real corpus either plans or fails with one line naming the cause.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::RunCli;
using testing::SplitLines;

// x pinned at 8 and a DEQUANTIZE of FLOAT16: two warnings.
std::vector<uint8_t> TwoWarningModel() {
  SubgraphSpec g;
  for (const char* name : {"half", "x", "y"}) {
    TensorSpec t;
    t.name = name;
    t.shape = {1, 16};
    t.type = g.tensors.empty() ? tensor_type::kFloat16 : tensor_type::kFloat32;
    g.tensors.push_back(t);
  }
  g.inputs = {0};
  g.outputs = {2};
  g.ops = {MakeOp(op::kDequantize, {0}, {1}), MakeOp(op::kRelu, {1}, {2})};
  ModelSpec spec = MakeModel({g});
  spec.offline_offsets = std::vector<int32_t>{-1, 8, -1};
  return BuildModel(spec);
}

TEST(WarningsCli, OneLineEachOnStderrAndInTheReport) {
  const std::string dir = testing::TempDir("warnings");
  testing::WriteFile(dir + "/m.tflite", TwoWarningModel());
  const auto r = RunCli({"plan", dir + "/m.tflite", "--kernels", "reference",
                         "--report", dir + "/r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> err = SplitLines(r.err);
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  ASSERT_EQ(report["warnings"].size(), 2u) << report["warnings"].dump();
  ASSERT_EQ(err.size(), 2u) << r.err;
  for (size_t i = 0; i < err.size(); ++i) {
    EXPECT_EQ(err[i], "warning: " + dir + "/m.tflite: " +
                          report["warnings"][i].get<std::string>());
  }
  EXPECT_NE(r.err.find("TFLM's DEQUANTIZE kernel cannot run FLOAT16 input"),
            std::string::npos);
  EXPECT_NE(r.err.find("pinned at offset 8, not a multiple of 16"),
            std::string::npos);
  EXPECT_TRUE(report["lower_bound_16_aligned_only"].get<bool>());
  EXPECT_NE(r.out.find("(for 16-aligned plans)"), std::string::npos) << r.out;

  // The example has none, and its report says so with an empty list.
  const auto clean = RunCli({"plan", "--example", "--kernels", "reference",
                             "--report", dir + "/e.json"});
  ASSERT_EQ(clean.exit_code, 0);
  EXPECT_EQ(clean.err, "");
  const auto example =
      nlohmann::json::parse(testing::ReadText(dir + "/e.json"));
  EXPECT_TRUE(example["warnings"].empty());
  EXPECT_FALSE(example.contains("lower_bound_16_aligned_only"));
}

TEST(WarningsCli, BuffersPrintsTheModelsWarningsToo) {
  const std::string dir = testing::TempDir("warnings_buffers");
  testing::WriteFile(dir + "/m.tflite", TwoWarningModel());
  const auto r = RunCli({"buffers", dir + "/m.tflite"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: " + dir +
                       "/m.tflite: 1 DEQUANTIZE op(s) from FLOAT16"),
            std::string::npos)
      << r.err;
}

TEST(WarningsCli, DirectoryAsModelSaysSo) {
  const std::string dir = testing::TempDir("model_dir");
  const auto r = RunCli({"plan", dir});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.err,
            "arenaplan: " + dir + ": is a directory, not a .tflite file\n");
}

// Every model under ../shared/corpus/models (field/ included): exit 0 with
// only warning/note lines on stderr, or a documented refusal (3, 4) with
// exactly one "arenaplan: FILE: cause" line.
TEST(WarningsCli, EveryCorpusModelPlansOrFailsWithOneLine) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::vector<std::string> models = testing::CorpusModels();
  ASSERT_GT(models.size(), 30u);
  size_t planned = 0, refused = 0;
  for (const std::string& model : models) {
    const auto r = RunCli({"plan", model, "--time-limit", "2"});
    const std::vector<std::string> err = SplitLines(r.err);
    if (r.exit_code == 0) {
      ++planned;
      for (const std::string& line : err) {
        EXPECT_TRUE(line.rfind("warning: " + model + ": ", 0) == 0 ||
                    line.rfind("note: " + model + ": ", 0) == 0)
            << model << ": " << line;
      }
      continue;
    }
    ++refused;
    EXPECT_TRUE(r.exit_code == 3 || r.exit_code == 4)
        << model << ": exit " << r.exit_code << ": " << r.err;
    ASSERT_EQ(err.size(), 1u) << model << ":\n" << r.err;
    const std::string prefix = "arenaplan: " + model + ": ";
    EXPECT_EQ(err[0].rfind(prefix, 0), 0u) << err[0];
    EXPECT_GT(err[0].size(), prefix.size() + 10) << "no cause: " << err[0];
  }
  std::cout << "corpus: " << planned << " planned, " << refused
            << " refused with one line\n";
}

// ../shared/corpus/bug-cases: each says what its README asks for.
TEST(WarningsCli, FieldBugCasesSayWhatTheyNeed) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string cases = testing::SharedDir() + "/corpus/bug-cases/";
  const struct {
    const char* file;
    int exit_code;
    const char* says;
  } kCases[] = {
      {"if_in_old_opcode_field_only.tflite", 0,
       "warning: FILE: subgraph 0 op 0 (IF): its code is stored only in the "
       "old deprecated_builtin_code field"},
      {"weight_in_buffer_offset.tflite", 0,
       "keep their data outside the flatbuffer"},
      {"offline_pins_collide_while_alive.tflite", 0,
       "pinned tensors overlap in memory while both are alive"},
      {"offline_pin_not_16_aligned.tflite", 0,
       "needs 136 bytes, 8 less than this plan"},
      {"if_mutual_recursion.tflite", 3,
       "control-flow cycle: subgraph 1 \u2192 2 \u2192 1"},
      {"offline_metadata_trailing_bytes.tflite", 0,
       "2 byte(s) after the last of its"},
  };
  for (const auto& c : kCases) {
    const std::string file = cases + c.file;
    const auto r = RunCli({"plan", file, "--kernels", "reference"});
    EXPECT_EQ(r.exit_code, c.exit_code) << c.file << ": " << r.err;
    std::string says = c.says;
    if (says.rfind("warning: FILE", 0) == 0) {
      says.replace(9, 4, file);
    }
    EXPECT_NE(r.err.find(says), std::string::npos) << c.file << ": " << r.err;
    EXPECT_EQ(SplitLines(r.err).size(), 1u) << r.err;
  }
  const auto aligned =
      RunCli({"plan", cases + "offline_pin_not_16_aligned.tflite"});
  EXPECT_NE(aligned.out.find("(best found, "), std::string::npos)
      << "not called optimal:\n"
      << aligned.out;
}

// The field cases that need a named cause say it.
TEST(WarningsCli, FieldFlexModelsNameTheirFlexOps) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string field = testing::SharedDir() + "/corpus/models/field";
  size_t seen = 0;
  for (const std::string& path : testing::ListFiles(field, ".tflite")) {
    const std::string name = std::filesystem::path(path).filename().string();
    if (name.rfind("Zlisch_", 0) != 0) continue;
    ++seen;
    const auto r = RunCli({"plan", path});
    EXPECT_EQ(r.exit_code, 3) << name;
    EXPECT_NE(r.err.find("Flex ops FlexTensorListReserve"), std::string::npos)
        << r.err;
  }
  EXPECT_EQ(seen, 3u);
}

}  // namespace
}  // namespace arenaplan
