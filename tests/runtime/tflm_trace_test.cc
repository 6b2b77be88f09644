// The checking planners against real TFLM AddBuffer streams (the traces
// in ../shared/corpus/tflm-traces): both accept TFLM's own greedy offsets
// and arenaplan's plan for the same stream (the host tool's digest equals
// the one computed from TFLM's calls), refuse an altered stream, and the
// full check rejects a plan whose buffers are shifted onto each other.
#include <gtest/gtest.h>

#include <algorithm>

#include "full_check_planner.h"
#include "micro_printf_capture.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "plan/model_plan.h"
#include "problem/csv_table.h"
#include "stream_support.h"
#include "test_support.h"

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

std::vector<testing::Call> CallsOf(const std::vector<TraceRow>& rows) {
  std::vector<testing::Call> calls;
  for (const TraceRow& row : rows) {
    calls.push_back({row.size, row.first, row.last});
  }
  return calls;
}

// Feeds the trace to a VerifyingPlanner holding `offsets` and `digest`, or
// to a FullCheckPlanner (with `pairs`) when `full_check`.
TfLiteStatus RunTrace(const std::vector<TraceRow>& rows,
                      const std::vector<int32_t>& offsets, uint32_t digest,
                      bool full_check = false,
                      const std::vector<int32_t>& pairs = {}) {
  const testing::PlanWords words(offsets);
  std::vector<PlannedBuffer> records(rows.size());
  VerifyingPlanner verifying(words.plan(), digest);
  FullCheckPlanner full(words.plan(), digest, records.data(),
                        static_cast<int>(rows.size()),
                        pairs.empty() ? nullptr : pairs.data(),
                        static_cast<int>(pairs.size() / 2));
  tflite::MicroMemoryPlanner& planner =
      full_check ? static_cast<tflite::MicroMemoryPlanner&>(full) : verifying;
  if (testing::Add(planner, CallsOf(rows)) != kTfLiteOk) return kTfLiteError;
  return testing::Commit(planner, static_cast<int>(rows.size()));
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

  const std::vector<testing::Call> calls = CallsOf(rows);
  std::vector<int32_t> greedy;
  for (const TraceRow& row : rows) greedy.push_back(row.greedy_offset);
  const uint32_t greedy_digest = testing::HostDigest(calls, greedy);
  EXPECT_EQ(RunTrace(rows, greedy, greedy_digest), kTfLiteOk)
      << testing::PrintedText();
  EXPECT_EQ(RunTrace(rows, greedy, greedy_digest, true), kTfLiteOk)
      << testing::PrintedText();

  // arenaplan's plan for the model with the trace as recording: the host
  // tool's digest of its list is what the planner computes from TFLM's
  // real stream.
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
  const uint32_t digest = StreamDigest(plan.list, plan.solve.plan.offsets);
  EXPECT_EQ(RunTrace(rows, offsets, digest), kTfLiteOk)
      << testing::PrintedText();
  EXPECT_EQ(RunTrace(rows, offsets, digest, true, pairs), kTfLiteOk)
      << testing::PrintedText();

  // That plan for this stream minus its last call, or with one size
  // doubled: refused.
  std::vector<TraceRow> shorter(rows.begin(), rows.end() - 1);
  EXPECT_EQ(RunTrace(shorter, offsets, digest), kTfLiteError);
  std::vector<TraceRow> resized = rows;
  resized[rows.size() / 2].size *= 2;
  EXPECT_EQ(RunTrace(resized, offsets, digest), kTfLiteError);

  // Everything at offset 0 with a matching digest: the full check still
  // rejects it whenever two buffers live together.
  const std::vector<int32_t> zeros(rows.size(), 0);
  EXPECT_EQ(RunTrace(rows, zeros, testing::HostDigest(calls, zeros), true),
            kTfLiteError);
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
