// arena_bytes_required against real TFLM: every model of
// ../shared/corpus/tflm-arena/<folder>/SUMMARY.csv (head, tail by category,
// planning peak, smallest working arenas) and its allocation log row by
// row. Skips without ../shared.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "arena/abi_layout.h"
#include "arena/arena_size.h"
#include "arena_test_support.h"
#include "problem/csv_table.h"
#include "test_support.h"

namespace arenaplan {
namespace {

using testing::SharedDir;

struct Folder {
  const char* name;
  Abi abi;
  KernelLibrary library;
};

constexpr Folder kFolders[] = {
    {"host64-reference", Abi::kHost64, KernelLibrary::kReference},
    {"armv7em32-reference", Abi::kCortexM, KernelLibrary::kReference},
    {"armv7em32-cmsis-nn-dsp", Abi::kCortexM, KernelLibrary::kCmsisNnDsp},
};

constexpr const char* kColumns[] = {
    "head_bytes",          "persistent_bytes", "arena_used_bytes",
    "planning_peak_bytes", "min_arena_greedy", "min_arena_shim",
};

class GroundTruth : public ::testing::TestWithParam<Folder> {};

TEST_P(GroundTruth, EveryModelMatches) {
  ARENAPLAN_REQUIRE_SHARED();
  const Folder folder = GetParam();
  const std::string dir =
      SharedDir() + "/corpus/tflm-arena/" + std::string(folder.name);
  const CsvTable summary = CsvTable::ReadFile(dir + "/SUMMARY.csv");
  const size_t model_col = summary.RequireColumn("model");
  std::map<std::string, int> matched;  // column -> models matched
  int compared = 0;
  std::vector<std::string> skipped;
  for (size_t r = 0; r < summary.rows(); ++r) {
    const std::string name = summary.Field(r, model_col);
    SCOPED_TRACE(std::string(folder.name) + " " + name);
    KernelOptions kernels;
    kernels.library = folder.library;
    std::string why;
    const auto input = LoadCorpusModel(name, kernels, &why);
    if (!input) {
      skipped.push_back(name + ": " + why);
      continue;
    }
    const auto truth = ReadAllocLog(dir + "/" + name + ".alloc.csv");
    const ModelMeasures got =
        Measure(*input, folder.abi, kernels, truth.arena_size, name);
    const AllocateTensorsResult& a = got.stock.allocation;
    if (!a.exact()) {
      std::string ops;
      for (const auto& u : a.unmodelled) ops += "\n    " + u;
      for (const auto& u : a.unsupported) ops += "\n    " + u;
      if (folder.library == KernelLibrary::kReference) {
        ADD_FAILURE() << "not every op is modelled:" << ops;
      }
      skipped.push_back(name + ": not every op is modelled" + ops);
      continue;
    }
    ++compared;
    const auto value = [&](const char* column) {
      return summary.Field(r, summary.RequireColumn(column));
    };
    EXPECT_EQ(std::to_string(input->list.buffers.size()), value("buffers"));
    for (const auto& [column, number] : got.columns) {
      const std::string want = value(column.c_str());
      if (want == "n/a" && number < 0) {
        ++matched[column];
        continue;
      }
      EXPECT_EQ(std::to_string(number), want) << column;
      matched[column] += std::to_string(number) == want;
    }
    const std::string diff = FirstDifferingRow(truth, got.stock.allocation);
    EXPECT_EQ(diff, "") << "first differing allocation-log row";
    matched["log_rows"] += diff.empty();
  }
  std::ostringstream table;
  table << folder.name << ": " << compared << " models compared";
  for (const auto& [column, n] : matched) table << ", " << column << " " << n;
  for (const std::string& s : skipped) table << "\n  skipped " << s;
  std::cout << table.str() << "\n";
  RecordProperty("match", table.str());
  if (folder.library != KernelLibrary::kReference && compared == 0) {
    GTEST_SKIP() << "no " << KernelLibraryName(folder.library)
                 << " model could be derived yet: " << table.str();
  }
}

INSTANTIATE_TEST_SUITE_P(TflmArena, GroundTruth, ::testing::ValuesIn(kFolders),
                         [](const ::testing::TestParamInfo<Folder>& info) {
                           std::string n = info.param.name;
                           for (char& c : n)
                             c = std::isalnum(static_cast<unsigned char>(c))
                                     ? c
                                     : '_';
                           return n;
                         });

}  // namespace
}  // namespace arenaplan
