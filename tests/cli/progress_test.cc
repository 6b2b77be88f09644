// `plan` shows solver progress (best, bound, seconds) on stderr when stderr
// is a terminal and the solve runs longer than about a second; never in a
// pipe or a file. The terminal is a pseudo-terminal from util-linux's
// `script`.
#include "cli/progress.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "model/model_builder.h"
#include "test_support.h"

namespace arenaplan {
namespace {

// A model whose buffers have random lifetimes and sizes (CUSTOM ops create
// and end them), too hard to prove optimal in a few seconds: `count`
// tensors over `steps` ops.
std::vector<uint8_t> HardModel(int count, int steps) {
  uint32_t x = 2654435761u;
  const auto next = [&] {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
  };
  SubgraphSpec g;
  g.ops.resize(steps);
  for (int s = 0; s < steps; ++s) {
    g.ops[s].code = 32;  // CUSTOM
    g.ops[s].custom_code = "interval";
  }
  for (int t = 0; t < count; ++t) {
    TensorSpec tensor;
    tensor.name = "t" + std::to_string(t);
    tensor.shape = {static_cast<int32_t>(16 * (1 + next() % 64))};
    tensor.type = tensor_type::kInt8;
    g.tensors.push_back(tensor);
    const int from = static_cast<int>(next() % (steps - 9));
    const int to = from + 1 + static_cast<int>(next() % 8);
    g.ops[from].outputs.push_back(t);
    g.ops[to].inputs.push_back(t);
  }
  return BuildModel(MakeModel({g}));
}

// util-linux's `script` is there and can open a pseudo-terminal (a
// container without /dev/pts cannot).
bool HaveScript() {
  return std::system(
             "script -qec true /dev/null > /dev/null 2>&1 "
             "< /dev/null") == 0;
}

// Runs the CLI with a pseudo-terminal as stdin, stdout and stderr; returns
// everything it printed.
std::string RunOnTerminal(const std::string& args, const std::string& dir) {
  const std::string log = dir + "/terminal.txt";
  const std::string command = "script -qec \"" + std::string(ARENAPLAN_CLI) +
                              " " + args + "\" /dev/null > " + log +
                              " 2>&1 < /dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0);
  return testing::ReadText(log);
}

TEST(Progress, LineNamesBestBoundAndSeconds) {
  SolveProgress p;
  p.best_height = 1024;
  p.lower_bound = 960;
  p.elapsed_seconds = 1.25;
  EXPECT_EQ(cli::TerminalProgress::Line(p), "best 1024  bound 960  1.2 s   ");
}

std::string Printed(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text += static_cast<char>(c);
  return text;
}

SolveProgress At(double seconds) {
  SolveProgress p;
  p.best_height = 2048;
  p.lower_bound = 1024;
  p.elapsed_seconds = seconds;
  return p;
}

TEST(Progress, OnlyAfterTheDelayAndOnlyOnATerminal) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    cli::TerminalProgress progress(1.0, file, /*terminal=*/true);
    const auto callback = progress.Callback();
    ASSERT_TRUE(static_cast<bool>(callback));
    callback(At(0.2));
    callback(At(0.8));
    EXPECT_EQ(Printed(file), "") << "nothing in the first second";
    callback(At(1.2));
    EXPECT_EQ(Printed(file), "\rbest 2048  bound 1024  1.2 s   ");
  }
  // Cleared at the end, so the plan's own lines start on a clean line.
  EXPECT_EQ(Printed(file), "\rbest 2048  bound 1024  1.2 s   \r" +
                               std::string(60, ' ') + "\r");
  std::fclose(file);

  cli::TerminalProgress piped(1.0, stderr, /*terminal=*/false);
  EXPECT_FALSE(static_cast<bool>(piped.Callback()));
}

TEST(Progress, LongPlanOnATerminalShowsIt) {
  if (!HaveScript()) {
    GTEST_SKIP() << "no pseudo-terminal here (util-linux `script` missing "
                    "or /dev/pts not mounted)";
  }
  const std::string dir = testing::TempDir("progress");
  testing::WriteFile(dir + "/hard.tflite", HardModel(3000, 400));
  const std::string out = RunOnTerminal(
      "plan " + dir + "/hard.tflite --time-limit 3 --report " + dir + "/r.json",
      dir);
  ASSERT_NE(out.find("arena:"), std::string::npos) << out;
  const std::string report = testing::ReadText(dir + "/r.json");
  const double solve_seconds =
      std::atof(report.substr(report.find("\"seconds\": ") + 11).c_str());
  const size_t line = out.find("\rbest ");
  if (solve_seconds < 1.5 && line == std::string::npos) {
    GTEST_SKIP() << "the plan took only " << solve_seconds
                 << " s here: too quick to show progress";
  }
  ASSERT_NE(line, std::string::npos) << "no progress line on the terminal:\n"
                                     << out;
  EXPECT_NE(out.find(" bound ", line), std::string::npos) << out;
  // Shown only after a second.
  const double seconds =
      std::atof(out.substr(out.find(" s ", line) - 3, 3).c_str());
  EXPECT_GE(seconds, 1.0) << out;

  // In a pipe: nothing but the plan.
  const auto piped =
      testing::RunCli({"plan", dir + "/hard.tflite", "--time-limit", "3"});
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err.find("best "), std::string::npos) << piped.err;
}

TEST(Progress, QuickPlanOnATerminalShowsNone) {
  if (!HaveScript()) {
    GTEST_SKIP() << "no pseudo-terminal here (util-linux `script` missing "
                    "or /dev/pts not mounted)";
  }
  const std::string dir = testing::TempDir("no_progress");
  const std::string out = RunOnTerminal("plan --example", dir);
  ASSERT_NE(out.find("arena:"), std::string::npos) << out;
  EXPECT_EQ(out.find("best "), std::string::npos) << out;
}

}  // namespace
}  // namespace arenaplan
