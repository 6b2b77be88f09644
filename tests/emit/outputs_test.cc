// `arenaplan plan` outputs together: the report's new fields, the pictures,
// and that a failure leaves no output file at all.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "emit/arena_picture.h"
#include "emit/emit_support.h"
#include "emit/sha256.h"
#include "model/example_model.h"
#include "test_support.h"

namespace arenaplan {
namespace {

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos;
       at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

TEST(Outputs, ReportNamesItsInputs) {
  const std::string dir = testing::TempDir("report");
  testing::WriteFile(dir + "/m.tflite", ExampleModel());
  const auto r =
      testing::RunCli({"plan", dir + "/m.tflite", "--report", dir + "/r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  const std::vector<uint8_t> bytes = ExampleModel();
  EXPECT_EQ(report["model_sha256"], Sha256Hex(bytes.data(), bytes.size()));
  EXPECT_EQ(report["inputs"]["model"], dir + "/m.tflite");
  EXPECT_TRUE(report["inputs"]["recording"].is_null());
  EXPECT_EQ(report["version"], ARENAPLAN_VERSION);
  EXPECT_GE(report["seconds"].get<double>(), 0.0);
}

TEST(Outputs, PictureHasEveryBufferAndStep) {
  const ModelPlan plan = testing::PlanBytes(ExampleModel(), "example");
  const std::string svg = ArenaSvg(plan);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(Count(svg, "<g>"), plan.list.buffers.size());
  for (const char* part : {"0 CONV_2D", "2 HARD_SWISH", "7 ADD", "14 SOFTMAX",
                           "inputs", "stem/conv", "lower bound", "TFLM greedy"}) {
    EXPECT_NE(svg.find(part), std::string::npos) << part;
  }
  const std::string html = ArenaHtml(plan);
  EXPECT_EQ(Count(html, "class='buffer'"), plan.list.buffers.size());
  EXPECT_NE(html.find("<script>"), std::string::npos);
  // Self-contained: nothing fetched from elsewhere.
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST(Outputs, WritesAllRequested) {
  const std::string dir = testing::TempDir("all_outputs");
  const auto r = testing::RunCli(
      {"plan", "--example", "--kernels", "reference", "--header", dir + "/p.h",
       "--name", "kws",
       "--tflite", dir + "/p.tflite", "--svg", dir + "/p.svg", "--html",
       dir + "/p.html", "--report", dir + "/r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"/p.h", "/p.tflite", "/p.svg", "/p.html", "/r.json"}) {
    EXPECT_TRUE(testing::FileExists(dir + f)) << f;
  }
  EXPECT_NE(testing::ReadText(dir + "/p.h").find("namespace kws {"),
            std::string::npos);
  EXPECT_NE(r.out.find("offline .tflite: TFLM's head will be"),
            std::string::npos)
      << r.out;
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  EXPECT_TRUE(report.contains("offline_tflite_head_bytes"));
  EXPECT_EQ(testing::ListFiles(dir, "").size(), 5u) << "no temporary left";
}

TEST(Outputs, SameInputSameBytes) {
  const std::string dir = testing::TempDir("deterministic");
  for (const char* run : {"/a", "/b"}) {
    const std::string prefix = dir + run;
    const auto r =
        testing::RunCli({"plan", "--example", "--kernels", "reference",
                         "--header", prefix + ".h", "--tflite",
                         prefix + ".tflite", "--svg",
                         prefix + ".svg", "--html", prefix + ".html"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  for (const char* ext : {".h", ".tflite", ".svg", ".html"}) {
    EXPECT_EQ(testing::ReadText(dir + "/a" + ext),
              testing::ReadText(dir + "/b" + ext))
        << ext;
  }
}

TEST(Outputs, FailureLeavesNoOutputAtAll) {
  const std::string dir = testing::TempDir("no_outputs");
  testing::WriteFile(dir + "/mean.tflite", testing::MeanModel());
  // The header needs a recording; the SVG and report come before it on the
  // command line but must not be written either.
  const auto r =
      testing::RunCli({"plan", dir + "/mean.tflite", "--svg", dir + "/p.svg",
                       "--report", dir + "/r.json", "--tflite",
                       dir + "/p.tflite", "--header", dir + "/p.h"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--recorded"), std::string::npos) << r.err;
  EXPECT_EQ(testing::ListFiles(dir, "").size(), 1u) << "only the model";
}

TEST(Outputs, HeaderNameFromFileOrOption) {
  const std::string dir = testing::TempDir("header_name");
  testing::WriteFile(dir + "/my-model.v2.tflite", ExampleModel());
  auto r = testing::RunCli(
      {"plan", dir + "/my-model.v2.tflite", "--kernels", "reference",
       "--header", dir + "/a.h"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(testing::ReadText(dir + "/a.h").find("namespace my_model {"),
            std::string::npos);
  r = testing::RunCli(
      {"plan", "--example", "--kernels", "reference", "--header", dir + "/b.h",
       "--name", "1abc"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'1abc'"), std::string::npos) << r.err;
  EXPECT_FALSE(testing::FileExists(dir + "/b.h"));
}

TEST(Outputs, OneFileForTwoOutputsIsRefused) {
  const std::string dir = testing::TempDir("same_path");
  const auto r = testing::RunCli(
      {"plan", "--example", "--svg", dir + "/x", "--html", dir + "/x"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(testing::FileExists(dir + "/x"));
}

}  // namespace
}  // namespace arenaplan
