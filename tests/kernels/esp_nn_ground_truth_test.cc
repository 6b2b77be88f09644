// ESP-NN end to end on the 64-bit host: for every model of the three
// esp-tflite-micro builds in ../shared/corpus/tflm-traces-esp-nn (ANSI,
// generic optimised, S3 sizes), the arena stage with the esp_nn ArenaRule and
// the build's recorded AddBuffer stream gives the SUMMARY's head, persistent,
// arena_used and min_arena (AllocateTensors without Invoke, planner outside
// the arena).
#include <gtest/gtest.h>

#include <iostream>

#include "arena/arena_size.h"
#include "arena_log.h"
#include "model/buffer_list.h"
#include "model/model_reader.h"
#include "model/recording.h"
#include "problem/csv_table.h"
#include "test_support.h"

namespace arenaplan {
namespace {

struct Build {
  const char* folder;
  KernelLibrary library;
};

TEST(EspNnGroundTruth, Host64SummaryOfEveryBuild) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string corpus = testing::SharedDir() + "/corpus";
  size_t compared = 0;
  for (const Build& build : {Build{"esp-nn-ansi", KernelLibrary::kEspNnAnsi},
                             Build{"esp-nn", KernelLibrary::kEspNn},
                             Build{"esp-nn-s3", KernelLibrary::kEspNnS3}}) {
    const std::string dir =
        corpus + "/tflm-traces-esp-nn/" + std::string(build.folder);
    const CsvTable summary = CsvTable::ReadFile(dir + "/SUMMARY.csv");
    const size_t model_col = summary.RequireColumn("model");
    for (size_t r = 0; r < summary.rows(); ++r) {
      const std::string name = summary.Field(r, model_col);
      SCOPED_TRACE(std::string(build.folder) + " " + name);
      const auto want = [&](const char* column) {
        return summary.Integer(r, summary.RequireColumn(column), 0,
                               int64_t{1} << 40);
      };
      const size_t cut = name.find("__");
      const std::string path = corpus + "/models/" + name.substr(0, cut) + "/" +
                               name.substr(cut + 2) + ".tflite";
      const std::vector<uint8_t> bytes = ReadFileBytes(path);
      const Model model = ReadModel(bytes.data(), bytes.size(), name);
      BufferList list = DeriveBufferList(model, name);
      const std::string trace = dir + "/" + name + ".csv";
      ApplyRecording(model, ParseRecording(CsvTable::ReadFile(trace)), trace,
                     list);
      KernelOptions kernels;
      kernels.library = build.library;
      const int64_t head = TflmGreedyHead(list);
      const RouteArena stock = RouteArenaOf(model, list, ArenaRoute::kStock,
                                            head, Abi::kHost64, kernels, name);
      const AllocateTensorsResult& a = stock.allocation;
      std::string ops;
      for (const auto& u : a.unmodelled) ops += "\n  " + u;
      for (const auto& u : a.unsupported) ops += "\n  " + u;
      ASSERT_TRUE(a.exact()) << "not every op is modelled:" << ops;
      EXPECT_EQ(a.head, want("head"));
      EXPECT_EQ(a.tail, want("persistent"));
      EXPECT_EQ(a.head + a.tail, want("arena_used"));
      EXPECT_EQ(stock.bytes, want("min_arena"));
      ++compared;
    }
  }
  std::cout << "esp-nn host64 builds compared: " << compared << " models\n";
  EXPECT_EQ(compared, 3 * 29u);
}

}  // namespace
}  // namespace arenaplan
