// The built-in example as `scripts/example.sh` shows it to a new user: TFLM's
// greedy planner above the optimum, and in-place sharing lowering the bound.
#include <gtest/gtest.h>

#include "test_support.h"

namespace arenaplan::testing {
namespace {

TEST(Example, GreedyAboveTheOptimumAndSharingLowersTheBound) {
  const CommandResult r = RunCli({"plan", "--example"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The example is built so that TFLM's greedy ends above the optimum and
  // HARD_SWISH sharing (elementwise) lowers the bound by a quarter.
  const std::string expected =
      "lower bound:  8192 bytes\n"
      "TFLM greedy:  10240 bytes (arenaplan saves 2048 bytes, 20.0%)\n"
      "in-place:     safe, 1 shared pair(s); bound without sharing 8192 "
      "bytes\n"
      "elementwise:  --inplace elementwise would bring the bound to 6144 "
      "bytes (-25.0% from this plan's bound)\n"
      "peak:         8192 bytes alive at step 3 (op 2 HARD_SWISH):\n"
      "  4096 B  block1/expand  1x16x16x16 INT8\n"
      "  4096 B  block1/hard_swish  1x16x16x16 INT8\n";
  EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("arena:        8192 bytes (optimal, "),
            std::string::npos)
      << r.out;
  const CommandResult shared =
      RunCli({"plan", "--example", "--inplace", "elementwise"});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  EXPECT_NE(shared.out.find("arena:        6144 bytes (optimal, "),
            std::string::npos)
      << shared.out;
  EXPECT_NE(shared.out.find("in-place:     elementwise, 3 shared pair(s); "
                            "bound without sharing 8192 bytes, with sharing "
                            "6144 bytes (-25.0%)\n"),
            std::string::npos)
      << shared.out;
}

}  // namespace
}  // namespace arenaplan::testing
