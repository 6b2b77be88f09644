// Every real model (../shared/corpus/models, field/ included) through
// `buffers --kernels LIB` and `plan --kernels LIB` for every kernel library
// arenaplan knows: exit 0, or exit 3 with exactly one stderr line
// "arenaplan: MODEL: cause". (Without --kernels: WarningsCli.
// EveryCorpusModelPlansOrFailsWithOneLine.) One test per library, so that
// ctest runs them side by side.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "kernels/kernel_library.h"
#include "test_support.h"

namespace arenaplan {
namespace {

class KernelsCorpus : public ::testing::TestWithParam<KernelLibrary> {};

TEST_P(KernelsCorpus, BuffersAndPlanSucceedOrFailWithOneLine) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string library = KernelLibraryName(GetParam());
  const std::vector<std::string> models = testing::CorpusModels();
  ASSERT_GT(models.size(), 30u);
  const std::string dir = testing::TempDir("kernels_corpus_" + library);
  const std::string report = dir + "/r.json";
  size_t ok = 0, refused = 0;
  for (const std::string& model : models) {
    // A node budget, not the clock: the same answer on a loaded machine.
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"buffers", model, "--kernels", library},
          std::vector<std::string>{"plan", model, "--kernels", library,
                                   "--deterministic", "--node-limit", "2000",
                                   "--report", report}}) {
      std::filesystem::remove(report);
      const auto r = testing::RunCli(args);
      const std::vector<std::string> err = testing::SplitLines(r.err);
      const std::string what = args[0] + " --kernels " + library + " " + model;
      if (r.exit_code == 0) {
        ++ok;
        EXPECT_FALSE(r.out.empty()) << what;
        for (const std::string& line : err) {
          EXPECT_TRUE(line.rfind("warning: " + model + ": ", 0) == 0 ||
                      line.rfind("note: " + model + ": ", 0) == 0)
              << what << ": " << line;
        }
        continue;
      }
      ++refused;
      EXPECT_EQ(r.exit_code, 3) << what << ": " << r.err;
      ASSERT_EQ(err.size(), 1u) << what << ":\n" << r.err;
      const std::string prefix = "arenaplan: " + model + ": ";
      EXPECT_EQ(err[0].rfind(prefix, 0), 0u) << what << ": " << err[0];
      EXPECT_GT(err[0].size(), prefix.size() + 10) << "no cause: " << err[0];
      EXPECT_EQ(r.out, "") << what;
      EXPECT_FALSE(testing::FileExists(report)) << what;
    }
  }
  std::cout << "--kernels " << library << ": " << ok << " runs succeeded, "
            << refused << " refused with one line\n";
}

INSTANTIATE_TEST_SUITE_P(
    EveryLibrary, KernelsCorpus, ::testing::ValuesIn(AllKernelLibraries()),
    [](const ::testing::TestParamInfo<KernelLibrary>& info) {
      std::string name = KernelLibraryName(info.param);
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

}  // namespace
}  // namespace arenaplan
