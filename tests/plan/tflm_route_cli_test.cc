// `arenaplan plan --tflite --preserve` as a user runs it: the written file,
// read back and run through TFLM's greedy placement with the recorded
// scratch, keeps the preserved tensor intact; the tool states one head.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>

#include "lstm_like.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "plan/tflm_route.h"
#include "problem/csv_table.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::RunCli;

// The written .tflite's pins plus the recorded scratch, placed as TFLM's
// greedy planner does; returns the bytes online buffers put on tensor
// `name` from its first use to the end of the run (what --preserve keeps).
int64_t OnlineBytesOnTensor(const std::string& tflite,
                            const std::string& recording,
                            const std::string& name, int64_t* head) {
  const std::vector<uint8_t> bytes = ReadFileBytes(tflite);
  const Model model = ReadModel(bytes.data(), bytes.size(), tflite);
  BufferList list = DeriveBufferList(model, tflite);
  ApplyRecording(model, ParseRecording(CsvTable::ReadFile(recording)),
                 recording, list);
  std::vector<int64_t> pins;
  int32_t kept = -1;
  for (size_t i = 0; i < list.tensor_count; ++i) {
    EXPECT_TRUE(list.buffers[i].pinned_offset) << "tensor buffer " << i;
    pins.push_back(list.buffers[i].pinned_offset.value_or(0));
    if (list.buffers[i].name == name) kept = static_cast<int32_t>(i);
  }
  EXPECT_GE(kept, 0) << name;
  if (kept < 0) return -1;
  const Plan device = SimulateTflmPlacement(list, pins);
  int64_t end = 0;
  for (size_t i = 0; i < list.buffers.size(); ++i) {
    end = std::max(end, static_cast<int64_t>(list.buffers[i].last));
    *head = std::max(*head, device.offsets[i] + list.buffers[i].size);
  }
  const ModelBuffer& p = list.buffers[kept];
  int64_t on = 0;
  for (size_t o = list.tensor_count; o < list.buffers.size(); ++o) {
    const ModelBuffer& b = list.buffers[o];
    if (b.last < p.first || b.first > end) continue;  // never alive together
    const int64_t lo = std::max(device.offsets[o], device.offsets[kept]);
    const int64_t hi =
        std::min(device.offsets[o] + b.size, device.offsets[kept] + p.size);
    on += std::max<int64_t>(0, hi - lo);
  }
  return on;
}

// Every "N bytes" the run states as the arena or TFLM's head.
std::vector<int64_t> StatedHeads(const std::string& out) {
  std::vector<int64_t> heads;
  const std::regex pattern("(arena: +|TFLM's head will be )([0-9]+) bytes");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    heads.push_back(std::stoll((*it)[2]));
  }
  return heads;
}

void ExpectPreservedAndOneHead(const std::string& model,
                               const std::string& recording,
                               const std::string& preserved,
                               const std::string& dir) {
  const auto r =
      RunCli({"plan", model, "--preserve", preserved, "--recorded", recording,
              "--tflite", dir + "/out.tflite", "--report", dir + "/r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int64_t head = 0;
  EXPECT_EQ(
      OnlineBytesOnTensor(dir + "/out.tflite", recording, preserved, &head), 0)
      << "TFLM's layout puts scratch on the preserved tensor";
  const std::vector<int64_t> stated = StatedHeads(r.out);
  ASSERT_EQ(stated.size(), 2u) << r.out;
  EXPECT_EQ(stated[0], head) << r.out;
  EXPECT_EQ(stated[1], head) << r.out;
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  EXPECT_EQ(report["arena_bytes"], head);
  EXPECT_EQ(report["offline_tflite_head_bytes"], head);
  EXPECT_EQ(report["tflite_route"]["head_bytes"], head);
  EXPECT_EQ(report["tflite_route"]["preserved_guaranteed"], true);
  EXPECT_EQ(report["tflite_route"]["scratch_complete"], true);
}

TEST(TflmRouteCli, LstmLikeKeepsPreservedInputWithOneHead) {
  const std::string dir = testing::TempDir("route_b_lstm_like");
  const std::vector<uint8_t> bytes = testing::LstmLike();
  testing::WriteFile(dir + "/m.tflite", bytes);
  const Model model = ReadModel(bytes.data(), bytes.size(), "m");
  testing::WriteText(dir + "/rec.csv",
                     testing::LstmLikeRecording(DeriveBufferList(model, "m")));
  ExpectPreservedAndOneHead(dir + "/m.tflite", dir + "/rec.csv", "args_0", dir);
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  EXPECT_EQ(report["tflite_route"]["preserved_raised"], true);
}

TEST(TflmRouteCli, FieldLstmCaseKeepsPreservedInput) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string dir = testing::TempDir("route_b_field_lstm");
  ExpectPreservedAndOneHead(
      testing::SharedDir() + "/corpus/models/field/AII4-0_lstm_0_quant.tflite",
      testing::SharedDir() +
          "/corpus/bug-cases/field_AII4-0_lstm_0_quant.reference_recording.csv",
      "serving_default_args_0:0", dir);
}

TEST(TflmRouteCli, WarnsWhenScratchIsUnknownAndTensorsArePreserved) {
  const std::string dir = testing::TempDir("route_b_unknown_scratch");
  testing::WriteFile(dir + "/m.tflite", testing::LstmLike());
  const auto r =
      RunCli({"plan", dir + "/m.tflite", "--preserve", "args_0", "--tflite",
              dir + "/out.tflite", "--report", dir + "/r.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE((r.out + r.err).find("preserved tensors cannot be guaranteed"),
            std::string::npos)
      << r.out << r.err;
  const auto report = nlohmann::json::parse(testing::ReadText(dir + "/r.json"));
  EXPECT_EQ(report["tflite_route"]["preserved_guaranteed"], false);
}

}  // namespace
}  // namespace arenaplan
