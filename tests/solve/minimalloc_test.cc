// MiniMalloc's challenging instances (when ../shared is present): plans are
// verified and, for the quick ones, proved at the known minimum. Times are
// shown by bench/, not checked here.
#include <gtest/gtest.h>

#include "plan/verifier.h"
#include "problem/problem_csv.h"
#include "solve/solver.h"
#include "test_support.h"

namespace arenaplan {
namespace {

struct Known {
  const char* name;
  int64_t minimum;
};

class MiniMallocTest : public ::testing::TestWithParam<Known> {};

TEST_P(MiniMallocTest, ProvesTheKnownMinimum) {
  ARENAPLAN_REQUIRE_SHARED();
  const std::string path = testing::SharedDir() +
                           "/corpus/minimalloc/challenging/" + GetParam().name +
                           ".1048576.csv";
  const ProblemCsv csv = ReadProblemCsv(path);
  SolveOptions options;
  options.time_limit_seconds = 0;
  options.node_limit = 2'000'000;  // deterministic; ample for these two
  const SolveResult result = Solve(csv.problem, options);
  ASSERT_TRUE(VerifyPlan(csv.problem, result.plan).ok);
  EXPECT_EQ(result.height, GetParam().minimum);
  EXPECT_TRUE(result.optimal);
}

INSTANTIATE_TEST_SUITE_P(Quick, MiniMallocTest,
                         ::testing::Values(Known{"C", 1039360},
                                           Known{"F", 1048576}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace arenaplan
