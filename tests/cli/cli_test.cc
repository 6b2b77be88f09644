// The CLI as a user runs it: outputs, the report, exit codes, one-line
// errors and no output file left behind on failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "model/example_model.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::RunCli;

size_t Lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Cli, PlansTheExample) {
  const std::string dir = testing::TempDir("plan");
  const auto r = RunCli({"plan", "--example", "--report", dir + "/r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("arena:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lower bound:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("TFLM greedy:"), std::string::npos) << r.out;
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  for (const char* key : {"arena_bytes", "lower_bound_bytes",
                          "tflm_greedy_bytes", "optimal", "buffers"}) {
    EXPECT_TRUE(report.contains(key)) << key;
  }
  EXPECT_GE(report["arena_bytes"].get<int64_t>(),
            report["lower_bound_bytes"].get<int64_t>());
  EXPECT_LE(report["arena_bytes"].get<int64_t>(),
            report["tflm_greedy_bytes"].get<int64_t>());
  ASSERT_EQ(report["buffers"].size(), 16u);
  for (const char* key : {"id", "kind", "subgraph", "index", "name", "size",
                          "lower", "upper", "offset"}) {
    EXPECT_TRUE(report["buffers"][0].contains(key)) << key;
  }
}

TEST(Cli, BuffersOfAWrittenExampleMatchTheBuiltIn) {
  const std::string dir = testing::TempDir("example");
  ASSERT_EQ(RunCli({"example", dir + "/m.tflite"}).exit_code, 0);
  const auto from_file = RunCli({"buffers", dir + "/m.tflite"});
  const auto built_in = RunCli({"buffers", "--example"});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_EQ(from_file.out, built_in.out);
  EXPECT_EQ(from_file.out.rfind("id,lower,upper,size,kind,subgraph,index,name\n", 0),
            0u);
  EXPECT_EQ(Lines(from_file.out), 17u);
}

TEST(Cli, SameInputSameBytes) {
  const std::string dir = testing::TempDir("determinism");
  ASSERT_EQ(RunCli({"plan", "--example", "--report", dir + "/a.json"}).exit_code, 0);
  ASSERT_EQ(RunCli({"plan", "--example", "--report", dir + "/b.json"}).exit_code, 0);
  auto a = nlohmann::json::parse(testing::ReadText(dir + "/a.json"));
  auto b = nlohmann::json::parse(testing::ReadText(dir + "/b.json"));
  // Wall-clock seconds are the one field allowed to differ.
  a.erase("seconds");
  b.erase("seconds");
  EXPECT_EQ(a.dump(), b.dump());
}

TEST(Cli, ErrorsAreOneLineWithDocumentedCodes) {
  const std::string dir = testing::TempDir("errors");
  std::vector<uint8_t> bad = ExampleModel();
  bad.resize(bad.size() / 2);
  testing::WriteFile(dir + "/bad.tflite", bad);

  const auto malformed = RunCli({"plan", dir + "/bad.tflite", "--report",
                                 dir + "/r.json"});
  EXPECT_EQ(malformed.exit_code, 3);
  EXPECT_EQ(Lines(malformed.err), 1u) << malformed.err;
  EXPECT_NE(malformed.err.find("bad.tflite: flatbuffer verification failed"),
            std::string::npos)
      << malformed.err;
  EXPECT_FALSE(testing::FileExists(dir + "/r.json"));

  const auto missing = RunCli({"buffers", dir + "/absent.tflite"});
  EXPECT_EQ(missing.exit_code, 5) << missing.err;
  EXPECT_EQ(Lines(missing.err), 1u) << missing.err;

  const auto usage = RunCli({"plan", "--no-such-flag"});
  EXPECT_EQ(usage.exit_code, 2) << usage.err;
}

TEST(Cli, RecordingMismatchNamesTheBuffer) {
  const std::string dir = testing::TempDir("recording");
  testing::WriteText(dir + "/rec.csv", "id,lower,upper,size\n0,0,2,99\n");
  const auto r = RunCli({"buffers", "--example", "--recorded", dir + "/rec.csv"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(Lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("rec.csv: 1 recorded buffers, but the model has 16"),
            std::string::npos)
      << r.err;
}

TEST(Cli, ReportGivesTflmGreedyHeadOfEveryTrace) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string traces = testing::SharedDir() + "/corpus/tflm-traces";
  const std::string summary = testing::ReadText(traces + "/SUMMARY.csv");
  const std::string dir = testing::TempDir("traces");
  size_t checked = 0;
  for (const std::string& csv : testing::ListFiles(traces, ".csv")) {
    const std::string stem = std::filesystem::path(csv).stem().string();
    const size_t sep = stem.find("__");
    if (sep == std::string::npos) continue;
    const std::string model = testing::SharedDir() + "/corpus/models/" +
                              stem.substr(0, sep) + "/" +
                              stem.substr(sep + 2) + ".tflite";
    const auto r = RunCli({"plan", model, "--recorded", csv, "--time-limit",
                           "1", "--report", dir + "/r.json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto report =
        nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
    // SUMMARY.csv: model,buffers,tensors,scratch,tflm_greedy_head,...
    const size_t row = summary.find("\n" + stem + ",");
    ASSERT_NE(row, std::string::npos) << stem;
    size_t field = row + 1;
    for (int skip = 0; skip < 4; ++skip) field = summary.find(',', field) + 1;
    const int64_t head = std::stoll(summary.substr(field));
    EXPECT_EQ(report["tflm_greedy_bytes"].get<int64_t>(), head) << stem;
    EXPECT_LE(report["arena_bytes"].get<int64_t>(), head) << stem;
    ++checked;
  }
  EXPECT_EQ(checked, 15u);
}

}  // namespace
}  // namespace arenaplan
