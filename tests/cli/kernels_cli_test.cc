// `--kernels`, `--compiler` and `--recorded` as a user runs them: usage
// errors, a header with no recording, the note naming the ops other kernel
// libraries add, and a recording checked against the derived list.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "model/builtin_ops.h"
#include "model/model_builder.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::RunCli;

// One int8 CONV_2D, 3x3 on 8x8x16 with SAME padding: ESP32-S3's esp-nn
// requests 4432 bytes for it (tests/kernels/esp_nn_scratch_test.cc).
std::vector<uint8_t> ConvModel() {
  ModelQuantization q;
  q.present = true;
  q.scale = {0.5f};
  q.zero_point = {0};
  SubgraphSpec sg;
  TensorSpec filter{"filter", {4, 3, 3, 16}, tensor_type::kInt8, false, {}, q};
  filter.data.assign(4 * 3 * 3 * 16, 1);
  TensorSpec bias{"bias", {4}, tensor_type::kInt32, false, {}, {}};
  bias.data.assign(16, 0);
  sg.tensors = {{"input", {1, 8, 8, 16}, tensor_type::kInt8, false, {}, q},
                filter,
                bias,
                {"output", {1, 8, 8, 4}, tensor_type::kInt8, false, {}, q}};
  sg.inputs = {0};
  sg.outputs = {3};
  OpSpec op = MakeOp(op::kConv2d, {0, 1, 2}, {3});
  op.options.type = 1;  // Conv2DOptions
  op.options.padding = 0;
  op.options.stride_w = op.options.stride_h = 1;
  sg.ops = {op};
  return BuildModel(MakeModel({sg}));
}

std::string WriteConvModel(const std::string& dir) {
  const std::string path = dir + "/conv.tflite";
  testing::WriteFile(path, ConvModel());
  return path;
}

