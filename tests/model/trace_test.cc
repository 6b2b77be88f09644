// The front end against real TFLM: every row of every recorded AddBuffer
// stream in ../shared/corpus/tflm-traces* must be reproduced exactly, and the
// greedy replica must give TFLM's own offsets and head size.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "kernels/derive_scratch.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "plan/model_problem.h"
#include "problem/csv_table.h"
#include "problem/error.h"
#include "solve/tflm_greedy.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::SharedDir;

struct Trace {
  std::string path;   // the CSV
  std::string model;  // the .tflite it was recorded from
};

// "<source>__<model>.csv" -> models/<source>/<model>.tflite
std::vector<Trace> TracesIn(const std::string& dir) {
  std::vector<Trace> traces;
  for (const std::string& csv : testing::ListFiles(dir, ".csv")) {
    const std::string stem = std::filesystem::path(csv).stem().string();
    const size_t sep = stem.find("__");
    if (sep == std::string::npos) continue;  // SUMMARY.csv
    traces.push_back({csv, SharedDir() + "/corpus/models/" +
                               stem.substr(0, sep) + "/" +
                               stem.substr(sep + 2) + ".tflite"});
  }
  return traces;
}

BufferList Derive(const Trace& trace, const CsvTable& table,
                  Model* model_out = nullptr) {
  const std::vector<uint8_t> bytes = ReadFileBytes(trace.model);
  Model model = ReadModel(bytes.data(), bytes.size(), trace.model);
  BufferList list = DeriveBufferList(model, trace.model);
  ApplyRecording(model, ParseRecording(table), trace.path, list);
  if (model_out) *model_out = std::move(model);
  return list;
}

void ExpectTraceReproduced(const Trace& trace) {
  SCOPED_TRACE(trace.path);
  const CsvTable table = CsvTable::ReadFile(trace.path);
  const BufferList list = Derive(trace, table);
  ASSERT_EQ(list.buffers.size(), table.rows());
  const size_t lower = table.RequireColumn("lower");
  const size_t upper = table.RequireColumn("upper");
  const size_t size = table.RequireColumn("size");
  const size_t kind = table.RequireColumn("kind");
  const size_t subgraph = table.RequireColumn("subgraph");
  const size_t index = table.RequireColumn("index");
  size_t scratch = 0;
  for (size_t r = 0; r < table.rows(); ++r) {
    const ModelBuffer& b = list.buffers[r];
    SCOPED_TRACE("buffer " + std::to_string(r));
    EXPECT_EQ(std::to_string(b.first), table.Field(r, lower));
    EXPECT_EQ(std::to_string(b.last + 1), table.Field(r, upper));
    EXPECT_EQ(std::to_string(b.size), table.Field(r, size));
    EXPECT_EQ(b.kind == BufferKind::kTensor ? "tensor" : "scratch",
              table.Field(r, kind));
    EXPECT_EQ(std::to_string(b.subgraph), table.Field(r, subgraph));
    EXPECT_EQ(std::to_string(b.index), table.Field(r, index));
    scratch += b.kind == BufferKind::kScratch;
  }
  // The tensor part came from the model alone: the recording only added
  // the scratch rows.
  EXPECT_EQ(list.tensor_count, table.rows() - scratch);
}

void ExpectGreedyExact(const Trace& trace,
                       const std::map<std::string, int64_t>& heads) {
  SCOPED_TRACE(trace.path);
  const CsvTable table = CsvTable::ReadFile(trace.path);
  const Problem problem = ProblemFromBufferList(Derive(trace, table));
  const Plan plan = TflmGreedyPlan(problem);
  const size_t offset = table.RequireColumn("tflm_greedy_offset");
  for (size_t r = 0; r < table.rows(); ++r) {
    EXPECT_EQ(std::to_string(plan.offsets[r]), table.Field(r, offset))
        << "buffer " << r;
  }
  const std::string stem = std::filesystem::path(trace.path).stem().string();
  ASSERT_TRUE(heads.count(stem)) << stem << " missing from SUMMARY.csv";
  EXPECT_EQ(PlanHeight(problem, plan), heads.at(stem));
}

std::map<std::string, int64_t> GreedyHeads(const std::string& dir) {
  const CsvTable summary = CsvTable::ReadFile(dir + "/SUMMARY.csv");
  const size_t model = summary.RequireColumn("model");
  const size_t head = summary.RequireColumn("tflm_greedy_head");
  std::map<std::string, int64_t> heads;
  for (size_t r = 0; r < summary.rows(); ++r) {
    heads[summary.Field(r, model)] = summary.Integer(r, head, 0, 1LL << 40);
  }
  return heads;
}

const char* const kTraceDirs[] = {"tflm-traces", "tflm-traces-cmsis-nn/portable",
                                  "tflm-traces-cmsis-nn/dsp"};

TEST(TflmTraces, EveryRowReproduced) {
  ARENAPLAN_REQUIRE_SHARED();
  size_t checked = 0;
  for (const char* sub : kTraceDirs) {
    for (const Trace& trace : TracesIn(SharedDir() + "/corpus/" + sub)) {
      ExpectTraceReproduced(trace);
      ++checked;
    }
  }
  EXPECT_GE(checked, 45u);
}

TEST(TflmTraces, GreedyReplicaGivesTflmOffsetsAndHead) {
  ARENAPLAN_REQUIRE_SHARED();
  for (const char* sub : kTraceDirs) {
    const std::string dir = SharedDir() + "/corpus/" + sub;
    const auto heads = GreedyHeads(dir);
    for (const Trace& trace : TracesIn(dir)) ExpectGreedyExact(trace, heads);
  }
}

TEST(TflmTraces, TensorRowsWithoutRecordingMatchTrace) {
  ARENAPLAN_REQUIRE_SHARED();
  for (const Trace& trace : TracesIn(SharedDir() + "/corpus/tflm-traces")) {
    SCOPED_TRACE(trace.path);
    const std::vector<uint8_t> bytes = ReadFileBytes(trace.model);
    const Model model = ReadModel(bytes.data(), bytes.size(), trace.model);
    const BufferList list = DeriveBufferList(model, trace.model);
    const CsvTable table = CsvTable::ReadFile(trace.path);
    const size_t kind = table.RequireColumn("kind");
    size_t tensors = 0;
    for (size_t r = 0; r < table.rows(); ++r) {
      tensors += table.Field(r, kind) == "tensor";
    }
    EXPECT_EQ(list.buffers.size(), tensors);
    // Ops of the reference kernels that request scratch are named exactly
    // when the trace has scratch rows.
    EXPECT_EQ(ScratchRequestingOps(model, KernelOptions{}, trace.model).empty(),
              tensors == table.rows());
  }
}

TEST(TflmTraces, RecordingOfAnotherModelIsRejected) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string dir = SharedDir() + "/corpus/tflm-traces";
  const Trace wrong{dir + "/tflite-micro__person_detect.csv",
                    SharedDir() + "/corpus/models/mlcommons-tiny/vww_96_int8.tflite"};
  const CsvTable table = CsvTable::ReadFile(wrong.path);
  try {
    Derive(wrong, table);
    FAIL() << "a recording of person_detect was accepted for vww_96_int8";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("buffer "), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("differs"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace arenaplan
