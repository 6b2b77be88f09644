// MiniMalloc's challenging instances (when ../shared is present): plans are
// verified; nine are proved at the known minimum, and on D and J (minimum
// unknown) the plan is below the best MiniMalloc published. Node limits keep
// the runs deterministic; times are shown by bench/, not checked here.
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

// Solves challenging instance `name` under a node limit (deterministic) and
// checks that the plan verifies.
SolveResult SolveInstance(const std::string& name, int64_t node_limit) {
  const std::string path = testing::SharedDir() +
                           "/corpus/minimalloc/challenging/" + name +
                           ".1048576.csv";
  const ProblemCsv csv = ReadProblemCsv(path);
  SolveOptions options;
  options.time_limit_seconds = 0;
  options.node_limit = node_limit;
  SolveResult result = Solve(csv.problem, options);
  EXPECT_TRUE(VerifyPlan(csv.problem, result.plan).ok) << name;
  return result;
}

class MiniMallocTest : public ::testing::TestWithParam<Known> {};

TEST_P(MiniMallocTest, ProvesTheKnownMinimum) {
  ARENAPLAN_REQUIRE_SHARED();
  // 2 M nodes: ample for these.
  const SolveResult result = SolveInstance(GetParam().name, 2'000'000);
  EXPECT_EQ(result.height, GetParam().minimum);
  EXPECT_TRUE(result.optimal);
}

INSTANTIATE_TEST_SUITE_P(
    Quick, MiniMallocTest,
    ::testing::Values(Known{"A", 1048576}, Known{"B", 1048576},
                      Known{"C", 1039360}, Known{"E", 1048576},
                      Known{"F", 1048576}, Known{"G", 1048576},
                      Known{"H", 1048576}, Known{"I", 1048576},
                      Known{"K", 1048576}),
    [](const auto& info) { return info.param.name; });

// MiniMalloc found nothing below these within 240 s (ASPLOS 2024).
class MiniMallocOpenTest : public ::testing::TestWithParam<Known> {};

TEST_P(MiniMallocOpenTest, BeatsTheBestMiniMallocPublished) {
  ARENAPLAN_REQUIRE_SHARED();
  const SolveResult result = SolveInstance(GetParam().name, 300'000);
  EXPECT_LT(result.height, GetParam().minimum);
  EXPECT_LE(result.lower_bound, result.height);
}

INSTANTIATE_TEST_SUITE_P(Open, MiniMallocOpenTest,
                         ::testing::Values(Known{"D", 1038336},
                                           Known{"J", 1041408}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace arenaplan
