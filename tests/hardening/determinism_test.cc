// Same input and options, same bytes: whatever the thread count and the
// machine's load (runs go two at a time to load the machine).
#include <gtest/gtest.h>

#include <future>

#include "hardening_support.h"
#include "test_support.h"

namespace arenaplan {
namespace {

std::string Output(const std::vector<std::string>& args,
                   const std::string& file) {
  const auto run = hardening::RunCliLimited(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return file.empty() ? run.out : testing::ReadText(file);
}

TEST(Determinism, BuffersTwice) {
  auto a = std::async(std::launch::async, Output,
                      std::vector<std::string>{"buffers", "--example"}, "");
  const std::string b = Output({"buffers", "--example"}, "");
  EXPECT_EQ(a.get(), b);
}

TEST(Determinism, SolveWithANodeLimitAcrossThreadsAndLoad) {
  const std::string dir = testing::TempDir("solve");
  testing::WriteText(dir + "/p.csv", hardening::RandomProblemCsv(400, 60, 3));
  const auto solve = [&](const std::string& threads, const std::string& out) {
    return Output({"solve", dir + "/p.csv", "--node-limit", "20000",
                   "--time-limit", "0", "--threads", threads, "-o", out},
                  out);
  };
  auto loaded = std::async(std::launch::async, solve, "2", dir + "/a.csv");
  const std::string one_thread = solve("1", dir + "/b.csv");
  const std::string two_threads = loaded.get();
  const std::string again = solve("2", dir + "/c.csv");
  EXPECT_EQ(one_thread, two_threads);
  EXPECT_EQ(two_threads, again);
}

// Every output of `plan --deterministic`, byte for byte, two runs at once.
TEST(Determinism, PlanDeterministicOutputs) {
  const std::string dir = testing::TempDir("plan");
  const auto plan = [&](const std::string& tag) {
    const auto run = hardening::RunCliLimited(
        {"plan", "--example", "--deterministic", "--report",
         dir + "/" + tag + ".json", "--tflite", dir + "/" + tag + ".tflite",
         "--svg", dir + "/" + tag + ".svg"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    // The "wrote:" lines name the files, which differ by tag.
    std::string out = run.out;
    const std::string prefix = dir + "/" + tag + ".";
    for (size_t at; (at = out.find(prefix)) != std::string::npos;) {
      out.replace(at, prefix.size(), "OUT.");
    }
    return out;
  };
  auto first = std::async(std::launch::async, plan, "a");
  const std::string second_out = plan("b");
  EXPECT_EQ(first.get(), second_out);
  for (const char* ext : {".json", ".tflite", ".svg"}) {
    const std::string a = testing::ReadText(dir + "/a" + ext);
    EXPECT_FALSE(a.empty()) << ext;
    EXPECT_EQ(a, testing::ReadText(dir + "/b" + ext)) << ext;
  }
  EXPECT_EQ(testing::ReadText(dir + "/a.json").find("\"seconds\""),
            std::string::npos);
}

}  // namespace
}  // namespace arenaplan