TEST(KernelsCli, UnknownLibraryIsAUsageErrorListingTheNames) {
  for (const char* command : {"buffers", "plan"}) {
    const auto r = RunCli({command, "--example", "--kernels", "xtensa"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("'xtensa'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("reference, cmsis-nn, cmsis-nn-dsp, cmsis-nn-mve, "
                         "esp-nn, esp-nn-s3, esp-nn-ansi"),
              std::string::npos)
        << r.err;
  }
  const auto r = RunCli({"buffers", "--example", "--compiler", "clang"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("gcc, armclang"), std::string::npos) << r.err;
}

// No library named: the list assumes the reference kernels, the note names
// the ops that request scratch elsewhere, and no header is written.
TEST(KernelsCli, NoteNamesOtherLibrariesOps) {
  const std::string dir = testing::TempDir("kernels_note");
  const std::string model = WriteConvModel(dir);
  auto r = RunCli({"buffers", model});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("assumes TFLM's reference kernels"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("CONV_2D op 0 requests scratch with esp-nn-s3 (4432 "
                       "bytes)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("pass --kernels"), std::string::npos) << r.err;

  r = RunCli({"plan", model, "--header", dir + "/h.h"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--kernels"), std::string::npos) << r.err;
  EXPECT_FALSE(testing::FileExists(dir + "/h.h"));
}

// A named library: the header is written from the model alone, and the
// header, the summary and the report name the library and its version.
TEST(KernelsCli, HeaderWithKernelsAndNoRecording) {
  const std::string dir = testing::TempDir("kernels_header");
  const std::string model = WriteConvModel(dir);
  const auto r = RunCli({"plan", model, "--kernels", "esp-nn-s3", "--header",
                         dir + "/h.h", "--report", dir + "/r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string version = "esp-tflite-micro 99f49e14, esp-nn 1.2.3";
  EXPECT_NE(r.out.find("kernels:      esp-nn-s3 (" + version + ")"),
            std::string::npos)
      << r.out;
  const std::string header = testing::ReadText(dir + "/h.h");
  EXPECT_NE(header.find("// kernels:      esp-nn-s3 (" + version + ")"),
            std::string::npos)
      << header;
  EXPECT_NE(header.find("// scratch:      1 buffer(s)"), std::string::npos)
      << header;
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  EXPECT_EQ(report["kernels"], "esp-nn-s3");
  EXPECT_EQ(report["kernels_source"], "derived");
  EXPECT_EQ(report["kernels_version"], version);
  EXPECT_EQ(report["verified_against_real_build"], true);
  EXPECT_EQ(report["scratch_complete"], true);
  EXPECT_EQ(report["buffers"].back()["kind"], "scratch");
  EXPECT_EQ(report["buffers"].back()["size"], 4432);
}

// Helium has no recording here: the report and a note say the list is
// derived from source only; CMSIS-NN's build settings are named.
TEST(KernelsCli, MveIsMarkedUnverified) {
  const std::string dir = testing::TempDir("kernels_mve");
  const std::string model = WriteConvModel(dir);
  const auto r = RunCli({"plan", model, "--kernels", "cmsis-nn-mve", "--report",
                         dir + "/r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("derived from source, not checked against a real "
                       "build"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("gcc, optimized for speed"), std::string::npos) << r.out;
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  EXPECT_EQ(report["kernels"], "cmsis-nn-mve");
  EXPECT_EQ(report["verified_against_real_build"], false);
  EXPECT_EQ(report["compiler"], "gcc");
  EXPECT_EQ(report["optimize_kernels_for"], "speed");
  const auto bad = RunCli({"buffers", model, "--optimize-kernels-for", "ram"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("speed, size"), std::string::npos) << bad.err;
}

// Both given: the recording is used, and each row where it differs from
// the derived list is named, the first in the one-line summary.
TEST(KernelsCli, RecordingCheckedAgainstDerivedList) {
  const std::string dir = testing::TempDir("kernels_recorded");
  const std::string model = WriteConvModel(dir);
  auto r = RunCli({"buffers", model, "--kernels", "esp-nn-s3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A recording of the same stream, with the scratch row's size changed
  // (an older esp-nn) and one more scratch row.
  std::istringstream rows(r.out);
  std::string line, csv = "id,lower,upper,size\n", last;
  std::getline(rows, line);  // header
  int id = 0;
  while (std::getline(rows, line)) {
    std::istringstream fields(line);
    std::string f[4];
    for (std::string& x : f) std::getline(fields, x, ',');
    if (line.find(",scratch,") != std::string::npos) f[3] = "2000";
    csv += f[0] + "," + f[1] + "," + f[2] + "," + f[3] + "\n";
    last = f[1] + "," + f[2];
    ++id;
  }
  csv += std::to_string(id) + "," + last + ",64\n";
  testing::WriteText(dir + "/rec.csv", csv);

  r = RunCli({"buffers", model, "--kernels", "esp-nn-s3", "--recorded",
              dir + "/rec.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("differs from the esp-nn-s3"), std::string::npos)
      << r.err;
  const std::string row = std::to_string(id - 1);
  EXPECT_NE(r.err.find("first difference: row " + row +
                       ": recorded [1,2) "
                       "2000 B, derived [1,2) 4432 B"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("row " + std::to_string(id) +
                       ": recorded [1,2) 64 B (scratch 1"),
            std::string::npos)
      << r.err;
  // The recorded list is the one used.
  EXPECT_NE(r.out.find(",2000,scratch,"), std::string::npos) << r.out;

  // The same recording with --kernels esp-nn: a plain ESP32 asks for no
  // conv scratch, so both recorded rows are extra.
  r = RunCli({"buffers", model, "--kernels", "esp-nn", "--recorded",
              dir + "/rec.csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("in 2 row(s)"), std::string::npos) << r.err;
}

// field/HoGC_model.tflite (a real ESP32-S3 model) plans with no scratch
// under the reference kernels; the note names the CONV_2D ops that
// request scratch with ESP-NN on the S3 and with CMSIS-NN.
TEST(KernelsCli, HoGCNoteNamesTheConvolutions) {
  ARENAPLAN_REQUIRE_SHARED();
  const auto r = RunCli({"plan", testing::SharedDir() +
                                     "/corpus/models/field/HoGC_model.tflite"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.err);
  std::string line;
  bool esp = false, cmsis = false;
  while (std::getline(lines, line)) {
    esp |= line.find("CONV_2D ops 1, 3 request scratch with") !=
               std::string::npos &&
           line.find("esp-nn-s3 (10304 bytes)") != std::string::npos;
    cmsis |= line.find("CONV_2D ops 1, 3 request scratch with cmsis-nn") !=
             std::string::npos;
  }
  EXPECT_TRUE(esp) << r.err;
  EXPECT_TRUE(cmsis) << r.err;
  EXPECT_NE(r.out.find("kernels:      reference (TFLM 90b983c2), assumed"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace arenaplan
