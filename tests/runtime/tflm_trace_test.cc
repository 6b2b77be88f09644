// The verifying planner against real TFLM AddBuffer streams (the traces in
// ../shared/corpus/tflm-traces): it accepts TFLM's own greedy offsets and
// arenaplan's plan for the same stream, and rejects a plan whose buffers
// are shifted onto each other.
#include <gtest/gtest.h>

#include <algorithm>

#include "micro_printf_capture.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "plan/model_plan.h"
#include "problem/csv_table.h"
#include "test_support.h"
#include "verifying_planner.h"

namespace arenaplan {
namespace {

struct TraceRow {
  int size, first, last, greedy_offset;
};

std::vector<TraceRow> ReadTrace(const std::string& path) {
  const CsvTable table = CsvTable::ReadFile(path);
  const size_t lower = *table.Column("lower"), upper = *table.Column("upper"),
               size = *table.Column("size"),
               offset = *table.Column("tflm_greedy_offset");
  std::vector<TraceRow> rows;
  for (size_t r = 0; r < table.rows(); ++r) {
    rows.push_back({static_cast<int>(table.Integer(r, size, 0, 1 << 30)),
                    static_cast<int>(table.Integer(r, lower, -1, 1 << 30)),
                    static_cast<int>(table.Integer(r, upper, 0, 1 << 30)) - 1,
                    static_cast<int>(table.Integer(r, offset, 0, 1 << 30))});
  }
  return rows;
}

// Feeds the trace to a VerifyingPlanner holding `offsets`.
TfLiteStatus RunTrace(const std::vector<TraceRow>& rows,
                      const std::vector<int32_t>& offsets,
                      const std::vector<int32_t>& pairs = {}) {
  std::vector<int32_t> words = {static_cast<int32_t>(offsets.size())};
  words.insert(words.end(), offsets.begin(), offsets.end());
  words.push_back(0);
  std::vector<PlannedBuffer> records(rows.size());
  VerifyingPlanner planner(
      reinterpret_cast<const tflite::BufferPlan*>(words.data()), records.data(),
      static_cast<int>(records.size()), pairs.empty() ? nullptr : pairs.data(),
      static_cast<int>(pairs.size() / 2));
  for (const TraceRow& row : rows) {
    if (planner.AddBuffer(row.size, row.first, row.last) != kTfLiteOk) {
      return kTfLiteError;
    }
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    int offset = 0;
    if (planner.GetOffsetForBuffer(static_cast<int>(i), &offset) != kTfLiteOk) {
      return kTfLiteError;
    }
  }
  return kTfLiteOk;
}

class TflmTrace : public ::testing::TestWithParam<const char*> {};

TEST_P(TflmTrace, ShimAcceptsExactlyValidPlans) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string name = GetParam();
  const std::string trace =
      testing::SharedDir() + "/corpus/tflm-traces/" + name + ".csv";
  std::string model_path = name;
  model_path.replace(model_path.find("__"), 2, "/");
  model_path =
      testing::SharedDir() + "/corpus/models/" + model_path + ".tflite";
  const std::vector<TraceRow> rows = ReadTrace(trace);

  std::vector<int32_t> greedy;
  for (const TraceRow& row : rows) greedy.push_back(row.greedy_offset);
  EXPECT_EQ(RunTrace(rows, greedy), kTfLiteOk) << testing::PrintedText();

  const std::vector<uint8_t> bytes = ReadFileBytes(model_path);
  Model model = ReadModel(bytes.data(), bytes.size(), model_path);
  BufferList list = DeriveBufferList(model, model_path);
  ApplyRecording(model, ParseRecording(CsvTable::ReadFile(trace)), trace, list);
  SolveOptions options;
  options.time_limit_seconds = 1;
  const ModelPlan plan =
      PlanModel(std::move(model), std::move(list), model_path, options);
  std::vector<int32_t> offsets(plan.solve.plan.offsets.begin(),
                               plan.solve.plan.offsets.end());
  std::vector<int32_t> pairs;
  for (const SharedGroup& g : plan.problem.groups) {  // as the header has
    const int32_t first = *std::min_element(g.members.begin(), g.members.end());
    for (int32_t member : g.members) {
      if (member != first) pairs.insert(pairs.end(), {first, member});
    }
  }
  EXPECT_EQ(RunTrace(rows, offsets, pairs), kTfLiteOk)
      << testing::PrintedText();

  // Everything at offset 0: rejected whenever two buffers live together.
  EXPECT_EQ(RunTrace(rows, std::vector<int32_t>(rows.size(), 0)), kTfLiteError);
}

INSTANTIATE_TEST_SUITE_P(
    Traces, TflmTrace,
    ::testing::Values("tflite-micro__person_detect",
                      "tflite-micro__keyword_scrambled",
                      "tflite-micro__mobilenet_v2_quantized_1x3x224x224",
                      "tflite-micro__hello_world_int8",
                      "litert__multi_subgraphs_while"));

}  // namespace
}  // namespace arenaplan
