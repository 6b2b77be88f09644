// Limits through the CLI: a 100 000-buffer run ends with a complete answer
// under --time-limit (bounded, not hanging) and bounded memory, and Ctrl-C
// ends a long solve promptly with exit code 130 and no output file. How far
// past the limit a run ends is a speed figure, printed by
// bench/limits_bench.sh, not asserted here (the brief: no timed unit tests).
#include <gtest/gtest.h>

#include <cstdio>

#include "hardening_support.h"
#include "test_support.h"

namespace arenaplan {
namespace {

constexpr double kTimeLimit = 2.0;
// A guard against a run that ignores the limit (unbounded search), wide
// enough for a loaded CI machine and the sanitizer build.
constexpr double kHangGuard = 60.0;
constexpr int64_t kMaxRssKb = 1024 * 1024;

TEST(Limits, HundredThousandBufferProblem) {
  const std::string dir = testing::TempDir("big_problem");
  testing::WriteText(dir + "/p.csv",
                     hardening::RandomProblemCsv(100'000, 20'000, 1));
  const auto run = hardening::RunCliLimited(
      {"solve", dir + "/p.csv", "--time-limit", "2", "-o", dir + "/out.csv"},
      kTimeLimit + kHangGuard + 10);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_LT(run.seconds, kTimeLimit + kHangGuard);
  std::printf("wall time %.2f s for --time-limit %.0f\n", run.seconds,
              kTimeLimit);
  EXPECT_LT(run.max_rss_kb, kMaxRssKb);
  EXPECT_EQ(hardening::LineCount(testing::ReadText(dir + "/out.csv")),
            100'001u);
}

// The whole plan path, TFLM greedy comparison included, keeps the limit on
// a 100 000-tensor chain (the replica looks only at conflicting buffers).
TEST(Limits, HundredThousandTensorModel) {
  const std::string dir = testing::TempDir("big_model");
  testing::WriteFile(dir + "/m.tflite", hardening::ChainModel(100'000));
  const auto run =
      hardening::RunCliLimited({"plan", dir + "/m.tflite", "--time-limit", "2",
                                "--report", dir + "/r.json"},
                               kTimeLimit + kHangGuard + 10);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_LT(run.seconds, kTimeLimit + kHangGuard);
  std::printf("wall time %.2f s for --time-limit %.0f\n", run.seconds,
              kTimeLimit);
  EXPECT_LT(run.max_rss_kb, kMaxRssKb);
}

TEST(Limits, InterruptStopsSolvePromptlyWithoutOutput) {
  // Early enough that the solve (1.4 s in all on an idle machine in
  // Release) is still running.
  constexpr double kInterruptAfter = 0.4;
  const std::string dir = testing::TempDir("interrupt");
  testing::WriteText(dir + "/p.csv", hardening::RandomProblemCsv(3000, 300, 7));
  const auto run = hardening::RunCliInterrupted(
      {"solve", dir + "/p.csv", "--time-limit", "600", "-o", dir + "/out.csv",
       "--report", dir + "/r.json"},
      /*interrupt_after_seconds=*/kInterruptAfter);
  EXPECT_FALSE(run.timed_out);
  EXPECT_EQ(run.exit_code, 130) << run.err;
  EXPECT_EQ(hardening::LineCount(run.err), 1u) << run.err;
  EXPECT_GE(run.seconds, kInterruptAfter)
      << "the solve ended before the interrupt: "
         "the test needs a harder problem";
  // Ends on the interrupt, not at the 600 s limit (a loaded machine may
  // take a few seconds to deliver and unwind).
  EXPECT_LT(run.seconds, kInterruptAfter + 30.0);
  EXPECT_EQ(hardening::DirectoryEntries(dir),
            std::vector<std::string>{"p.csv"});
}

}  // namespace
}  // namespace arenaplan
