// `--kernels esp-nn|esp-nn-s3|esp-nn-ansi` against real TFLM: every row of
// every recording in ../shared/corpus/tflm-traces-esp-nn/ (esp-tflite-micro
// 99f49e14 with esp-nn 1.2.3, README there) is reproduced from the model
// alone, scratch rows included.
#include <gtest/gtest.h>

#include <filesystem>

#include "kernels/derive_scratch.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "problem/csv_table.h"
#include "problem/error.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::SharedDir;

// Rows that differ from the recording, as "row N: ..." lines.
std::vector<std::string> Differences(const std::string& csv,
                                     KernelLibrary library, size_t* rows) {
  const std::string stem = std::filesystem::path(csv).stem().string();
  const size_t sep = stem.find("__");
  const std::string model_path = SharedDir() + "/corpus/models/" +
                                 stem.substr(0, sep) + "/" +
                                 stem.substr(sep + 2) + ".tflite";
  const std::vector<uint8_t> bytes = ReadFileBytes(model_path);
  const Model model = ReadModel(bytes.data(), bytes.size(), model_path);
  BufferList list = DeriveBufferList(model, model_path);
  KernelOptions options;
  options.library = library;
  AppendDerivedScratch(model, list, options, model_path);
  const CsvTable table = CsvTable::ReadFile(csv);
  const size_t lower = table.RequireColumn("lower");
  const size_t upper = table.RequireColumn("upper");
  const size_t size = table.RequireColumn("size");
  const size_t kind = table.RequireColumn("kind");
  const size_t subgraph = table.RequireColumn("subgraph");
  const size_t index = table.RequireColumn("index");
  std::vector<std::string> out;
  if (list.buffers.size() != table.rows()) {
    out.push_back(std::to_string(list.buffers.size()) + " buffers, " +
                  std::to_string(table.rows()) + " recorded");
  }
  for (size_t r = 0; r < std::min(table.rows(), list.buffers.size()); ++r) {
    const ModelBuffer& b = list.buffers[r];
    const std::string got =
        std::to_string(b.first) + "," + std::to_string(b.last + 1) + "," +
        std::to_string(b.size) + "," + BufferKindName(b.kind) + "," +
        std::to_string(b.subgraph) + "," + std::to_string(b.index);
    const std::string want =
        table.Field(r, lower) + "," + table.Field(r, upper) + "," +
        table.Field(r, size) + "," + table.Field(r, kind) + "," +
        table.Field(r, subgraph) + "," + table.Field(r, index);
    if (got != want) {
      out.push_back("row " + std::to_string(r) + ": derived " + got +
                    ", recorded " + want + " (" + b.name + ")");
    }
  }
  *rows = table.rows();
  return out;
}

class EspNnTraces : public ::testing::TestWithParam<const char*> {};

TEST_P(EspNnTraces, EveryRowReproduced) {
  ARENAPLAN_REQUIRE_SHARED();
  const KernelLibrary library = *ParseKernelLibrary(GetParam());
  const auto csvs = testing::ListFiles(
      SharedDir() + "/corpus/tflm-traces-esp-nn/" + GetParam(), ".csv");
  size_t traces = 0, rows = 0;
  for (const std::string& csv : csvs) {
    if (std::filesystem::path(csv).stem().string().find("__") ==
        std::string::npos) {
      continue;  // SUMMARY.csv
    }
    SCOPED_TRACE(csv);
    size_t n = 0;
    try {
      for (const std::string& d : Differences(csv, library, &n)) {
        ADD_FAILURE() << d;
      }
    } catch (const Error& e) {
      ADD_FAILURE() << e.what();
    }
    ++traces;
    rows += n;
  }
  EXPECT_EQ(traces, 29u);  // README: 29 models in each selection
  std::cout << GetParam() << ": " << traces << " recordings, " << rows
            << " rows compared\n";
}

INSTANTIATE_TEST_SUITE_P(Libraries, EspNnTraces,
                         ::testing::Values("esp-nn", "esp-nn-s3",
                                           "esp-nn-ansi"));

// The HoGC case (README, "The HoGC data point"): with esp-nn 1.2.3 an
// ESP32-S3 build requests 9952 bytes for its first CONV_2D (op 1, time
// step 2) and 352 for its second (op 3, step 4); a plain ESP32 and ANSI
// request none.
TEST(EspNnTraces, HoGC) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string path =
      SharedDir() + "/corpus/models/field/HoGC_model.tflite";
  const std::vector<uint8_t> bytes = ReadFileBytes(path);
  const Model model = ReadModel(bytes.data(), bytes.size(), path);
  for (const char* name : {"esp-nn-s3", "esp-nn", "esp-nn-ansi"}) {
    BufferList list = DeriveBufferList(model, path);
    KernelOptions options;
    options.library = *ParseKernelLibrary(name);
    AppendDerivedScratch(model, list, options, path);
    std::vector<int64_t> sizes;
    for (size_t i = list.tensor_count; i < list.buffers.size(); ++i) {
      sizes.push_back(list.buffers[i].size);
    }
    EXPECT_EQ(sizes, options.library == KernelLibrary::kEspNnS3
                         ? std::vector<int64_t>({9952, 352})
                         : std::vector<int64_t>{})
        << name;
  }
}

}  // namespace
}  // namespace arenaplan
